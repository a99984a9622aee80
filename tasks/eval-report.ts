import type { Interval } from './metrics/bootstrap.ts';
import type { TaskMetrics } from './metrics/task-metrics.ts';
import type { Verdict } from './metrics/verdict.ts';
import type { TaskStatus } from './task-types.ts';

export type { Interval } from './metrics/bootstrap.ts';
export type { TaskMetrics } from './metrics/task-metrics.ts';
export type { Verdict } from './metrics/verdict.ts';

/** The control prompts' figures: the clean answers scored where the cue was corrupted. */
export interface ControlMetrics extends TaskMetrics {
  /** prompts that had a control */
  n: number;
  /** clean mean_prob ÷ control mean_prob, over the prompts that had a control */
  lift: number;
}

/** 95% bootstrap intervals of the figures (same resamples for all; percentile method). */
export interface EvalIntervals {
  level: number;
  resamples: number;
  mean_prob: Interval;
  top1: Interval;
  top5: Interval;
  median_rank: Interval;
  mean_logit_diff?: Interval;
  beats_distractor?: Interval;
  control_mean_prob?: Interval;
  lift?: Interval;
}

/** A prompt the run could not use, and why. */
export interface FailureExample {
  prompt: string;
  /** declined: the heuristic said "no answer"; heuristic_error: it threw or returned nonsense; control_error: the control threw; scoring_error: the engine refused the prompt */
  reason: 'declined' | 'heuristic_error' | 'control_error' | 'scoring_error';
  detail?: string;
}

/** A prompt where model and heuristic disagree most: the lowest probability on the expected answer. */
export interface WorstInstance {
  prompt: string;
  expected: string[];
  prob: number;
  rank: number;
  /** what the model would say instead */
  model_top: { text: string; prob: number };
  /** P(expected) on this prompt's control, when it had one */
  control_prob?: number;
}

/**
 * The result of `hunt eval` (and of an `evaluate` job): the documented `--json` shape.
 * See tasks/metrics/instance-score.ts for how several acceptable answers are combined and
 * tasks/metrics/verdict.ts for the verdict thresholds.
 */
export interface EvalReport {
  task: string;
  title: string;
  status: TaskStatus;
  model: string;
  /** prompts evaluated: generated from the seed, or given */
  n: number;
  /** prompts the heuristic answered and the engine scored: what the figures are over */
  scored: number;
  seed: number;
  /** whether <|endoftext|> was prepended */
  bos: boolean;
  /** prompts cut on the left to fit the model's context */
  truncated: number;
  metrics: TaskMetrics;
  /** null when the task defines no control */
  control: ControlMetrics | null;
  ci: EvalIntervals;
  verdict: Verdict;
  /** share of bootstrap resamples whose verdict is the same as this one: 1 = the figures are nowhere near a threshold */
  confidence: number;
  /** the figures against the thresholds, in words */
  verdict_reason: string;
  failures: {
    /** prompts not scored (declined + heuristic_error + scoring_error) */
    count: number;
    declined: number;
    heuristic_errors: number;
    scoring_errors: number;
    /** controls that threw (their prompts still count, without a control) */
    control_errors: number;
    examples: FailureExample[];
  };
  /** scored prompts whose heuristic answers miss the answer the generator built in (a heuristic bug, or an ambiguous prompt) */
  mismatches: { count: number; examples: { prompt: string; generator: string; heuristic: string[] }[] };
  /** for corpus prompts that carry the real continuation: how often it starts with a heuristic answer */
  actual_agreement?: { n: number; share: number };
  worst: WorstInstance[];
}
