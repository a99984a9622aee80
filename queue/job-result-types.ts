import type { CompleteReport } from '../cli/commands/complete-command.ts';
import type { ScoreReport } from '../cli/commands/score-command.ts';
import type { TokensReport } from '../cli/commands/tokens-command.ts';
import type { evaluateTask } from '../tasks/evaluate-task.ts';
import type { JobName } from './job-schemas.ts';

/** What `evaluateTask` returns: the `hunt eval` report. */
export type EvaluationReport = Awaited<ReturnType<typeof evaluateTask>>;

/**
 * Who computed an evaluation, with what and how: the worker attaches it to every evaluate
 * result, and whoever stores the evaluation (the worker's own catalog, or the bot for a
 * worker without one) stores these figures.
 */
export interface EvaluationProvenance {
  model_id: string;
  /** `sha256:<16 hex>` of a local model's weights, `hub:main` for a hub model */
  model_revision: string;
  /** the full sha256 of the weight file that ran (hub or local); null when there was none to hash */
  model_file_hash: string | null;
  tool_version: string;
  seed: number;
  n: number;
  /** the worker process: `worker <host>:<pid>` */
  computed_by: string;
}

export interface EvaluateJobResult {
  report: EvaluationReport;
  /** who computed the report (absent from results of workers older than this field) */
  provenance?: EvaluationProvenance;
  /** the catalog's evaluations row, when the job named a catalog task */
  evaluation_id?: number;
}

/**
 * The result of each job kind: the same data the CLI's `--json` prints, so a result
 * from the queue equals a direct call of the report function.
 */
export interface JobResultMap {
  complete: CompleteReport;
  score: ScoreReport;
  tokens: TokensReport;
  evaluate: EvaluateJobResult;
}

export type JobResultOf<N extends JobName> = JobResultMap[N];
