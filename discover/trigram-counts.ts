import { InputError } from '../common/errors.ts';

/** pseudo-counts of the lower-order distribution in each higher-order one (Dirichlet smoothing, as BigramLM) */
const PRIOR_WEIGHT = 5;

/**
 * Most tokens one count holds: each of its maps gets at most one entry per token counted, and
 * V8 caps a Map at 2^24 (16.7 million) entries, past which it throws a RangeError. Half of that
 * leaves room, and is ~8 M tokens: some 10,000 OpenWebText documents.
 */
export const MAX_COUNTED_TOKENS = 2 ** 23;

/**
 * Token, pair and triple counts of a tokenized corpus, and the interpolated trigram model they
 * give: P(c | a b) = (n(abc) + K·P(c | b)) / (n(ab·) + K), P(c | b) likewise over the unigram,
 * and the unigram add-one smoothed over the vocabulary. It knows the last two tokens and the
 * corpus statistics, nothing further back: a prediction it cannot make comes from the context.
 *
 * `exclude` subtracts another count (a document's own) before the estimate: scoring a document
 * against the corpus without it (leave one document out), so a span that repeats inside one
 * document is not "known" to the baseline from its own first occurrence.
 *
 * @example
 * const counts = new TrigramCounts(50_257); counts.add([1, 2, 3, 1, 2, 3]);
 * counts.logProb(1, 2, 3) > counts.logProb(1, 2, 4) // true
 */
export class TrigramCounts {
  private readonly unigrams = new Map<number, number>();
  private readonly pairs = new Map<number, number>();
  private readonly pairContexts = new Map<number, number>();
  private readonly triples = new Map<number, number>();
  private readonly tripleContexts = new Map<number, number>();
  private total = 0;

  constructor(
    readonly vocabSize: number,
    private readonly maxTokens = MAX_COUNTED_TOKENS,
  ) {}

  get tokens(): number {
    return this.total;
  }

  /** Count one document (n-grams never cross documents); past `maxTokens` in all, a one-line refusal. */
  add(ids: ArrayLike<number>): this {
    if (this.total + ids.length > this.maxTokens) {
      throw new InputError(
        'bad_option',
        `the n-gram baseline counts at most ${this.maxTokens.toLocaleString('en-US')} tokens, and these documents have more: read fewer documents (--n-docs), or shorter ones`,
      );
    }
    const v = this.vocabSize;
    for (let i = 0; i < ids.length; i++) {
      const c = ids[i];
      bump(this.unigrams, c);
      this.total++;
      if (i >= 1) {
        const b = ids[i - 1];
        bump(this.pairs, b * v + c);
        bump(this.pairContexts, b);
        if (i >= 2) {
          const ab = ids[i - 2] * v + b;
          bump(this.triples, ab * v + c);
          bump(this.tripleContexts, ab);
        }
      }
    }
    return this;
  }

  /** log P(c | a b); `a` or `b` undefined when the context is shorter. */
  logProb(a: number | undefined, b: number | undefined, c: number, exclude?: TrigramCounts): number {
    const v = this.vocabSize;
    const minus = (own: Map<number, number>, other: Map<number, number> | undefined, key: number): number => (own.get(key) ?? 0) - (other?.get(key) ?? 0);
    const total = this.total - (exclude?.total ?? 0);
    let p = (minus(this.unigrams, exclude?.unigrams, c) + 1) / (total + v);
    if (b === undefined) return Math.log(p);
    p = (minus(this.pairs, exclude?.pairs, b * v + c) + PRIOR_WEIGHT * p) / (minus(this.pairContexts, exclude?.pairContexts, b) + PRIOR_WEIGHT);
    if (a === undefined) return Math.log(p);
    const ab = a * v + b;
    p = (minus(this.triples, exclude?.triples, ab * v + c) + PRIOR_WEIGHT * p) / (minus(this.tripleContexts, exclude?.tripleContexts, ab) + PRIOR_WEIGHT);
    return Math.log(p);
  }
}

function bump(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
