import { logSumExp, rankOf, topKIndices } from './logprob-math.ts';
import type { RowScores } from './row-logits-scores.ts';

/**
 * One next-token distribution as the scoring engine reads it: its log-normaliser, the logit
 * and rank of tokens asked for in advance, and its top tokens. Backed either by a full
 * logits row (computed here in float64) or by the few values the graph's scoring tail
 * returned (models/row-logits-scores.ts); both give the same numbers within float error.
 */
export interface RowView {
  /** log Σ exp(logits) */
  readonly lse: number;
  /** logit of a token; a scored row knows only the tokens requested for it */
  logit(id: number): number;
  /** 1-based rank: one plus the number of tokens with a strictly higher logit */
  rank(id: number): number;
  /** up to k best tokens, best first (ties: lower id first); a scored row has at most the k requested */
  top(k: number): { id: number; logit: number }[];
}

/** A view over a full logits row. */
export function logitsRowView(row: Float32Array): RowView {
  let lse: number | undefined;
  return {
    get lse() {
      lse ??= logSumExp(row);
      return lse;
    },
    logit: (id) => row[id],
    rank: (id) => rankOf(row, id),
    top: (k) => topKIndices(row, k).map((id) => ({ id, logit: row[id] })),
  };
}

/** A view over row `r` of a scoring run whose targets for that row were `targets`. */
export function scoredRowView(scores: RowScores, r: number, targets: number[]): RowView {
  const column = (id: number): number => {
    const j = targets.indexOf(id);
    if (j < 0) throw new Error(`token ${id} was not requested for this row`);
    return r * scores.targetsPerRow + j;
  };
  return {
    lse: scores.max[r] + Math.log(scores.sumExp[r]),
    logit: (id) => scores.targetLogits[column(id)],
    rank: (id) => Math.round(scores.targetRanks[column(id)]),
    top: (k) => {
      const n = Math.min(k, scores.topK);
      return Array.from({ length: n }, (_, i) => ({ id: Number(scores.topIds[r * scores.topK + i]), logit: scores.topLogits[r * scores.topK + i] }));
    },
  };
}
