/** The pairs that activation patching runs on; tasks/task-patch-pairs.ts makes them from a task. */

/** A clean prompt and its corrupted twin (the task's control), scored on the clean prompt's answer. */
export interface PatchPair {
  clean: string;
  corrupt: string;
  answer: string;
  distractor?: string;
  /** BOS + prompt tokens */
  clean_ids: number[];
  corrupt_ids: number[];
  /** every token of the answer (multi-token answers are scored whole) */
  answer_ids: number[];
  /** the distractor's first token */
  distractor_id?: number;
}

/**
 * `logit_diff`: logit(answer) − logit(distractor) at the last position (first tokens, as in the
 * IOI paper). `answer_logprob`: the log-prob of the whole answer, token by token.
 */
export type PatchMetric = 'logit_diff' | 'answer_logprob';

export interface PatchPairs {
  task: string;
  pairs: PatchPair[];
  metric: PatchMetric;
  /** instances left out, and why */
  dropped: { declined: number; no_control: number; length_mismatch: number };
}
