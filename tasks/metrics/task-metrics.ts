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
   * (whole continuations; several answers by their mean probability, `perAnswerLogprob`;
   * chance 50%); when the task has distractors
   */
  beats_distractor?: number;
  /** share of prompts where the answer is likelier than every one of its distractors */
  beats_all_distractors?: number;
}

/**
 * log of the answers' mean probability: what one distractor is compared with. An answer set of k
 * spellings or values (" are"/" were"; greater-than's 67 later years) against one distractor would
 * win by sheer number; against the mean, a model that cannot tell answers from distractors wins
 * half the time. The mean is over the answers `logprob` sums (`answers_counted`): an answer that
 * extends another (" 23" after " 2") adds nothing to the sum, so it must not divide it either.
 * (Records written before `answers_counted` existed fall back to every answer.)
 *
 * @example perAnswerLogprob({ logprob: Math.log(0.4), answer_logprobs: [Math.log(0.4), Math.log(0.1)], answers_counted: 1, … }) // Math.log(0.4)
 */
export function perAnswerLogprob(s: InstanceScore): number {
  return s.logprob - Math.log(s.answers_counted ?? s.answer_logprobs?.length ?? 1);
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
    const pairs = withDistractor.flatMap((s) => (s.distractor_logprobs ?? []).map((d) => perAnswerLogprob(s) > d));
    metrics.beats_distractor = share(pairs);
    metrics.beats_all_distractors = share(withDistractor.map((s) => (s.distractor_logprobs ?? []).every((d) => perAnswerLogprob(s) > d)));
  }
  return metrics;
}
