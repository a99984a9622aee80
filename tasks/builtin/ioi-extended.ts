import { pick, sample, type Rng } from '../../common/random.ts';
import { joinNames, theOneNamedOnce } from '../heuristics/name-list.ts';
import { fillTemplate } from '../template-slots.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { FIRST_NAMES } from '../vocab/first-names.ts';
import { OBJECTS } from '../vocab/objects.ts';
import { PLACES } from '../vocab/places.ts';

/**
 * IOI with three or more people: of the names listed together ("John, Mary and Tom"), the one
 * never named again is the recipient; every other listed name is a distractor. Declines unless
 * the prompt ends in "to" after a list of at least three names of which exactly one is not
 * named again.
 *
 * @example ioiExtendedHeuristic('When John, Mary and Tom went to the park, Mary and Tom gave a ball to') // { answers: [' John'], distractors: [' Mary', ' Tom'] }
 */
export function ioiExtendedHeuristic(prompt: string): HeuristicAnswer | null {
  if (!/\bto$/.test(prompt)) return null;
  const found = theOneNamedOnce(prompt);
  if (!found || found.list.names.length < 3) return null;
  return { answers: [` ${found.once}`], distractors: found.others.map((n) => ` ${n}`) };
}

/**
 * {LIST}: everyone, in random order; {OTHERS}: everyone but the recipient, together as the
 * givers, so that the one named once is the natural recipient.
 */
const TEMPLATES: readonly { text: string; people: readonly number[] }[] = [
  { text: 'When {LIST} went to the {PLACE}, {OTHERS} gave a {OBJECT} to', people: [3, 4] },
  { text: '{LIST} were working at the {PLACE}. {OTHERS} decided to give a {OBJECT} to', people: [3, 4] },
  { text: 'Then, {LIST} went to the {PLACE}. {OTHERS} gave a {OBJECT} to', people: [3, 4] },
  { text: 'Friends {LIST} found a {OBJECT} at the {PLACE}. {OTHERS} gave it to', people: [3, 4] },
  { text: 'At the {PLACE}, {LIST} shared a {OBJECT}. Afterwards {OTHERS} said goodbye to', people: [3, 4] },
  { text: 'After {LIST} had lunch at the {PLACE}, {OTHERS} handed a {OBJECT} to', people: [3, 4] },
  { text: 'While {LIST} were commuting to the {PLACE}, {OTHERS} gave a {OBJECT} to', people: [3, 4] },
  // Templates where two of the others talk or argue with each other ("B and C had a long
  // argument, and afterwards B said to") are left out: their natural answer is C, not the
  // person named once.
];

type ExtendedMeta = {
  template: number;
  slots: Record<string, string>;
  /** everyone but the recipient */
  others: string[];
  /** index in the prompt where the list of names ends: the part after it is what the control changes */
  listEnd: number;
  expected: string;
};

function generate(rng: Rng, n: number): TaskInstance<ExtendedMeta>[] {
  return Array.from({ length: n }, () => {
    const template = Math.floor(rng() * TEMPLATES.length);
    const { text, people } = TEMPLATES[template];
    const everyone = sample(rng, FIRST_NAMES, pick(rng, people));
    const [io, ...others] = everyone;
    const listed = sample(rng, everyone, everyone.length);
    const slots: Record<string, string> = {
      LIST: joinNames(listed),
      OTHERS: joinNames(sample(rng, others, others.length)),
      PLACE: pick(rng, PLACES),
      OBJECT: pick(rng, OBJECTS),
    };
    const prompt = fillTemplate(text, slots);
    const listEnd = prompt.indexOf(slots.LIST) + slots.LIST.length;
    const meta: ExtendedMeta = { template, slots, others, listEnd, expected: ` ${io}` };
    return { prompt, meta: { ...meta }, source: 'template' as const };
  });
}

/** After the list, every later mention of the others becomes a fresh name: nobody is repeated, so no one stands out. */
function control(instance: TaskInstance<ExtendedMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.others) return null;
  const used = new Set(instance.prompt.match(/[A-Z][a-z]+/g) ?? []);
  const fresh = sample(rng, FIRST_NAMES.filter((name) => !used.has(name)), meta.others.length);
  let after = instance.prompt.slice(meta.listEnd);
  meta.others.forEach((name, i) => {
    after = after.replace(new RegExp(`\\b${name}\\b`, 'g'), fresh[i]);
  });
  return instance.prompt.slice(0, meta.listEnd) + after;
}

export const ioiExtended: TaskDefinition<ExtendedMeta> = {
  id: 'ioi-extended',
  title: 'Indirect object identification with three or more people',
  description:
    'Three or four people are listed, all but one are named again, and the sentence ends at "to"; the model should ' +
    'name the one mentioned only once ("When John, Mary and Tom went to the park, Mary and Tom gave a ball to" → " John").',
  status: 'known',
  generate,
  heuristic: ioiExtendedHeuristic,
  control,
  // every " to Name" with a list of three or more names earlier on the same line; the heuristic decides the rest
  regex: {
    // " to" first, the list of names checked behind it (as in ioi)
    source: String.raw` to(?<=\b[A-Z][a-z]+, [A-Z][a-z]+(?:, [A-Z][a-z]+)*,? and [A-Z][a-z]+\b[^\n]{0,200} to)(?<answer> [A-Z][a-z]+)\b`,
    engine: 'js',
  },
  origin: 'builtin',
};
