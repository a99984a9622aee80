import * as ort from 'onnxruntime-node';
import type { PaddedBatch } from './padded-batch.ts';
import { LOGIT_ROWS_INPUT } from './row-logits-graph.ts';
import { RowScoreNames, rowScoreInputs, type RowScoreRequest, type RowScores } from './row-logits-scores.ts';

/** The sizes of a model's KV cache: [batch, n_head, length, head_size] per layer, keys and values. */
export interface CacheShape {
  nHead: number;
  headSize: number;
}

/**
 * Keys and values of every layer for the tokens run so far (the `present.*` outputs of
 * the last run, fed back as `past_key_values.*`), row for row as the batch they came from.
 */
export interface KvCache {
  readonly length: number;
  readonly tensors: Record<string, ort.Tensor>;
}

/**
 * One run over new tokens that follow a cached past: ids and positions [batch, width] of the
 * new tokens, the attention mask over past + new [batch, length + width], and the past
 * (none: a fresh run). Left padding works as without a cache: masked columns stay masked.
 */
export interface CachedStep {
  batch: PaddedBatch;
  /** attention mask [batch, past + width]; defaults to the batch's own mask when there is no past */
  attentionMask?: BigInt64Array;
  past?: KvCache;
}

/**
 * Feeds for a graph with the row-logits rewrite and the scoring tail (our own GPT-2 graph, or a
 * rewritten hub export): the batch, the rows, the tail's targets and k, and the past (an empty
 * one, length 0, for every `past_key_values.*` input when there is none).
 */
export function rowScoreFeeds(session: ort.InferenceSession, step: CachedStep, request: RowScoreRequest, cache: CacheShape, vocabSize: number, scoring = true): { feeds: Record<string, ort.Tensor>; targetsPerRow: number; k: number } {
  const { batch, width } = step.batch;
  const dims = [batch, width];
  const score = rowScoreInputs(request, vocabSize, scoring);
  const pastLength = step.past?.length ?? 0;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', step.batch.inputIds, dims),
    attention_mask: new ort.Tensor('int64', step.attentionMask ?? step.batch.attentionMask, [batch, pastLength + width]),
    position_ids: new ort.Tensor('int64', step.batch.positionIds, dims),
    [LOGIT_ROWS_INPUT]: new ort.Tensor('int64', BigInt64Array.from(request.rows, (r) => BigInt(r)), [request.rows.length]),
    [RowScoreNames.scoredRows]: new ort.Tensor('int64', score.scoredRows.data, score.scoredRows.dims),
    [RowScoreNames.targets]: new ort.Tensor('int64', score.targets.data, score.targets.dims),
    [RowScoreNames.topK]: new ort.Tensor('int64', score.topK.data, score.topK.dims),
  };
  for (const name of session.inputNames) {
    if (!name.startsWith('past_key_values.')) continue;
    feeds[name] = step.past?.tensors[name] ?? new ort.Tensor('float32', new Float32Array(0), [batch, cache.nHead, 0, cache.headSize]);
  }
  return { feeds, targetsPerRow: score.targetsPerRow, k: score.k };
}

/**
 * Run the scoring tail: only its few outputs per row come back to JS, and, when `keepCache`,
 * the keys and values of past + new tokens for the next step.
 */
export async function runRowScores(
  session: ort.InferenceSession,
  step: CachedStep,
  request: RowScoreRequest,
  cache: CacheShape,
  vocabSize: number,
  options: { keepCache?: boolean; extraFeeds?: Record<string, ort.Tensor> } = {},
): Promise<{ scores: RowScores; cache?: KvCache }> {
  const { feeds, targetsPerRow, k } = rowScoreFeeds(session, step, request, cache, vocabSize);
  Object.assign(feeds, options.extraFeeds ?? {});
  const presentNames = options.keepCache ? session.outputNames.filter((n) => n.startsWith('present.')) : [];
  const out = await session.run(feeds, [
    RowScoreNames.max, RowScoreNames.sumExp, RowScoreNames.targetLogits, RowScoreNames.targetRanks, RowScoreNames.topLogits, RowScoreNames.topIds,
    ...presentNames,
  ]);
  const scores: RowScores = {
    targetsPerRow,
    topK: k,
    max: out[RowScoreNames.max].data as Float32Array,
    sumExp: out[RowScoreNames.sumExp].data as Float64Array,
    targetLogits: out[RowScoreNames.targetLogits].data as Float32Array,
    targetRanks: out[RowScoreNames.targetRanks].data as Float32Array,
    topLogits: out[RowScoreNames.topLogits].data as Float32Array,
    topIds: out[RowScoreNames.topIds].data as BigInt64Array,
  };
  if (!options.keepCache) return { scores };
  const tensors = Object.fromEntries(presentNames.map((n) => [n.replace(/^present\./, 'past_key_values.'), out[n]]));
  return { scores, cache: { length: (step.past?.length ?? 0) + step.batch.width, tensors } };
}

/**
 * A cache whose row r is row `rows[r]` of `cache` (a row may repeat): the past that several
 * continuations of one prompt each read. Keys and values are [batch, n_head, length, d_head],
 * so a row is one contiguous block.
 */
export function selectCacheRows(cache: KvCache, rows: number[]): KvCache {
  const tensors: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(cache.tensors)) {
    const [batch, ...rest] = tensor.dims;
    const data = tensor.data as Float32Array;
    const size = data.length / batch;
    const out = new Float32Array(rows.length * size);
    rows.forEach((row, r) => out.set(data.subarray(row * size, (row + 1) * size), r * size));
    tensors[name] = new ort.Tensor('float32', out, [rows.length, ...rest]);
  }
  return { length: cache.length, tensors };
}

/** Bytes one row of a cache holds per column (every layer's keys and values). */
export function cacheBytesPerColumn(cache: KvCache): number {
  return Object.values(cache.tensors).reduce((sum, t) => sum + (t.data as Float32Array).byteLength / (t.dims[0] * cache.length), 0);
}
