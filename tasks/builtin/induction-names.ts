import { pick, type Rng } from '../../common/random.ts';
import { firstNameRepeats } from '../heuristics/induction-prefilters.ts';
import { fillTemplate } from '../template-slots.ts';
import type { HeuristicAnswer, MinedMatch, TaskDefinition, TaskInstance } from '../task-types.ts';
import { FIRST_NAMES } from '../vocab/first-names.ts';
import { RARE_SURNAMES } from '../vocab/rare-surnames.ts';

/**
 * Finish a word whose start repeats an earlier word: "… Pyotr Tchaikovsky … Pyotr T" →
 * "chaikovsky". The last word fragment must start a longer earlier word. The earlier word
 * that also followed the same preceding word wins (induction: "Pyotr T" after "Pyotr
 * Tchaikovsky"); failing that, the most recent capitalised word that extends the fragment.
 * Declines when the prompt ends in whitespace or punctuation, or nothing extends the fragment.
 *
 * @example nameInductionHeuristic('Pyotr Tchaikovsky wrote the ballet. The ballet was by Pyotr T') // { answers: ['chaikovsky'] }
 */
export function nameInductionHeuristic(prompt: string): HeuristicAnswer | null {
  const m = /(?:^|\s)(\S+\s+)?([A-Za-z]+)$/.exec(prompt);
  if (!m) return null;
  const fragment = m[2];
  const before = m[1]?.trim();
  const earlier = prompt.slice(0, m.index);
  // Words are cleaned (punctuation around them dropped) only when their raw text could match:
  // a cleaned word is part of the raw one, so a raw word without the fragment (or the context)
  // cannot qualify. Mining asks this of 4,096-character prompts; cleaning every word was most
  // of its cost.
  const raw = earlier.split(/\s+/);
  const cleaned: (string | undefined)[] = [];
  const word = (i: number): string => (cleaned[i] ??= raw[i].replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ''));
  const extendsAt = (i: number): boolean => i < raw.length && raw[i].length > fragment.length && raw[i].includes(fragment) && word(i).length > fragment.length && word(i).startsWith(fragment);
  let found: string | undefined;
  if (before) {
    const context = before.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
    for (let i = raw.length - 2; i >= 0 && !found; i--) if (raw[i].includes(context) && word(i) === context && extendsAt(i + 1)) found = word(i + 1);
  }
  // a capitalised word: the fragment it starts with is capitalised
  if (/^[A-Z]/.test(fragment)) for (let i = raw.length - 1; i >= 0 && !found; i--) if (extendsAt(i)) found = word(i);
  return found ? { answers: [found.slice(fragment.length)] } : null;
}

/**
 * Mining precondition: the name being finished (the fragment at the end of the prompt plus
 * the answer) is a name mentioned earlier after the same first name, and the answer is more
 * than the fragment (a surname that is one token has nothing left to complete).
 */
export function completesEarlierName({ prompt, actual }: MinedMatch): boolean {
  const m = /([A-Z][a-z]+) ([A-Z][a-z]*)$/.exec(prompt);
  if (!m || !/^[a-z]+$/.test(actual)) return false;
  return prompt.slice(0, m.index).includes(`${m[1]} ${m[2]}${actual}`);
}

/** {F} first name, {L} rare surname, {H} the surname's first token (where the prompt stops) */
const TEMPLATES: readonly string[] = [
  '{F} {L} won the award last year. This year the prize went again to {F} {H}',
  'The lecture was given by {F} {L}, who spoke for an hour. Afterwards everyone wanted to meet {F} {H}',
  'I read a book by {F} {L} last week. My favourite author is now {F} {H}',
  'Our new neighbour is called {F} {L}. Yesterday I had coffee with {F} {H}',
  '{F} {L} scored twice in the final. The player of the match was {F} {H}',
  'The letter was signed by {F} {L}. Nobody in the office had heard of {F} {H}',
  'Please welcome our speaker, {F} {L}! Before we begin, a few words about {F} {H}',
  'According to {F} {L}, the results are robust. In a later interview, {F} {H}',
  'The company was founded by {F} {L} in 1998. Today it is still run by {F} {H}',
  'Minutes of the meeting, taken by {F} {L}. Present: the board, the staff, and {F} {H}',
];

type NamesMeta = {
  template: number;
  slots: { F: string; L: string; H: string };
  expected: string;
};

function generate(rng: Rng, n: number): TaskInstance<NamesMeta>[] {
  return Array.from({ length: n }, () => {
    const template = Math.floor(rng() * TEMPLATES.length);
    const [L, H] = pick(rng, RARE_SURNAMES);
    const slots = { F: pick(rng, FIRST_NAMES), L, H };
    const meta: NamesMeta = { template, slots, expected: L.slice(H.length) };
    return { prompt: fillTemplate(TEMPLATES[template], slots), meta: { ...meta }, source: 'template' as const };
  });
}

/**
 * The first mention keeps the rest of the surname but starts it with another rare surname's
 * first token ("Tchaikovsky" → "Dchaikovsky"): the answer's text stays in the prompt, but it no
 * longer follows the fragment the prompt ends in, so there is nothing to induce from. (Where the
 * new start changes how the rest is split into tokens, the evaluator's control check drops the
 * control: tasks/control-check.ts.)
 */
function control(instance: TaskInstance<NamesMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.slots) return null;
  const heads = [...new Set(RARE_SURNAMES.map(([, h]) => h))].filter((h) => h[0] !== meta.slots.H[0]);
  const rest = meta.slots.L.slice(meta.slots.H.length);
  return fillTemplate(TEMPLATES[meta.template], { ...meta.slots, L: `${pick(rng, heads)}${rest}` });
}

export const inductionNames: TaskDefinition<NamesMeta> = {
  id: 'induction-names',
  title: 'Induction on rare multi-token names',
  description:
    'A rare surname that GPT-2 splits into several tokens (" T|cha|ik|ovsky") is mentioned, and later its first ' +
    'token appears again after the same first name; the model should complete the rest of the name ("chaikovsky"). ' +
    'Induction over a multi-token span (Olsson et al. 2022).',
  status: 'known',
  generate,
  heuristic: nameInductionHeuristic,
  control,
  // A capitalised word of 5+ letters after a name, and later the same name + a capitalised
  // word. The answer is cut after the word's first letter here; the miner moves the cut to
  // the end of the word's first GPT-2 token (" Tch|aikovsky", not " T|chaikovsky") when it
  // has the tokenizer, so a token is never split between prompt and answer.
  // A prefilter finds the names whose first name comes back, and the regex runs only there.
  regex: { source: String.raw`\b(?<first>[A-Z][a-z]+) (?<last>[A-Z][a-z]{4,})\b[\s\S]{1,2000}?\b\k<first> [A-Z](?<answer>[a-z]+)`, candidates: firstNameRepeats },
  isInstance: completesEarlierName,
  origin: 'builtin',
};
