import type { EvalSummary } from './metrics/eval-summary.ts';
import type { TaskFigures } from './task-figures.ts';
import type { TaskStatus } from './task-types.ts';

export type { Interval } from './metrics/bootstrap.ts';
export type { BaselineComparison, ControlMetrics, EvalIntervals, EvalSummary, PairedFigure } from './metrics/eval-summary.ts';
export type { TaskMetrics } from './metrics/task-metrics.ts';
export type { Verdict } from './metrics/verdict.ts';

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

/** Enough to run the same evaluation again and get the same numbers. */
export interface Provenance {
  tool_version: string;
  engine: string;
  model: string;
  /** sha256 (first 16 hex digits) of the weights file, for a local model; the hub id's revision otherwise */
  model_revision: string | null;
  seed: number;
  n: number | null;
  baseline_corpus: string | null;
}

/**
 * The result of `hunt eval` (and of an `evaluate` job): the documented `--json` shape. The
 * statistical part (`EvalSummary`) is computed from the per-prompt records alone
 * (tasks/metrics/eval-summary.ts), the verdict as tasks/metrics/verdict.ts documents.
 */
export interface EvalReport extends EvalSummary {
  task: string;
  title: string;
  status: TaskStatus;
  model: string;
  /** prompts evaluated: generated from the seed (duplicates replaced), or sampled from the given ones */
  n: number;
  seed: number;
  /** whether <|endoftext|> was prepended */
  bos: boolean;
  /** identical prompts dropped before sampling */
  duplicates_removed: number;
  /** instances there were to draw from (given, or generated) */
  available: number;
  /** prompts cut on the left to fit the model's context */
  truncated: number;
  /** the figures that read only an answer's first token (the rest use whole answers) */
  first_token_metrics: string[];
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
  /** for corpus prompts that carry the real continuation: P(actual) beside P(heuristic), and whom the model's top token sides with */
  actual_agreement?: {
    n: number;
    /** share of prompts where the text starts with a heuristic answer */
    share: number;
    mean_prob_actual: number;
    mean_prob_heuristic: number;
    mean_logprob_actual: number;
    /** the model's top next token starts the text's continuation, a heuristic answer, both, or neither */
    model_agrees: { both: number; text: number; heuristic: number; neither: number };
  };
  /** the papers' own metrics, for the tasks that have them (IOI, greater-than) */
  task_figures?: TaskFigures;
  worst: WorstInstance[];
  /** added by the CLI: what reproduces this report */
  reproduce?: Provenance;
}
