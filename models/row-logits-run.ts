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
 *
 * With `capacity`, a buffer cache: each tensor is [batch, n_head, capacity, head_size] with its
 * first `length` columns filled, and a run on it writes its new columns into the same buffers
 * (so a run may use it once: the next past is the cache that run returns). The columns past
 * `length` are masked out of attention (see `runRowScores`).
 */
export interface KvCache {
  readonly length: number;
  readonly capacity?: number;
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
 * one, length 0, for every `past_key_values.*` input when there is none). A scoring run asks for
 * no `logits` rows; a logits-only run (`scoring` false) asks for the rows' logits.
 */
export function rowScoreFeeds(session: ort.InferenceSession, step: CachedStep, request: RowScoreRequest, cache: CacheShape, vocabSize: number, scoring = true): { feeds: Record<string, ort.Tensor>; targetsPerRow: number; k: number } {
  const { batch, width } = step.batch;
  const dims = [batch, width];
  const score = rowScoreInputs(request, vocabSize, scoring);
  // a buffer cache's tensors hold `capacity` columns; the mask covers all of them (bufferStep)
  const pastLength = step.past ? (step.past.capacity ?? step.past.length) : 0;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', step.batch.inputIds, dims),
    attention_mask: new ort.Tensor('int64', step.attentionMask ?? step.batch.attentionMask, [batch, pastLength + width]),
    position_ids: new ort.Tensor('int64', step.batch.positionIds, dims),
    [LOGIT_ROWS_INPUT]: scoring ? new ort.Tensor('int64', new BigInt64Array(0), [0]) : new ort.Tensor('int64', BigInt64Array.from(request.rows, (r) => BigInt(r)), [request.rows.length]),
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
 *
 * Given a `capacity` (a generation that knows how many tokens it will add), and where the graph
 * has `present_new.*` outputs, the cache lives in buffers of that many columns: each run fetches
 * its own new columns only and writes them into the buffers. Fetching the whole `present.*` every
 * step copied 37 MB out of onnxruntime per token at 512 tokens of GPT-2 small, about as long as
 * the step's own matrix work.
 */
export async function runRowScores(
  session: ort.InferenceSession,
  step: CachedStep,
  request: RowScoreRequest,
  cache: CacheShape,
  vocabSize: number,
  options: { keepCache?: boolean; capacity?: number; extraFeeds?: Record<string, ort.Tensor> } = {},
): Promise<{ scores: RowScores; cache?: KvCache }> {
  const keep = options.keepCache ?? false;
  const buffered = keep && Boolean(options.capacity) && session.outputNames.some((n) => n.startsWith('present_new.'));
  const { feeds, targetsPerRow, k } = rowScoreFeeds(session, bufferStep(step), request, cache, vocabSize);
  Object.assign(feeds, options.extraFeeds ?? {});
  const presentNames = keep ? session.outputNames.filter((n) => n.startsWith(buffered ? 'present_new.' : 'present.')) : [];
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
  if (!keep) return { scores };
  if (buffered) {
    const added = Object.fromEntries(presentNames.map((n) => [n.replace(/^present_new\./, 'past_key_values.'), out[n]]));
    return { scores, cache: appendColumns(step.past, added, options.capacity!) };
  }
  const tensors = Object.fromEntries(presentNames.map((n) => [n.replace(/^present\./, 'past_key_values.'), out[n]]));
  return { scores, cache: { length: (step.past?.length ?? 0) + step.batch.width, tensors } };
}

/**
 * The step as the graph runs it: on a buffer cache, the attention mask spans the buffers'
 * columns, the unfilled ones masked, then the new tokens. The queries' causal limit is unchanged
 * (a new token sees every buffer column and the new ones up to itself), and a masked column adds
 * an exact zero to each softmax sum.
 */
function bufferStep(step: CachedStep): CachedStep {
  const past = step.past;
  if (!past?.capacity || past.capacity === past.length) return step;
  const { batch, width } = step.batch;
  const mask = step.attentionMask ?? step.batch.attentionMask;
  const from = past.length + width;
  const to = past.capacity + width;
  const wide = new BigInt64Array(batch * to);
  for (let b = 0; b < batch; b++) {
    wide.set(mask.subarray(b * from, b * from + past.length), b * to);
    wide.set(mask.subarray(b * from + past.length, (b + 1) * from), b * to + past.capacity);
  }
  return { ...step, attentionMask: wide };
}

/** Columns [0, columns) of a [batch, n_head, capacity, head_size] tensor, into a tensor of `room` ≥ columns columns. */
function sliceColumns(tensor: ort.Tensor, columns: number, room: number): ort.Tensor {
  const [batch, heads, capacity, size] = tensor.dims;
  const data = tensor.data as Float32Array;
  const out = new Float32Array(batch * heads * room * size);
  for (let bh = 0; bh < batch * heads; bh++) out.set(data.subarray(bh * capacity * size, (bh * capacity + columns) * size), bh * room * size);
  return new ort.Tensor('float32', out, [batch, heads, room, size]);
}

/**
 * The cache after a run that added `added` ([batch, n_head, width, head_size] per name) to
 * `past`: written into past's buffers when they have room, else into new buffers of `capacity`
 * columns (at least past + width: a full buffer grows, the graph knows no fixed length).
 */
function appendColumns(past: KvCache | undefined, added: Record<string, ort.Tensor>, capacity: number): KvCache {
  const length = past?.length ?? 0;
  const width = Object.values(added)[0].dims[2];
  const reuse = past?.capacity !== undefined && past.capacity >= length + width;
  const room = reuse ? past!.capacity! : Math.max(capacity, length + width);
  const tensors: Record<string, ort.Tensor> = {};
  for (const [name, add] of Object.entries(added)) {
    const buffer = reuse ? past!.tensors[name] : past ? sliceColumns(past.tensors[name], length, room) : undefined;
    const [batch, heads, , size] = add.dims;
    const target = buffer ?? new ort.Tensor('float32', new Float32Array(batch * heads * room * size), [batch, heads, room, size]);
    const into = target.data as Float32Array;
    const from = add.data as Float32Array;
    for (let bh = 0; bh < batch * heads; bh++) into.set(from.subarray(bh * width * size, (bh + 1) * width * size), (bh * room + length) * size);
    tensors[name] = target;
  }
  return { length: length + width, capacity: room, tensors };
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
  return { length: cache.length, ...(cache.capacity === undefined ? {} : { capacity: cache.capacity }), tensors };
}

/** Bytes one row of a cache holds per column (every layer's keys and values). */
export function cacheBytesPerColumn(cache: KvCache): number {
  return Object.values(cache.tensors).reduce((sum, t) => sum + (t.data as Float32Array).byteLength / (t.dims[0] * t.dims[2]), 0);
}
