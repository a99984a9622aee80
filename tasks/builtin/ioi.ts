import { pick, sample, type Rng } from '../../common/random.ts';
import { theOneNamedOnce } from '../heuristics/name-list.ts';
import { fillTemplate } from '../template-slots.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { FIRST_NAMES } from '../vocab/first-names.ts';
import { OBJECTS } from '../vocab/objects.ts';
import { PLACES } from '../vocab/places.ts';

/**
 * Indirect object identification: two people are introduced ("John and Mary"), one of them is
 * named again as the giver, and the prompt ends at "to": the answer is the one not named
 * again, the repeated one is the distractor. Declines unless the prompt ends in "to" after
 * exactly two listed names of which exactly one is named again.
 *
 * @example ioiHeuristic('When John and Mary went to the store, Mary gave a flower to') // { answers: [' John'], distractors: [' Mary'] }
 */
export function ioiHeuristic(prompt: string): HeuristicAnswer | null {
  if (!/\bto$/.test(prompt)) return null;
  const found = theOneNamedOnce(prompt);
  if (!found || found.list.names.length !== 2) return null;
  return { answers: [` ${found.once}`], distractors: found.others.map((n) => ` ${n}`) };
}

/**
 * The 15 templates of the IOI dataset (Wang et al. 2022, "Interpretability in the Wild"), cut
 * before the final name so that the prompt ends at "to". {N1} and {N2} are the pair as
 * introduced, {S} the subject named again: BABA when N1 = S, ABBA when N2 = S.
 */
export const IOI_TEMPLATES: readonly string[] = [
  'Then, {N1} and {N2} went to the {PLACE}. {S} gave a {OBJECT} to',
  'Then, {N1} and {N2} had a lot of fun at the {PLACE}. {S} gave a {OBJECT} to',
  'Then, {N1} and {N2} were working at the {PLACE}. {S} decided to give a {OBJECT} to',
  'Then, {N1} and {N2} were thinking about going to the {PLACE}. {S} wanted to give a {OBJECT} to',
  'Then, {N1} and {N2} had a long argument, and afterwards {S} said to',
  'After {N1} and {N2} went to the {PLACE}, {S} gave a {OBJECT} to',
  'When {N1} and {N2} got a {OBJECT} at the {PLACE}, {S} decided to give it to',
  'When {N1} and {N2} got a {OBJECT} at the {PLACE}, {S} decided to give the {OBJECT} to',
  'While {N1} and {N2} were working at the {PLACE}, {S} gave a {OBJECT} to',
  'While {N1} and {N2} were commuting to the {PLACE}, {S} gave a {OBJECT} to',
  'After the lunch, {N1} and {N2} went to the {PLACE}. {S} gave a {OBJECT} to',
  'Afterwards, {N1} and {N2} went to the {PLACE}. {S} gave a {OBJECT} to',
  'Then, {N1} and {N2} had a long argument. Afterwards {S} said to',
  'The {PLACE} {N1} and {N2} went to had a {OBJECT}. {S} gave it to',
  'Friends {N1} and {N2} found a {OBJECT} at the {PLACE}. {S} gave it to',
];

type IoiMeta = {
  template: number;
  order: 'ABBA' | 'BABA';
  slots: Record<'N1' | 'N2' | 'S' | 'PLACE' | 'OBJECT', string>;
  io: string;
  expected: string;
};

function generate(rng: Rng, n: number): TaskInstance<IoiMeta>[] {
  return Array.from({ length: n }, (_, i) => {
    const template = Math.floor(rng() * IOI_TEMPLATES.length);
    const [io, s] = sample(rng, FIRST_NAMES, 2);
    // alternate the two orders so every run has both in equal share
    const order = i % 2 === 0 ? 'ABBA' : 'BABA';
    const [N1, N2] = order === 'ABBA' ? [io, s] : [s, io];
    const slots = { N1, N2, S: s, PLACE: pick(rng, PLACES), OBJECT: pick(rng, OBJECTS) };
    const meta: IoiMeta = { template, order, slots, io, expected: ` ${io}` };
    return { prompt: fillTemplate(IOI_TEMPLATES[template], slots), meta: { ...meta }, source: 'template' as const };
  });
}

/**
 * The second mention of the subject becomes a third name (the "ABC" corruption of the IOI
 * paper): no name is repeated any more, so nothing says which of the pair is the recipient.
 */
function control(instance: TaskInstance<IoiMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.slots) return null;
  const third = pick(rng, FIRST_NAMES.filter((name) => name !== meta.slots.N1 && name !== meta.slots.N2));
  return fillTemplate(IOI_TEMPLATES[meta.template], { ...meta.slots, S: third });
}

export const ioi: TaskDefinition<IoiMeta> = {
  id: 'ioi',
  title: 'Indirect object identification',
  description:
    'Two people are introduced, one of them is named again as the giver, and the sentence ends at "to"; the model ' +
    'should name the other one ("When John and Mary went to the store, Mary gave a flower to" → " John", not " Mary"). ' +
    'Both name orders (ABBA, BABA), the 15 templates of Wang et al. 2022, single-token names, places and objects.',
  status: 'known',
  generate,
  heuristic: ioiHeuristic,
  control,
  // every " to Name" with two names joined by "and" earlier on the same line; the heuristic decides the rest
  // " to" comes first so the engine jumps from " to" to " to"; the two names are checked behind it.
  regex: { source: String.raw` to(?<=\b[A-Z][a-z]+ and [A-Z][a-z]+\b[^\n]{0,200} to)(?<answer> [A-Z][a-z]+)\b`, engine: 'js' },
  origin: 'builtin',
};
