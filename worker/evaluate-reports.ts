import { HuntError } from '../common/errors.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { EvaluateJobResult } from '../queue/job-result-types.ts';
import type { EvaluateJobData } from '../queue/job-schemas.ts';
import { parseDeclarativeTask } from '../tasks/declarative-task.ts';
import { evaluateTask } from '../tasks/evaluate-task.ts';
import { resolveTask } from '../tasks/resolve-task.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';
import type { ItemOutcome } from './batched-reports.ts';

function taskOf(data: EvaluateJobData): TaskDefinition {
  return 'builtin' in data.task ? resolveTask(data.task.builtin) : parseDeclarativeTask(data.task.definition, data.task.origin);
}

/**
 * The `hunt eval` report of each job, one after another: an evaluation already runs
 * its n instances through the engine in batches, so there is nothing to gain by
 * merging jobs. A bad task definition fails its own job only.
 */
export async function evaluateReports(engine: ScoringEngine, items: EvaluateJobData[]): Promise<ItemOutcome<EvaluateJobResult>[]> {
  const outcomes: ItemOutcome<EvaluateJobResult>[] = [];
  for (const data of items) {
    try {
      const options: { n?: number; seed?: number } = {};
      if (data.n !== undefined) options.n = data.n;
      if (data.seed !== undefined) options.seed = data.seed;
      outcomes.push({ ok: true, value: { report: await evaluateTask(engine, taskOf(data), options) } });
    } catch (err) {
      if (!(err instanceof HuntError && err.permanent)) throw err;
      outcomes.push({ ok: false, error: err });
    }
  }
  return outcomes;
}
