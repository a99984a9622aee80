import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { CausalLM } from '../causal-lm.ts';
import type { ModelSource } from '../model-source.ts';
import type { PaddedBatch } from '../padded-batch.ts';

/** What a baseline borrows from the model under test: the same tokenizer, sizes and special ids. */
export interface BaselineBase {
  source: ModelSource;
  tokenizer: PreTrainedTokenizer;
  contextLength: number;
  vocabSize: number;
  bosId: number;
}

/**
 * A predictor that implements no behaviour, behind the same `CausalLM` interface as the real
 * engines, so the evaluator scores it exactly as it scores the model (same prompts, same
 * controls, same answer tokens). Subclasses fill one next-token row of log-probabilities from
 * the tokens before it; the log-probabilities are the logits (softmax of log p is p).
 */
export abstract class BaselineLM implements CausalLM {
  readonly source: ModelSource;
  readonly tokenizer: PreTrainedTokenizer;
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly bosId: number;

  constructor(
    /** short name in reports: "copier", "unigram", "bigram" */
    readonly name: string,
    base: BaselineBase,
  ) {
    this.source = base.source;
    this.tokenizer = base.tokenizer;
    this.contextLength = base.contextLength;
    this.vocabSize = base.vocabSize;
    this.bosId = base.bosId;
  }

  get modelId(): string {
    return `baseline:${this.name}`;
  }

  /** Fill `row` (length vocabSize) with log P(next token | context); `context` holds the real tokens (BOS included when prepended). */
  protected abstract fillRow(context: ArrayLike<number>, row: Float32Array): void;

  /**
   * log P(token | context) alone: the same number as `fillRow`'s entry, without filling 50,257
   * of them. The evaluator scores baselines through this (tested equal to `ScoringEngine` on the
   * same model), which keeps them cheap beside the model.
   */
  abstract logProbOf(context: ArrayLike<number>, token: number): number;

  /** log P(answer tokens | context), teacher-forced: Σ_t log P(answer_t | context + answer_<t). */
  sequenceLogProb(context: readonly number[], answer: readonly number[]): number {
    let sum = 0;
    const ids = [...context];
    for (const token of answer) {
      sum += this.logProbOf(ids, token);
      ids.push(token);
    }
    return sum;
  }

  /** the real (unpadded) tokens of batch row b up to and including column `col` */
  private contextOf(batch: PaddedBatch, b: number, col: number): number[] {
    const ids: number[] = [];
    for (let c = batch.padOf[b]; c <= col; c++) ids.push(Number(batch.inputIds[b * batch.width + c]));
    return ids;
  }

  async rowLogits(batch: PaddedBatch, rows: number[]): Promise<Float32Array> {
    const v = this.vocabSize;
    const out = new Float32Array(rows.length * v);
    rows.forEach((flat, r) => {
      const b = Math.floor(flat / batch.width);
      this.fillRow(this.contextOf(batch, b, flat % batch.width), out.subarray(r * v, (r + 1) * v));
    });
    return out;
  }

  async logits(batch: PaddedBatch): Promise<Float32Array> {
    return this.rowLogits(batch, Array.from({ length: batch.batch * batch.width }, (_, i) => i));
  }
}
