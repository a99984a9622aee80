import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { JobProgressOf, JobResultOf } from '../queue/job-result-types.ts';
import type { JobData, JobName } from '../queue/job-schemas.ts';
import type { ItemOutcome } from '../common/item-batches.ts';
import { completeReports } from '../reports/complete-report.ts';
import { scoreReports } from '../reports/score-report.ts';
import { tokensReports } from '../reports/tokens-report.ts';

/**
 * Computes the results of several jobs of one kind. Handlers are pure functions of the
 * job data and the model (no writes anywhere), so running a job twice — after a
 * worker crash — gives the same result and harms nothing: they are idempotent.
 */
export type BatchHandler<N extends JobName> = (
  engine: ScoringEngine,
  items: JobData<N>[],
  /** a part of item `index`'s result known before the rest (the kinds with a JobProgressOf) */
  onProgress?: (index: number, progress: JobProgressOf<N>) => void,
) => Promise<ItemOutcome<JobResultOf<N>>[]>;

/** The handler of every job kind; the mapped type makes the compiler insist on all of them. */
export const JOB_HANDLERS: { [N in JobName]: BatchHandler<N> } = {
  // the next tokens go out while the continuation is generated: /complete shows them at once
  complete: (engine, items, onProgress) => completeReports(engine, items, onProgress && ((item, view) => onProgress(items.indexOf(item as (typeof items)[number]), view))),
  score: scoreReports,
  tokens: tokensReports,
  // The task library (built-in tasks, declarative parser, evaluator) loads with the first evaluate job, not with every model host.
  evaluate: async (engine, items) => (await import('./evaluate-reports.ts')).evaluateReports(engine, items),
  discover: async (engine, items) => (await import('./discover-reports.ts')).discoverReports(engine, items),
};
