import type { ScoredAnswer } from '../../models/engine-types.ts';

/** One prompt's score: how much the model agrees with the heuristic there. */
export interface InstanceScore {
  /** probability that the model continues with any acceptable answer (see `combineAnswers`) */
  prob: number;
  /** log of `prob`, computed in log space (no underflow for answers of many unlikely tokens) */
  logprob: number;
  /** best (lowest) 1-based rank of an acceptable answer's first token */
  rank: number;
  /** highest logit of an acceptable answer's first token */
  logit: number;
  /** best acceptable first-token logit − best distractor first-token logit (the IOI logit difference) */
  logit_diff?: number;
  /** probability of any distractor, combined like `prob` */
  distractor_prob?: number;
  /** each distractor's whole-continuation log-prob, in the heuristic's order: compared with each counted answer's (chance 50%; `distractorWins`) */
  distractor_logprobs?: number[];
  /** each acceptable answer's whole-continuation log-prob, in the heuristic's order */
  answer_logprobs?: number[];
  /**
   * how many answers `prob` sums: those not contained in another's probability (" 23" is in
   * " 2"'s). Fewer than `answer_logprobs` when some answer extends another.
   */
  answers_counted?: number;
  /**
   * the log-probs of the answers `prob` sums, in the heuristic's order; written only when some
   * answer extends another (otherwise they are `answer_logprobs`)
   */
  counted_answer_logprobs?: number[];
}

function startsWithIds(ids: readonly number[], prefix: readonly number[]): boolean {
  return prefix.length <= ids.length && prefix.every((id, i) => ids[i] === id);
}

/**
 * The probability of "any of these continuations": the answers' whole-sequence probabilities
 * summed, after dropping every answer whose tokens extend another's (or repeat them).
 * Continuations with different tokens are disjoint events, so their probabilities add; but
 * " 2" and " 23" are not disjoint when " 2" is a token prefix of " 23": P(" 2…") already
 * contains P(" 23"), and counting both would exceed the truth.
 *
 * @example combinedProbability([{ token_ids: [17], prob: 0.3 }, { token_ids: [17, 18], prob: 0.1 }, { token_ids: [19], prob: 0.2 }]) // 0.5
 */
export function combinedProbability(answers: readonly Pick<ScoredAnswer, 'token_ids' | 'prob'>[]): number {
  let total = 0;
  uncovered(answers).forEach((a) => (total += a.prob));
  return Math.min(total, 1);
}

/** the answers not already contained in another one's probability (see `combinedProbability`) */
function uncovered<T extends Pick<ScoredAnswer, 'token_ids'>>(answers: readonly T[]): T[] {
  return answers.filter(
    (a, i) => !answers.some((b, j) => j !== i && startsWithIds(a.token_ids, b.token_ids) && (b.token_ids.length < a.token_ids.length || j < i)),
  );
}

/** `combinedProbability` in log space: log Σ exp(logprob) over the same answers, capped at 0. */
export function combinedLogProbability(answers: readonly Pick<ScoredAnswer, 'token_ids' | 'logprob'>[]): number {
  const kept = uncovered(answers).map((a) => a.logprob);
  const top = Math.max(...kept);
  if (!Number.isFinite(top)) return top;
  return Math.min(0, top + Math.log(kept.reduce((sum, l) => sum + Math.exp(l - top), 0)));
}

/**
 * How several acceptable answers (and distractors) become one score per prompt:
 * - `prob`: the model's probability of producing any acceptable answer (`combinedProbability`);
 * - `rank` / `logit`: of the best acceptable first token, so top-1 means "some acceptable
 *   answer's first token is the model's most likely next token";
 * - `logit_diff`: best acceptable first-token logit minus best distractor first-token logit;
 * - `distractor_prob`: the distractors combined like `prob`;
 * - `distractor_logprobs`: each distractor's whole continuation, which each counted answer's is
 *   compared with (`distractorWins`: whole continuations, so multi-token answers compare fairly).
 */
export function combineAnswers(answers: readonly ScoredAnswer[], distractors: readonly ScoredAnswer[] = []): InstanceScore {
  if (answers.length === 0) throw new Error('combineAnswers needs at least one scored answer');
  const counted = uncovered(answers);
  const score: InstanceScore = {
    prob: combinedProbability(answers),
    logprob: combinedLogProbability(answers),
    answer_logprobs: answers.map((a) => a.logprob),
    answers_counted: counted.length,
    rank: Math.min(...answers.map((a) => a.rank)),
    logit: Math.max(...answers.map((a) => a.logit)),
  };
  if (counted.length < answers.length) score.counted_answer_logprobs = counted.map((a) => a.logprob);
  if (distractors.length > 0) {
    score.logit_diff = score.logit - Math.max(...distractors.map((d) => d.logit));
    score.distractor_prob = combinedProbability(distractors);
    score.distractor_logprobs = distractors.map((d) => d.logprob);
  }
  return score;
}
