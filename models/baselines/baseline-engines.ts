import { readFile } from 'node:fs/promises';
import { InputError } from '../../common/errors.ts';
import { ScoringEngine } from '../scoring-engine.ts';
import type { BaselineBase, BaselineLM } from './baseline-lm.ts';
import { CopierLM } from './copier-lm.ts';
import { BigramLM } from './ngram-lm.ts';
import { corpusLogProbs, rankLogProbs, UnigramLM } from './unigram-lm.ts';

/** the part of a corpus file the baselines learn from: enough for bigram statistics, tokenized in seconds */
export const BASELINE_CORPUS_MAX_CHARS = 2_000_000;

export interface BaselineEngine {
  name: string;
  /** the baseline as a model: what the evaluator reads log-probs from */
  lm: BaselineLM;
  /** the same model behind the scoring engine, for any command that takes an engine */
  engine: ScoringEngine;
}

/**
 * A baseline corpus's text, the part the baselines learn from: read before any model is loaded,
 * so that a file that can't be read (or is empty) is one line at once, not after the load.
 */
export async function readBaselineCorpusText(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError('bad_option', `cannot read the baseline corpus ${file}${code ? ` (${code})` : ''}: give a readable text file`);
  }
  if (text.trim().length === 0) throw new InputError('bad_option', `the baseline corpus ${file} is empty: give a text file to count tokens in`);
  return text.slice(0, BASELINE_CORPUS_MAX_CHARS);
}

/** A baseline corpus's text (`readBaselineCorpusText`) as the model's tokens. */
export function tokenizeBaselineCorpus(text: string, base: BaselineBase): number[] {
  return base.tokenizer.encode(text, { add_special_tokens: false });
}

/**
 * The baselines every evaluation is compared with, on the model's own tokenizer: the copier,
 * a unigram (from the corpus when one is given, else from the merge order), and a bigram when a
 * corpus is given.
 */
export function baselineEngines(base: BaselineBase, corpusIds?: readonly number[]): BaselineEngine[] {
  const unigram = corpusIds ? corpusLogProbs(base.vocabSize, corpusIds) : rankLogProbs(base.vocabSize);
  const models: BaselineLM[] = [new CopierLM(base), new UnigramLM(base, unigram)];
  if (corpusIds) models.push(new BigramLM(base, corpusIds, unigram));
  // one row at a time costs nothing here; large batches only add padding
  return models.map((m) => ({ name: m.name, lm: m, engine: new ScoringEngine(m, { maxBatchTokens: 4096, maxBatchSize: 64 }) }));
}
