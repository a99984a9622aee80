import type { z } from 'zod';

/**
 * Schema problems as one line for a person: `top: expected a number ≥ 1; unrecognized key "x"`.
 * With `limit`, only the first few are listed and the rest counted, so one bad record with
 * many problems still reads as one short line.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], options: { limit?: number; whole?: string; more?: string } = {}): string {
  const shown = issues.slice(0, options.limit ?? issues.length).map((issue) => {
    const path = issue.path.join('.');
    if (path) return `${path}: ${issue.message}`;
    return options.whole ? `${options.whole}: ${issue.message}` : issue.message;
  });
  const hidden = issues.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')}; and ${hidden} more${options.more ? ` ${options.more}` : ''}` : shown.join('; ');
}
