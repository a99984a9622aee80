import { sample, type Rng } from '../../common/random.ts';
import { afterRepeatedBigram, INDUCTION_MAX_GAP } from '../heuristics/induction-prefilters.ts';
import { repeatedSuffix } from '../heuristics/repeated-span.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { COMMON_WORDS } from '../vocab/common-words.ts';

/** a repeat shorter than this is too weak a cue to call (a single repeated word is often chance) */
const MIN_REPEAT = 2;

/** JS `\w`, on a char code: a regex test per word end cost more than the rest of the heuristic. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
/** A word without the tags and punctuation around it ("<p>the" → "the", "sat.</p>" → "sat"); most words have none. */
function bareWord(w: string): string {
  if (w.length > 0 && isWordCode(w.charCodeAt(0)) && isWordCode(w.charCodeAt(w.length - 1))) return w;
  const untagged = w.includes('<') ? w.replace(/<[^<>]*>/g, '') : w;
  // /^\W+|\W+$/g by hand: mined prompts are 4,096 characters, and this ran on every word of them
  let start = 0;
  let end = untagged.length;
  while (start < end && !isWordCode(untagged.charCodeAt(start))) start++;
  while (end > start && !isWordCode(untagged.charCodeAt(end - 1))) end--;
  return untagged.slice(start, end);
}

/** JS `\s` (what `split(/\s+/)` splits on), on a char code. */
function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** `text.split(/\s+/).map(bareWord).filter(Boolean)` in one pass, without the intermediate arrays. */
function bareWords(text: string): string[] {
  const words: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isSpaceCode(text.charCodeAt(i))) i++;
    if (i > start) {
      const word = bareWord(text.slice(start, i));
      if (word) words.push(word);
    }
  }
  return words;
}

/**
 * Continue a repeated run of words as it went before: "… a b c d … a b c" → " d".
 * Reads whitespace-separated words; declines when the end repeats nothing, or when the prompt
 * ends in whitespace (the next word's leading space would then be in the prompt).
 *
 * @example inductionHeuristic(' cat dog bird fish tree cat dog bird') // { answers: [' fish'] }
 */
export function inductionHeuristic(prompt: string): HeuristicAnswer | null {
  if (prompt.length > 0 && isSpaceCode(prompt.charCodeAt(prompt.length - 1))) return null;
  // Words compared without the punctuation and markup around them ("bird," is "bird"), and
  // the answer is the next word alone: what follows it ("fish." → " fish") is not predicted.
  const words = bareWords(prompt);
  const match = repeatedSuffix(words, MIN_REPEAT);
  const next = match ? /^\w+/.exec(match.next)?.[0] : undefined;
  return next ? { answers: [` ${next}`] } : null;
}

type InductionMeta = {
  words: string[];
  spanStart: number;
  spanLength: number;
  expected: string;
};

const asPrompt = (words: readonly string[]): string => words.map((w) => ` ${w}`).join('');

function generate(rng: Rng, n: number): TaskInstance<InductionMeta>[] {
  return Array.from({ length: n }, () => {
    const before = 5 + Math.floor(rng() * 10);
    const spanLength = 5 + Math.floor(rng() * 5);
    const between = 3 + Math.floor(rng() * 10);
    const repeated = 2 + Math.floor(rng() * (spanLength - 2));
    // all words distinct, so the only repeat in the prompt is the planted one
    const words = sample(rng, COMMON_WORDS, before + spanLength + between);
    const span = words.slice(before, before + spanLength);
    const all = [...words, ...span.slice(0, repeated)];
    const meta: InductionMeta = { words: all, spanStart: before, spanLength, expected: ` ${span[repeated]}` };
    return { prompt: asPrompt(all), meta: { ...meta }, source: 'template' as const };
  });
}

/**
 * The earlier occurrence of the span is shuffled so that no two of its words follow each other
 * as they did: every word, the answer included, stays in the prompt (a copier sees the same
 * tokens), but "A B C" is no longer followed by "D" anywhere, so there is nothing to induce from.
 */
function control(instance: TaskInstance<InductionMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.words) return null;
  const span = meta.words.slice(meta.spanStart, meta.spanStart + meta.spanLength);
  const followed = new Set(span.slice(1).map((w, i) => `${span[i]} ${w}`));
  for (let attempt = 0; attempt < 100; attempt++) {
    const shuffled = sample(rng, span, span.length);
    if (shuffled.slice(1).some((w, i) => followed.has(`${shuffled[i]} ${w}`))) continue;
    const words = [...meta.words];
    words.splice(meta.spanStart, meta.spanLength, ...shuffled);
    return asPrompt(words);
  }
  return null;
}

export const inductionRandomTokens: TaskDefinition<InductionMeta> = {
  id: 'induction-random-tokens',
  aliases: ['induction'],
  title: 'Induction on repeated random tokens',
  description:
    'A sequence of random common words contains a span that starts to repeat; the model should continue the ' +
    'repeat with the word that followed the first time (" … A B C D … A B C" → " D"). The induction-head ' +
    'behaviour of Olsson et al. 2022, "In-context learning and induction heads".',
  status: 'known',
  generate,
  heuristic: inductionHeuristic,
  control,
  // In web text: any word after two words that occurred together before (the lookbehind runs
  // right to left, so the back-reference sits left of its group); the answer is what really followed.
  // A backreference in a lookbehind has no literal to jump to, so a prefilter finds the places
  // after a repeated pair of words, and the regex runs only there.
  regex: { source: String.raw`(?<=\b\k<span> \w+\b[\s\S]{1,${INDUCTION_MAX_GAP}}?\b(?<span>\w+ \w+))(?<answer> \w+)`, candidates: afterRepeatedBigram },
  origin: 'builtin',
};
