/**
 * `resolveTask` lives with the declarative task form (tasks/declarative-task.ts), which it
 * needs for task files; it is re-exported here for callers that look for it by its own name.
 */
export { resolveTask } from './declarative-task.ts';
