import * as ort from 'onnxruntime-node';
import type { PaddedBatch } from './padded-batch.ts';
import { LOGIT_ROWS_INPUT } from './row-logits-graph.ts';
import { RowScoreNames, rowScoreInputs, type RowScoreRequest, type RowScores } from './row-logits-scores.ts';

/** The sizes a hub export's empty KV-cache inputs need. */
export interface CacheShape {
  nHead: number;
  headSize: number;
}

/**
 * Feeds for a rewritten hub export (row-logits-graph.ts): the batch, the rows, the scoring
 * tail's targets and k, and an empty past for every `past_key_values.*` input (the export
 * takes a cache; with none, the past has length 0).
 */
export function rowLogitsFeeds(session: ort.InferenceSession, padded: PaddedBatch, request: RowScoreRequest, cache: CacheShape, vocabSize: number): { feeds: Record<string, ort.Tensor>; targetsPerRow: number; k: number } {
  const dims = [padded.batch, padded.width];
  const score = rowScoreInputs(request, vocabSize);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', padded.inputIds, dims),
    attention_mask: new ort.Tensor('int64', padded.attentionMask, dims),
    position_ids: new ort.Tensor('int64', padded.positionIds, dims),
    [LOGIT_ROWS_INPUT]: new ort.Tensor('int64', BigInt64Array.from(request.rows, (r) => BigInt(r)), [request.rows.length]),
    [RowScoreNames.targets]: new ort.Tensor('int64', score.targets.data, score.targets.dims),
    [RowScoreNames.topK]: new ort.Tensor('int64', score.topK.data, score.topK.dims),
  };
  for (const name of session.inputNames) {
    if (name.startsWith('past_key_values.')) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [padded.batch, cache.nHead, 0, cache.headSize]);
  }
  return { feeds, targetsPerRow: score.targetsPerRow, k: score.k };
}

/** Run a rewritten hub export's scoring tail: only its few outputs per row come back to JS. */
export async function exportRowScores(session: ort.InferenceSession, padded: PaddedBatch, request: RowScoreRequest, cache: CacheShape, vocabSize: number): Promise<RowScores> {
  const { feeds, targetsPerRow, k } = rowLogitsFeeds(session, padded, request, cache, vocabSize);
  const out = await session.run(feeds, [
    RowScoreNames.max, RowScoreNames.sumExp, RowScoreNames.targetLogits, RowScoreNames.targetRanks, RowScoreNames.topLogits, RowScoreNames.topIds,
  ]);
  return {
    targetsPerRow,
    topK: k,
    max: out[RowScoreNames.max].data as Float32Array,
    sumExp: out[RowScoreNames.sumExp].data as Float64Array,
    targetLogits: out[RowScoreNames.targetLogits].data as Float32Array,
    targetRanks: out[RowScoreNames.targetRanks].data as Float32Array,
    topLogits: out[RowScoreNames.topLogits].data as Float32Array,
    topIds: out[RowScoreNames.topIds].data as BigInt64Array,
  };
}
