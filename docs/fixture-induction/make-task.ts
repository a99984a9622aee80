/**
 * Writes fixture-induction.json: induction prompts over the tiny fixture model's own training
 * words, all 16 tokens long (BOS, 4 noise words, A B C D, 4 noise words, A B C → " D"), each
 * with a control in which the first A B C D is replaced by four other words. Equal lengths
 * keep every position aligned across prompts for patching.
 *
 *   npx tsx docs/fixture-induction/make-task.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sample, seededRng } from '../../common/random.ts';
import { FIXTURE_POOL_WORDS } from '../../test/helpers/fixture-induction-task.ts';

const rng = seededRng(15);
const asPrompt = (words: string[]) => words.map((w) => ` ${w}`).join('');
const pairs = Array.from({ length: 100 }, () => {
  const words = sample(rng, FIXTURE_POOL_WORDS, 16);
  const [noise1, span, noise2, fresh] = [words.slice(0, 4), words.slice(4, 8), words.slice(8, 12), words.slice(12, 16)];
  return {
    prompt: asPrompt([...noise1, ...span, ...noise2, ...span.slice(0, 3)]),
    answer: ` ${span[3]}`,
    control: asPrompt([...noise1, ...fresh, ...noise2, ...span.slice(0, 3)]),
  };
});
const task = {
  id: 'fixture-induction',
  title: 'Induction on the tiny fixture model’s training words',
  description: 'noise A B C D noise A B C → D, 16 tokens each; the control replaces the first A B C D.',
  status: 'known',
  pairs,
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture-induction.json');
writeFileSync(out, `${JSON.stringify(task, null, 2)}\n`);
console.log(`wrote ${pairs.length} pairs to ${out}`);
