/**
 * Writes fixture-induction.json: induction prompts over the tiny fixture model's own training
 * words, all 16 tokens long (BOS, 4 noise words, A B C D, 4 noise words, A B C → " D"), each
 * with a control in which the first A B C D is replaced by four other words. Equal lengths
 * keep every position aligned across prompts for patching.
 * And fixture-induction-varied.json: the same with 2–6 noise words in each gap, so the answer's
 * earlier occurrence is no longer at a fixed distance from the last token.
 *
 *   npx tsx docs/fixture-induction/make-task.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sample, seededRng } from '../../common/random.ts';
import { FIXTURE_POOL_WORDS } from '../../test/helpers/fixture-induction-task.ts';

const asPrompt = (words: string[]) => words.map((w) => ` ${w}`).join('');

function write(id: string, gap: () => number, seed: number, description: string): void {
  const rng = seededRng(seed);
  const pairs = Array.from({ length: 100 }, () => {
    const [a, b] = [gap(), gap()];
    const words = sample(rng, FIXTURE_POOL_WORDS, a + b + 8);
    const [noise1, span, noise2, fresh] = [words.slice(0, a), words.slice(a, a + 4), words.slice(a + 4, a + 4 + b), words.slice(a + 4 + b)];
    return {
      prompt: asPrompt([...noise1, ...span, ...noise2, ...span.slice(0, 3)]),
      answer: ` ${span[3]}`,
      control: asPrompt([...noise1, ...fresh, ...noise2, ...span.slice(0, 3)]),
    };
  });
  const task = { id, title: 'Induction on the tiny fixture model’s training words', description, status: 'known', pairs };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), `${id}.json`);
  writeFileSync(out, `${JSON.stringify(task, null, 2)}\n`);
  console.log(`wrote ${pairs.length} pairs to ${out}`);
}

write('fixture-induction', () => 4, 15, 'noise A B C D noise A B C → D, 16 tokens each; the control replaces the first A B C D.');
const gapRng = seededRng(16);
write('fixture-induction-varied', () => 2 + Math.floor(gapRng() * 5), 17, 'noise A B C D noise A B C → D with 2–6 noise words in each gap; the control replaces the first A B C D.');
