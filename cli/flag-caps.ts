import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../common/errors.ts';

/**
 * Limits of numeric flags that depend on the model or the machine, known only at run time.
 * Each returns the value to use and, when it had to change it, the note that says so: a
 * flag is never cut down silently.
 */
export interface Capped {
  value: number;
  note?: string;
}

/**
 * --top: no more rows than the vocabulary has tokens.
 *
 * @example capTop(100_000, 50_257) // { value: 50257, note: 'note: --top 100000 is more than the vocabulary (50,257 tokens): listing all of them' }
 */
export function capTop(top: number, vocabSize: number): Capped {
  if (top <= vocabSize) return { value: top };
  return { value: vocabSize, note: `note: --top ${top} is more than the vocabulary (${vocabSize.toLocaleString('en-US')} tokens): listing all of them` };
}

/**
 * --tokens: a continuation ends where the context does (prompt + continuation ≤ context).
 *
 * @example capTokens(2000, 15, 1024) // { value: 1009, note: 'note: --tokens 2000 does not fit: the context holds 1,024 tokens and the prompt takes 15, so the continuation stops after 1,009' }
 */
export function capTokens(tokens: number, promptTokens: number, contextLength: number): Capped {
  const room = Math.max(0, contextLength - promptTokens);
  if (tokens <= room) return { value: tokens };
  const n = (x: number) => x.toLocaleString('en-US');
  return { value: room, note: `note: --tokens ${tokens} does not fit: the context holds ${n(contextLength)} tokens and the prompt takes ${n(promptTokens)}, so the continuation stops after ${n(room)}` };
}

/**
 * Most prompts `hunt eval --n` generates: 10,000 prompts already give 95% intervals about
 * ±1 point wide; more only costs minutes and memory (the queue's evaluate jobs stop at 1,000).
 */
export const EVAL_N_MAX = 10_000;

/** At most this many worker threads per core: more only adds memory (each holds a tokenizer and buffers). */
export const WORKERS_PER_CORE = 2;

/**
 * --workers: at most cores × 2.
 *
 * @example maxWorkers(2) // 4
 */
export function maxWorkers(cores: number = availableParallelism()): number {
  return cores * WORKERS_PER_CORE;
}

/**
 * `--temperature` and `--seed` shape sampling only: given without `--sample` they would be
 * ignored, so they are an error that says what to add.
 */
export function checkSamplingFlags(command: Command): void {
  if (command.getOptionValue('sample')) return;
  const given = ['temperature', 'seed'].filter((name) => command.getOptionValueSource(name) === 'cli');
  if (given.length > 0) {
    throw new InputError('bad_option', `${given.map((g) => `--${g}`).join(' and ')} only ${given.length > 1 ? 'shape' : 'shapes'} sampling: add --sample (greedy decoding ignores ${given.length > 1 ? 'them' : 'it'})`);
  }
}
