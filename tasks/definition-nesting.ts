/** Deepest nesting a task definition needs is 4 (pairs[i].answer[j]); anything far deeper is not a task. */
export const MAX_TASK_DEPTH = 16;

/**
 * Why a task definition's shape is refused before any schema reads it, or null: nested past
 * MAX_TASK_DEPTH, or a `__proto__` key (which would replace an object's prototype further on).
 * Walks with its own stack, so a value thousands of levels deep is measured, not overflowed on.
 * Shared by task files (tasks/declarative-task.ts) and the queue's evaluate payload
 * (queue/job-schemas.ts): a definition is held to one limit wherever it arrives.
 *
 * @example definitionShapeProblem(JSON.parse(`{"id":"x","a":${'['.repeat(17)}${']'.repeat(17)}}`))
 * // 'nested more than 16 levels deep (at a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]); a task definition is a flat object'
 */
export function definitionShapeProblem(data: unknown): string | null {
  const stack: { value: unknown; where: string; depth: number }[] = [{ value: data, where: '(top level)', depth: 0 }];
  while (stack.length > 0) {
    const { value, where, depth } = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_TASK_DEPTH) return `nested more than ${MAX_TASK_DEPTH} levels deep (at ${where}); a task definition is a flat object`;
    for (const [key, child] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${where}[${key}]` : depth === 0 ? key : `${where}.${key}`;
      if (key === '__proto__') return `${at.slice(0, 80)}: "__proto__" is not allowed as a field name`;
      stack.push({ value: child, where: at.length > 80 ? `${at.slice(0, 79)}…` : at, depth: depth + 1 });
    }
  }
  return null;
}
