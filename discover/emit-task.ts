import YAML from 'yaml';
import { InputError } from '../common/errors.ts';
import { seededRng } from '../common/random.ts';
import { parseDeclarativeTask, TASK_FILE_MAX_BYTES } from '../tasks/declarative-task.ts';
import { shuffledControl } from '../tasks/generic-control.ts';
import type { Candidate, DiscoverReport, WinInstance } from './discover-report.ts';

/** room left under the task file limit for the comments and quoting YAML adds */
const SIZE_BUDGET = Math.floor(TASK_FILE_MAX_BYTES * 0.8);
const percent = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

/**
 * A candidate as a declarative task file (YAML, the `pairs:` form): its sampled positions, wins
 * or not (merge-partials.ts says why not wins alone), become pairs (the prompt before the
 * token, the token as the answer), each with the generic control
 * of mined instances (the words before the last three shuffled: every token stays, the order an
 * in-context rule reads is gone). The file is checked by the same parser `hunt eval` uses
 * before it is returned, so it evaluates without edits.
 */
export function emitCandidateTask(report: DiscoverReport, candidate: Candidate, instances: readonly WinInstance[], seed = 0): string {
  if (instances.length === 0) throw new InputError('bad_option', `candidate ${candidate.id} kept no instances to write as pairs`);
  const rng = seededRng(seed);
  const pairs: { prompt: string; answer: string; control?: string }[] = [];
  let bytes = 0;
  const seen = new Set<string>();
  for (const { prompt, answer } of instances) {
    // a task's heuristic looks its prompts up: the same text (a duplicated document) is one pair
    if (prompt.trim().length === 0 || seen.has(prompt)) continue;
    seen.add(prompt);
    const control = shuffledControl(prompt, rng);
    const pair = control ? { prompt, answer, control } : { prompt, answer };
    bytes += JSON.stringify(pair).length;
    if (bytes > SIZE_BUDGET) break;
    pairs.push(pair);
  }
  const task: Record<string, unknown> = {
    id: `discovered-${candidate.id}`,
    title: `Discovered: ${candidate.name} (${candidate.shape})`,
    description: [
      `Found by hunt discover in ${report.corpus} with ${report.model}: ${candidate.wins} in-context wins among ${candidate.positions} positions of this kind (${percent(candidate.rate.value)}), ${candidate.per_mb.toFixed(1)} per MB.`,
      `Features: ${candidate.signature.length ? candidate.signature.join(', ') : 'none known'}. Heuristic: ${candidate.heuristic}.`,
      `A win: P(model) ≥ ${report.rule.min_prob}, and at least ${report.rule.margin} nats above an n-gram model (${report.ngram}) and above the model given only the last ${report.rule.short_context} tokens.`,
      `The pairs are a seeded sample of all ${candidate.positions} positions of this kind, wins or not: a sample of wins alone would pass on ${report.model} by construction.`,
      'Controls shuffle the words before the last three: every token stays, the order goes.',
    ].join(' '),
    status: 'proposed',
    ...(candidate.regex ? { regex: candidate.regex } : {}),
    pairs,
  };
  parseDeclarativeTask(task, `candidate ${candidate.id}`);
  return `# ${candidate.id}: written by hunt discover; edit it, then: hunt eval <this file>\n${YAML.stringify(task, { lineWidth: 0 })}`;
}
