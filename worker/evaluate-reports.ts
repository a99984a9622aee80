import { InputError } from '../common/errors.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { EvaluateJobResult } from '../queue/job-result-types.ts';
import type { EvaluateJobData } from '../queue/job-schemas.ts';
import { parseDeclarativeTask } from '../tasks/declarative-task.ts';
import { evaluateTask } from '../tasks/evaluate-task.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../tasks/builtin/index.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';
import { itemByItem, type ItemOutcome } from '../common/item-batches.ts';

/**
 * The job's task. A `builtin` reference is looked up among the built-in tasks only — not
 * through resolveTask, which would also open a file of that name: a queue payload must not
 * make a worker read files on its machine. Task files travel as `definition`.
 */
function taskOf(data: EvaluateJobData): TaskDefinition {
  if ('definition' in data.task) return parseDeclarativeTask(data.task.definition, data.task.origin);
  const task = findBuiltinTask(data.task.builtin);
  if (!task) throw new InputError('bad_task', `no built-in task "${data.task.builtin}" (built-in: ${BUILTIN_TASKS.map((t) => t.id).join(', ')})`);
  return task;
}

/**
 * The `hunt eval` report of each job, one after another: an evaluation already runs
 * its n instances through the engine in batches, so there is nothing to gain by
 * merging jobs. A bad task definition fails its own job only.
 */
export function evaluateReports(engine: ScoringEngine, items: EvaluateJobData[]): Promise<ItemOutcome<EvaluateJobResult>[]> {
  return itemByItem(items, async (data) => {
    const options: { n?: number; seed?: number } = {};
    if (data.n !== undefined) options.n = data.n;
    if (data.seed !== undefined) options.seed = data.seed;
    return { report: await evaluateTask(engine, taskOf(data), options) };
  });
}
