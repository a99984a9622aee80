import { InputError } from '../../common/errors.ts';
import type { GraphEngine } from './graph-engine.ts';

/** How far a prompt is quoted in an error message. */
const QUOTE = 40;

/**
 * A prompt's model input: BOS (unless `bos` is false) and its tokens. Interpretability runs
 * look at every position, so a prompt over the context is refused rather than cut.
 */
export function promptTokenIds(engine: GraphEngine, prompt: string, bos = true): number[] {
  if (typeof prompt !== 'string' || prompt.length === 0) throw new InputError('empty_prompt', 'the prompt is empty: give some text for the model to continue');
  const ids = engine.encode(prompt);
  const room = engine.contextLength - (bos ? 1 : 0);
  if (ids.length > room) {
    const quoted = prompt.length > QUOTE ? `${prompt.slice(0, QUOTE)}…` : prompt;
    throw new InputError('prompt_too_long', `the prompt "${quoted}" is ${ids.length} tokens${bos ? ' (+1 for <|endoftext|>)' : ''}, over the model's context of ${engine.contextLength}; shorten it`);
  }
  return bos ? [engine.graph.bosId, ...ids] : ids;
}
