import { BaselineLM, type BaselineBase } from './baseline-lm.ts';

/**
 * Zipf's law over the tokenizer's merge order. GPT-2's byte-level BPE numbers its tokens in
 * merge order (ids 0–255 are the bytes, id 256 + r is merge r), and merges were learned most
 * frequent pair first, so a token's id is a rank of its frequency: P(id) ∝ 1 / (id + 10).
 */
export function rankLogProbs(vocabSize: number): Float32Array {
  const weights = Array.from({ length: vocabSize }, (_, id) => 1 / (id + 10));
  const log = Math.log(weights.reduce((a, b) => a + b, 0));
  return Float32Array.from(weights, (w) => Math.log(w) - log);
}

/** Token frequencies of a tokenized corpus, add-one smoothed so every token stays possible. */
export function corpusLogProbs(vocabSize: number, corpusIds: ArrayLike<number>): Float32Array {
  const counts = new Float64Array(vocabSize).fill(1);
  for (let i = 0; i < corpusIds.length; i++) counts[corpusIds[i]]++;
  const log = Math.log(corpusIds.length + vocabSize);
  return Float32Array.from(counts, (c) => Math.log(c) - log);
}

/**
 * The unigram baseline: the same next-token distribution after every context (token
 * frequencies, from a corpus or from the merge order). It cannot react to the prompt at all,
 * so it shows what the answer's sheer frequency buys: a clean/control effect of exactly 0.
 */
export class UnigramLM extends BaselineLM {
  constructor(
    base: BaselineBase,
    /** log P(token), length vocabSize: `rankLogProbs` or `corpusLogProbs` */
    readonly logProbs: Float32Array,
  ) {
    super('unigram', base);
  }

  logProbOf(_context: ArrayLike<number>, token: number): number {
    return this.logProbs[token];
  }

  protected fillRow(_context: ArrayLike<number>, row: Float32Array): void {
    row.set(this.logProbs);
  }
}
