import { InputError } from '../../common/errors.ts';
import { sample, seededRng } from '../../common/random.ts';
import { tokenBatch, type LayerRunner, type TokenBatch } from './layer-runner.ts';

/** The attention detectors, each a rule for which keys a query "should" attend to. */
export const HEAD_SCORE_KINDS = ['previous_token', 'duplicate_token', 'induction'] as const;
export type HeadScoreKind = (typeof HEAD_SCORE_KINDS)[number];

/** [layer][head] per detector: mean attention a head puts on the detector's keys. */
export type HeadScoreGrids = Record<HeadScoreKind, number[][]>;

/**
 * The keys each detector expects query q of `ids` to attend to (positions in the sequence):
 * the previous token; earlier occurrences of the same token; the tokens right after earlier
 * occurrences (what an induction head copies). Empty when the rule has no key for q.
 */
export function detectorKeys(kind: HeadScoreKind, ids: number[], q: number): number[] {
  if (kind === 'previous_token') return q >= 1 ? [q - 1] : [];
  const keys: number[] = [];
  for (let j = 0; j < q; j++) {
    if (ids[j] !== ids[q]) continue;
    if (kind === 'duplicate_token') keys.push(j);
    else if (j + 1 < q) keys.push(j + 1);
  }
  return keys;
}

/**
 * Mean, over sequences and over the queries a detector has keys for, of the attention a head
 * puts on those keys (summed): 1 for a head that does exactly what the detector describes.
 * `queries` picks the query positions considered (default: every position).
 *
 * @example headScoresFromPatterns(patterns, batch, 2, 2).induction // [[0.01, 0.02], [0.97, 0.03]]: head 1.0 is an induction head
 */
export function headScoresFromPatterns(
  patterns: Float32Array[],
  batch: TokenBatch,
  nHead: number,
  queries: (ids: number[]) => number[] = (ids) => ids.map((_, q) => q),
): HeadScoreGrids {
  const W = batch.width;
  const grids = {} as HeadScoreGrids;
  for (const kind of HEAD_SCORE_KINDS) {
    grids[kind] = patterns.map((pattern) =>
      Array.from({ length: nHead }, (_, h) => {
        let sum = 0;
        let count = 0;
        batch.ids.forEach((ids, b) => {
          const pad = batch.padOf[b];
          for (const q of queries(ids)) {
            const keys = detectorKeys(kind, ids, q);
            if (keys.length === 0) continue;
            const row = ((b * nHead + h) * W + pad + q) * W + pad;
            for (const k of keys) sum += pattern[row + k];
            count++;
          }
        });
        return count === 0 ? Number.NaN : sum / count;
      }),
    );
  }
  return grids;
}

export interface RepeatedSequenceOptions {
  /** sequences to average over; default 20 */
  n?: number;
  /** random tokens before the repeat; default 20 */
  length?: number;
  seed?: number;
  /** token ids to draw from; default every id but BOS */
  pool?: number[];
}

/**
 * `BOS r₁ … r_len r₁ … r_len` with distinct random tokens, as TransformerLens's head
 * detectors and the induction-head papers use: in the repeat, a duplicate-token head attends
 * len back, an induction head len − 1 back.
 */
export function repeatedRandomSequences(bosId: number, vocabSize: number, options: RepeatedSequenceOptions = {}): number[][] {
  const n = options.n ?? 20;
  const length = options.length ?? 20;
  const pool = options.pool ?? Array.from({ length: vocabSize }, (_, i) => i).filter((i) => i !== bosId);
  if (!Number.isInteger(n) || n < 1) throw new InputError('bad_option', `n must be a whole number ≥ 1 (got ${n})`);
  if (!Number.isInteger(length) || length < 2) throw new InputError('bad_option', `length must be a whole number ≥ 2 (got ${length})`);
  if (length > pool.length) throw new InputError('bad_option', `length ${length} is more than the ${pool.length} tokens to draw from`);
  const rng = seededRng(options.seed ?? 0);
  return Array.from({ length: n }, () => {
    const r = sample(rng, pool, length);
    return [bosId, ...r, ...r];
  });
}

export interface HeadScoresReport {
  model: string;
  /** what the scores were measured on */
  source: string;
  n: number;
  n_layer: number;
  n_head: number;
  scores: HeadScoreGrids;
}

/** Head scores on sequences (all positions), batched under `maxTokens` tokens per run. */
export async function headScores(runner: LayerRunner, sequences: number[][], options: { queries?: (ids: number[]) => number[]; maxTokens?: number } = {}): Promise<HeadScoreGrids> {
  const { nLayer: L, nHead: H } = runner.config;
  const maxTokens = options.maxTokens ?? 4096;
  const sums = Object.fromEntries(HEAD_SCORE_KINDS.map((k) => [k, Array.from({ length: L }, () => new Array<number>(H).fill(0))])) as HeadScoreGrids;
  const weights = Object.fromEntries(HEAD_SCORE_KINDS.map((k) => [k, 0])) as Record<HeadScoreKind, number>;
  const counts = (batch: TokenBatch, kind: HeadScoreKind) =>
    batch.ids.reduce((n, ids) => n + (options.queries ?? ((x: number[]) => x.map((_, q) => q)))(ids).filter((q) => detectorKeys(kind, ids, q).length > 0).length, 0);
  let start = 0;
  while (start < sequences.length) {
    let end = start + 1;
    let width = sequences[start].length;
    while (end < sequences.length && Math.max(width, sequences[end].length) * (end - start + 1) <= maxTokens) width = Math.max(width, sequences[end++].length);
    const batch = tokenBatch(sequences.slice(start, end));
    const run = await runner.forward(batch, runner.embed(batch), { patterns: true });
    const grids = headScoresFromPatterns(run.patterns!, batch, H, options.queries);
    for (const kind of HEAD_SCORE_KINDS) {
      const c = counts(batch, kind);
      if (c === 0) continue;
      grids[kind].forEach((row, l) => row.forEach((v, h) => (sums[kind][l][h] += v * c)));
      weights[kind] += c;
    }
    start = end;
  }
  for (const kind of HEAD_SCORE_KINDS) sums[kind] = sums[kind].map((row) => row.map((v) => (weights[kind] === 0 ? Number.NaN : v / weights[kind])));
  return sums;
}
