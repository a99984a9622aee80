import type { InstanceScore } from './instance-score.ts';
import { mean, median, share } from './summary-stats.ts';

/** Metrics over a set of prompts (snake_case: they are the documented `--json` shape). */
export interface TaskMetrics {
  /** mean over prompts of P(any acceptable answer) */
  mean_prob: number;
  median_prob: number;
  /** share of prompts where an acceptable answer's first token is the top-1 next token */
  top1: number;
  /** … is among the top 5 */
  top5: number;
  /** median of the best acceptable first-token rank */
  median_rank: number;
  /** mean of (best acceptable − best distractor) first-token logit; when the task has distractors */
  mean_logit_diff?: number;
  /**
   * share of (prompt, distractor) pairs where the answer is likelier than that one distractor
   * (whole continuations; several answers count each answer against it, `distractorWins`;
   * chance 50%); when the task has distractors
   */
  beats_distractor?: number;
  /** share of prompts where every answer is likelier than every one of its distractors */
  beats_all_distractors?: number;
}

/**
 * Per distractor, in the heuristic's order: the share of the acceptable answers likelier than it
 * (whole continuations; a tie is not a win). Answer by answer, so a model that cannot tell
 * answers from distractors wins half the pairs whatever their numbers. The answers' mean
 * probability would not do: a mean of probabilities sits above most single ones (Jensen), so
 * greater-than's 67 later years "beat" about 80% of the earlier ones on a model that ranks
 * years at random (`npm run calibrate`, the copier). Only the answers `prob` sums take part:
 * " 23" extends " 2", whose probability holds it. (Records written before
 * `counted_answer_logprobs` existed compare every answer, or `logprob` when they list none.)
 *
 * @example distractorWins({ prob: 0.37, logprob: -0.99, rank: 1, logit: 3, answer_logprobs: [-1, -4], distractor_logprobs: [-2, -5] }) // [0.5, 1]
 */
export function distractorWins(s: InstanceScore): number[] {
  const answers = s.counted_answer_logprobs ?? s.answer_logprobs ?? [s.logprob];
  return (s.distractor_logprobs ?? []).map((d) => answers.filter((a) => a > d).length / answers.length);
}

/** Aggregate instance scores (a bootstrap resample passes its picks, repeats included). */
export function taskMetrics(chosen: readonly InstanceScore[]): TaskMetrics {
  const metrics: TaskMetrics = {
    mean_prob: mean(chosen.map((s) => s.prob)),
    median_prob: median(chosen.map((s) => s.prob)),
    top1: share(chosen.map((s) => s.rank === 1)),
    top5: share(chosen.map((s) => s.rank <= 5)),
    median_rank: median(chosen.map((s) => s.rank)),
  };
  const withDistractor = chosen.filter((s) => s.logit_diff !== undefined);
  if (withDistractor.length > 0) {
    metrics.mean_logit_diff = mean(withDistractor.map((s) => s.logit_diff!));
    const wins = withDistractor.map(distractorWins);
    metrics.beats_distractor = mean(wins.flat());
    metrics.beats_all_distractors = share(wins.map((w) => w.every((x) => x === 1)));
  }
  return metrics;
}
