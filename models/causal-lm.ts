import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { ModelSource } from './model-source.ts';
import type { PaddedBatch } from './padded-batch.ts';
import type { CachedStep, KvCache } from './row-logits-run.ts';
import type { RowScoreRequest, RowScores } from './row-logits-scores.ts';

/**
 * What the scoring engine needs from a model, whichever backend runs it: the tokenizer,
 * the model's sizes and special ids, and one forward pass over a left-padded batch.
 * `loadModel` (transformers.js on the hub's ONNX export) and `GraphModel` (our own
 * ONNX graph built from safetensors, models/graph/) both provide it.
 */
export interface CausalLM {
  /** where the model came from, and how it runs (dtype, device, threads) */
  source: ModelSource;
  /** a stable id for footers and catalog rows: the hub id, or "local:<folder name>" */
  modelId: string;
  tokenizer: PreTrainedTokenizer;
  contextLength: number;
  vocabSize: number;
  bosId: number;
  /** logits [batch, width, vocab], row-major, for a left-padded batch */
  logits(batch: PaddedBatch): Promise<Float32Array>;
  /**
   * Optional, faster: logits [rows.length, vocab] of the flat rows b·width + column only.
   * Backends whose graph computes every position (the hub's ONNX export) leave it out.
   */
  rowLogits?(batch: PaddedBatch, rows: number[]): Promise<Float32Array>;
  /**
   * Optional, fastest: the scoring tail's values at the flat rows of `request` (log-normaliser,
   * target logits and ranks, top-k; see row-logits-scores.ts) without copying any logits row.
   */
  rowScores?(batch: PaddedBatch, request: RowScoreRequest): Promise<RowScores>;
  /**
   * Optional: `rowScores` over new tokens after a cached past, returning the extended cache
   * (keys and values of every layer), so a continuation costs one token's pass per token.
   * With `capacity`, the cache may come back as buffers of that many columns that the next
   * step writes into (row-logits-run.ts): the past passed in is then used up.
   */
  cachedRowScores?(step: CachedStep, request: RowScoreRequest, options?: { capacity?: number }): Promise<{ scores: RowScores; cache: KvCache }>;
}
