import { sample, type Rng } from '../../common/random.ts';
import { afterRepeatedBigram, INDUCTION_MAX_GAP } from '../heuristics/induction-prefilters.ts';
import { isSpaceCode, repeatedWordSuffix } from '../heuristics/suffix-repeat.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { COMMON_WORDS } from '../vocab/common-words.ts';

/** a repeat shorter than this is too weak a cue to call (a single repeated word is often chance) */
const MIN_REPEAT = 2;

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
  const match = repeatedWordSuffix(prompt, MIN_REPEAT);
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
