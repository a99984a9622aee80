import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sample, seededRng } from '../../common/random.ts';
import { COMMON_WORDS } from '../../tasks/vocab/common-words.ts';

/**
 * Small corpora for `hunt discover` whose in-context structure is known by construction.
 * Documents stay under ~40 tokens: the fixture model was trained on short sequences and its
 * induction only works at the positions it saw in training (its README).
 */

/** Ordinary prose: no planted repeat, only what English repeats by itself ("the", "of the"). */
export const PROSE_DOCS = [
  'The committee met on Tuesday to discuss the budget for the coming year. Members agreed that the report should be published before the end of the month.',
  'Rain fell over the valley all night, and by morning the river had risen above its banks. Farmers moved their animals to higher ground.',
  'She opened the letter slowly, read it twice, and then put it back in the drawer without a word to anyone in the house.',
  'The new library will open in the spring, with a reading room on the top floor and a garden for children behind it.',
];

const words = (list: readonly string[]): string => ' ' + list.join(' ');

/**
 * `noise A B C … noise A B C …`: a 10-word span repeated in order (induction positions) in
 * even documents; in odd ones the span comes back in another order, so its words are seen
 * before but never follow the same word as before (the "seen before" positions alone).
 */
export function repeatedSpanDocs(seed: number, n: number): string[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, d) => {
    const [span, noise] = ((w) => [w.slice(0, 10), w.slice(10)])(sample(rng, COMMON_WORDS, 20));
    const again = d % 2 === 0 ? span : [...span.slice(5), ...span.slice(0, 5)].reverse();
    return words([...noise.slice(0, 4), ...span, ...noise.slice(4, 8), ...again, ...noise.slice(8)]);
  });
}

/** Every word of a document distinct: nothing to copy, nothing to induce. */
export function distinctWordDocs(seed: number, n: number): string[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => words(sample(rng, COMMON_WORDS, 30)));
}

/**
 * Documents where a key word comes back every sixth word after a different word each time
 * (a copier's win: the key is the most frequent token of the context, out of reach of the last
 * four tokens), and, in odd documents, after the same word each time (an induction position,
 * where a copier mostly repeats the word before instead).
 */
export function repeatedKeyDocs(seed: number, n: number): string[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, d) => {
    const [key, before, ...rest] = sample(rng, COMMON_WORDS, 27);
    const out: string[] = [];
    for (let i = 0; i < 5; i++) out.push(...rest.slice(i * 5, i * 5 + 4), d % 2 === 1 ? before : rest[i * 5 + 4], key);
    return words(out);
  });
}

/** Write documents as one .txt corpus (blank-line separated) and return its path. */
export function writeTxtCorpus(dir: string, name: string, docs: readonly string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, docs.join('\n\n') + '\n');
  return file;
}
