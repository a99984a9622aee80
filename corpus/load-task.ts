import { InputError } from '../common/errors.ts';
import { parseDeclarativeTask, resolveTask } from '../tasks/declarative-task.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';

/**
 * Where a scan worker finds the task: tasks are functions, which cannot cross a thread
 * boundary, so every worker loads the task itself from this plain description.
 * `resolve`: a built-in id or alias, or a JSON/YAML task file, through `resolveTask`.
 * `definition`: a declarative task's content (JSON/YAML data), as a queued job carries it.
 * `module`: a TaskDefinition exported by a module (tests and benches build their own).
 */
export type TaskSource =
  | { kind: 'resolve'; spec: string }
  | { kind: 'definition'; definition: Record<string, unknown>; origin: string }
  | { kind: 'module'; url: string; exportName: string };

function isTask(value: unknown): value is TaskDefinition {
  const task = value as TaskDefinition | undefined;
  return !!task && typeof task.id === 'string' && typeof task.heuristic === 'function';
}

export async function loadTask(source: TaskSource): Promise<TaskDefinition> {
  if (source.kind === 'resolve') return resolveTask(source.spec);
  if (source.kind === 'definition') return parseDeclarativeTask(source.definition, source.origin);
  const module = (await import(source.url)) as Record<string, unknown>;
  const task = module[source.exportName];
  if (!isTask(task)) throw new InputError('bad_task', `${source.url} exports no task named "${source.exportName}"`);
  return task;
}
