import { pick, sample, type Rng } from '../../common/random.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';

/**
 * 64 of the 1,000 " word" tokens the fixture model was trained on (its next-token
 * distribution on any prompt is nearly flat over exactly those 1,000; see its README).
 */
export const FIXTURE_POOL_WORDS = (
  'applic higher required air see understand page imp fil damage amount saying allow supp some tem connect top indust tra full report requ enc anim article whole diff ' +
  'wanted complete like make shows rec love shall there himself state statement list enough pain str charg process area began pot control rel character chall down serv ' +
  'creat dem ear trying members results dam people exec'
).split(' ');

/** Find the last token's earlier occurrence and expect the word that followed it. */
function inductionHeuristic(prompt: string): { answers: string[] } | null {
  const words = prompt.split(' ').filter(Boolean);
  const last = words[words.length - 1];
  for (let i = words.length - 2; i >= 0; i--) {
    if (words[i] === last) return { answers: [` ${words[i + 1]}`] };
  }
  return null;
}

/**
 * Induction over the fixture's own word pool, as the fixture was trained:
 * `noise… A B C D noise… A B C` → " D". Defined here so the graph tests do not depend on
 * the task library; it has no distractors, so head analysis draws one from the prompt.
 */
export const fixtureInductionTask: TaskDefinition = {
  id: 'fixture-induction',
  title: 'Induction on the fixture word pool',
  description: 'A span of random pool words repeats; after its first three words the fourth is expected.',
  status: 'known',
  generate(rng: Rng, n: number) {
    return Array.from({ length: n }, () => {
      const words = sample(rng, FIXTURE_POOL_WORDS, 14);
      const span = words.slice(0, 4);
      const noise = words.slice(4);
      const before = noise.slice(0, 3 + Math.floor(rng() * 3));
      const between = noise.slice(before.length, before.length + 3).concat(pick(rng, noise));
      const prompt = ' ' + [...before, ...span, ...between, ...span.slice(0, 3)].join(' ');
      return { prompt, meta: { answer: ` ${span[3]}` } };
    });
  },
  heuristic: inductionHeuristic,
};
