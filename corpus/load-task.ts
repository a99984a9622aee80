import { HuntError, InputError } from '../common/errors.ts';
import { findBuiltinTask } from '../tasks/builtin/index.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';

/**
 * Where a scan worker finds the task: tasks are functions, which cannot cross a thread
 * boundary, so every worker loads the task itself from this plain description.
 * `resolve`: a built-in id or a JSON/YAML task file, through `resolveTask`.
 * `module`: a TaskDefinition exported by a module (tests and benches build their own).
 */
export type TaskSource = { kind: 'resolve'; spec: string } | { kind: 'module'; url: string; exportName: string };

// TODO(tasks): tasks/declarative-task.ts (resolveTask) is being written alongside this
// issue; import it statically once it has landed. Until then it is looked up at run time,
// so this folder type-checks, and built-in ids resolve through the built-in list.
const DECLARATIVE_TASK_MODULE = new URL('../tasks/declarative-task.ts', import.meta.url).href;

type ResolveTask = (idOrPath: string) => TaskDefinition | Promise<TaskDefinition>;

function isTask(value: unknown): value is TaskDefinition {
  const task = value as TaskDefinition | undefined;
  return !!task && typeof task.id === 'string' && typeof task.heuristic === 'function';
}

export async function loadTask(source: TaskSource): Promise<TaskDefinition> {
  if (source.kind === 'module') {
    const module = (await import(source.url)) as Record<string, unknown>;
    const task = module[source.exportName];
    if (!isTask(task)) throw new InputError('bad_task', `${source.url} exports no task named "${source.exportName}"`);
    return task;
  }
  let module: { resolveTask?: ResolveTask };
  try {
    module = (await import(DECLARATIVE_TASK_MODULE)) as { resolveTask?: ResolveTask };
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('declarative-task')) {
      const builtin = findBuiltinTask(source.spec);
      if (builtin) return builtin;
      throw new InputError('not_found', `no built-in task "${source.spec}" (task files need tasks/declarative-task.ts, which is not in this build yet)`);
    }
    throw err;
  }
  if (typeof module.resolveTask !== 'function') throw new HuntError('unavailable', 'tasks/declarative-task.ts has no resolveTask()', true);
  return module.resolveTask(source.spec);
}
