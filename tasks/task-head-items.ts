import { InputError } from '../common/errors.ts';
import { seededRng, type Rng } from '../common/random.ts';
import type { GraphEngine } from '../models/graph/graph-engine.ts';
import type { HeadItem } from '../models/graph/head-effects.ts';
import type { TaskDefinition } from './task-types.ts';

function pickOtherToken(rng: Rng, tokens: number[], not: number): number | undefined {
  const candidates = [...new Set(tokens)].filter((id) => id !== not);
  return candidates.length === 0 ? undefined : candidates[Math.floor(rng() * candidates.length)];
}

/**
 * Instances of a task with the answer and distractor to compare: the heuristic's first answer
 * and first distractor. A task without distractors (induction) gets a random other token of
 * the prompt, so the logit difference asks "this token of the context rather than another".
 * Instances the heuristic declines are skipped.
 */
export function headItemsFromTask(task: TaskDefinition, engine: GraphEngine, n: number, seed: number): HeadItem[] {
  const rng = seededRng(seed);
  const items: HeadItem[] = [];
  for (const instance of task.generate(rng, n)) {
    const expected = task.heuristic(instance.prompt);
    if (!expected || expected.answers.length === 0) continue;
    const answer = expected.answers[0];
    const given = expected.distractors?.find((d) => d !== answer);
    if (given) {
      items.push({ prompt: instance.prompt, answer, distractor: given, distractor_source: 'heuristic' });
      continue;
    }
    const answerId = engine.encode(answer)[0];
    const other = pickOtherToken(rng, engine.encode(instance.prompt), answerId);
    if (other === undefined) continue;
    items.push({ prompt: instance.prompt, answer, distractor: engine.decode([other]), distractor_source: 'prompt_token' });
  }
  if (items.length === 0) throw new InputError('bad_task', `task ${task.id}: its heuristic gave no answer for any of ${n} generated instances`);
  return items;
}
