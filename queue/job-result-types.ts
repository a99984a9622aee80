import type { CompleteFirstView, CompleteReport } from '../reports/complete-report.ts';
import type { ScoreReport } from '../reports/score-report.ts';
import type { TokensReport } from '../reports/tokens-report.ts';
import type { EvalReport } from '../tasks/eval-report.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import type { EvaluationProvenance } from '../catalog/evaluation-fields.ts';
import type { JobName } from './job-schemas.ts';

export type { EvaluationProvenance };

/** What `evaluateTask` returns: the `hunt eval` report. */
export type EvaluationReport = EvalReport;

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
  /** one shard's counts and sampled wins; `mergePartials` over every shard gives the `hunt discover` report */
  discover: DiscoverPartial;
}

export type JobResultOf<N extends JobName> = JobResultMap[N];

/**
 * What a job reports before its result (BullMQ's job progress), for the kinds that have
 * something worth showing early: a `complete` job's next tokens, before its continuation.
 */
export interface JobProgressMap {
  complete: CompleteFirstView;
  score: never;
  tokens: never;
  evaluate: never;
  discover: never;
}

export type JobProgressOf<N extends JobName> = JobProgressMap[N];
