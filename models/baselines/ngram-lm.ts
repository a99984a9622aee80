import { BaselineLM, type BaselineBase } from './baseline-lm.ts';

/** pseudo-counts of the unigram prior in every bigram distribution (Dirichlet smoothing) */
const PRIOR_WEIGHT = 5;

/**
 * The bigram baseline built from a corpus: P(next | previous token) from counts, smoothed
 * towards the corpus unigram (so unseen pairs stay possible). It knows local word statistics
 * and nothing beyond the previous token: a behaviour that needs the context further back
 * (induction, IOI, closing the right tag) is beyond it.
 */
export class BigramLM extends BaselineLM {
  private readonly pairs = new Map<number, Map<number, number>>();
  private readonly totals = new Map<number, number>();

  constructor(
    base: BaselineBase,
    corpusIds: ArrayLike<number>,
    /** log P(token) of the same corpus (`corpusLogProbs`): the prior */
    private readonly unigram: Float32Array,
  ) {
    super('bigram', base);
    for (let i = 1; i < corpusIds.length; i++) {
      const prev = corpusIds[i - 1];
      let row = this.pairs.get(prev);
      if (!row) this.pairs.set(prev, (row = new Map()));
      row.set(corpusIds[i], (row.get(corpusIds[i]) ?? 0) + 1);
      this.totals.set(prev, (this.totals.get(prev) ?? 0) + 1);
    }
  }

  logProbOf(context: ArrayLike<number>, token: number): number {
    const prev = context[context.length - 1];
    const total = this.totals.get(prev) ?? 0;
    const count = this.pairs.get(prev)?.get(token) ?? 0;
    if (count === 0) return Math.fround(this.unigram[token] + Math.log(PRIOR_WEIGHT / (total + PRIOR_WEIGHT)));
    return Math.fround(Math.log((count + PRIOR_WEIGHT * Math.exp(this.unigram[token])) / (total + PRIOR_WEIGHT)));
  }

  protected fillRow(context: ArrayLike<number>, row: Float32Array): void {
    const prev = context[context.length - 1];
    const total = this.totals.get(prev) ?? 0;
    // P(v | prev) = (count(prev, v) + k · P(v)) / (count(prev) + k)
    const shift = Math.log(PRIOR_WEIGHT / (total + PRIOR_WEIGHT));
    for (let v = 0; v < row.length; v++) row[v] = this.unigram[v] + shift;
    for (const [v, count] of this.pairs.get(prev) ?? []) {
      row[v] = Math.log((count + PRIOR_WEIGHT * Math.exp(this.unigram[v])) / (total + PRIOR_WEIGHT));
    }
  }
}
