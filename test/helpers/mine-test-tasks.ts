import type { TaskDefinition } from '../../tasks/task-types.ts';

/**
 * Tasks that misbehave, for the miner's failure tests. Scan workers import this module by
 * URL (tasks are functions and cannot be posted to a thread), so they live in a module.
 */
const base = { title: 'test task', description: 'for tests', status: 'proposed' as const, generate: () => [] };

/** Catastrophic backtracking on "aaa…ab" for a backtracking engine; the lookahead keeps it off RE2. */
export const redosTask: TaskDefinition = {
  ...base,
  id: 'redos',
  heuristic: () => null,
  regex: { source: '(?<answer>(a+)+)(?=$)' },
};

/** The same catastrophic regex without the lookahead: RE2 can run it, in linear time. */
export const redosRe2Task: TaskDefinition = { ...redosTask, id: 'redos-re2', regex: { source: '(?<answer>(a+)+)$' } };

export const regexlessTask: TaskDefinition = { ...base, id: 'no-regex', heuristic: () => null };

/** A heuristic with a bug: it throws on the third match it sees. */
let seen = 0;
export const throwingTask: TaskDefinition = {
  ...base,
  id: 'throwing',
  regex: { source: '\\((?<answer>[A-Z]{2,})\\)' },
  heuristic: () => {
    if (++seen === 3) throw new TypeError('heuristic bug');
    return null;
  },
};

export const source = (exportName: string) => ({ kind: 'module' as const, url: new URL(import.meta.url).href, exportName });
