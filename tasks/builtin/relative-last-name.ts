import { pick, type Rng } from '../../common/random.ts';
import { fillTemplate } from '../template-slots.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from '../vocab/gendered-first-names.ts';
import { LAST_NAMES } from '../vocab/last-names.ts';

/** relatives who usually carry the family name */
const FAMILY: readonly string[] = [
  'son', 'daughter', 'brother', 'sister', 'father', 'mother', 'grandson', 'granddaughter', 'grandfather',
  'grandmother', 'wife', 'husband',
];
/** the relations naming a man; the rest name a woman */
const MALE_RELATIONS: ReadonlySet<string> = new Set(['son', 'brother', 'father', 'grandson', 'grandfather', 'husband']);

/** relations that say nothing about the surname: the control's replacement */
const NOT_FAMILY: readonly string[] = ['friend', 'neighbor', 'boss', 'lawyer', 'colleague', 'doctor', 'assistant', 'driver'];

const RELATIVE_AT_END = /\b([A-Z][a-z]+) ([A-Z][a-z]+)['’]s ([a-z]+), ([A-Z][a-z]+)$/;

/**
 * The family name of a relative just named: "John Smith's son, Peter" → " Smith". Declines
 * unless the prompt ends in "<First> <Last>'s <relative>, <First>" with a relative who
 * normally shares the surname (son, sister, wife, …; not friend or boss).
 *
 * @example relativeLastNameHeuristic("John Smith's son, Peter") // { answers: [' Smith'] }
 */
export function relativeLastNameHeuristic(prompt: string): HeuristicAnswer | null {
  const m = RELATIVE_AT_END.exec(prompt);
  if (!m || !FAMILY.includes(m[3])) return null;
  return { answers: [` ${m[2]}`] };
}

/** {F} {L}: the person, {R}: the relation, {G}: the relative's first name */
const TEMPLATES: readonly string[] = [
  '{F} {L}\'s {R}, {G}',
  'Yesterday I had dinner with {F} {L}\'s {R}, {G}',
  'The award was accepted on his behalf by {F} {L}\'s {R}, {G}',
  'Among the guests at the wedding was {F} {L}\'s {R}, {G}',
  'We were introduced to {F} {L}\'s {R}, {G}',
  'The house now belongs to {F} {L}\'s {R}, {G}',
  'In the photo, standing on the left, is {F} {L}\'s {R}, {G}',
  'The business was taken over by {F} {L}\'s {R}, {G}',
];

type RelativeMeta = {
  template: number;
  slots: { F: string; L: string; R: string; G: string };
  expected: string;
};

function generate(rng: Rng, n: number): TaskInstance<RelativeMeta>[] {
  return Array.from({ length: n }, () => {
    const template = Math.floor(rng() * TEMPLATES.length);
    // "on his behalf": that template's person is a man; elsewhere either
    const F = pick(rng, TEMPLATES[template].includes(' his ') || rng() < 0.5 ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
    const R = pick(rng, FAMILY);
    // the relative's first name has the relation's gender: not "Hugo Stewart's daughter, Walter"
    const G = pick(rng, (MALE_RELATIONS.has(R) ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES).filter((g) => g !== F));
    const slots = { F, L: pick(rng, LAST_NAMES), R, G };
    const meta: RelativeMeta = { template, slots, expected: ` ${slots.L}` };
    return { prompt: fillTemplate(TEMPLATES[template], slots), meta: { ...meta }, source: 'template' as const };
  });
}

/** The relative becomes a friend, boss, …: nothing says they share the surname any more. */
function control(instance: TaskInstance<RelativeMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.slots) return null;
  return fillTemplate(TEMPLATES[meta.template], { ...meta.slots, R: pick(rng, NOT_FAMILY) });
}

export const relativeLastName: TaskDefinition<RelativeMeta> = {
  id: 'relative-last-name',
  title: 'Last name from a relative',
  description:
    'A relative is introduced through a named person ("John Smith\'s son, Peter"); the model should give the ' +
    'relative the same family name (" Smith").',
  status: 'known',
  generate,
  heuristic: relativeLastNameHeuristic,
  control,
  regex: {
    source: String.raw`\b[A-Z][a-z]+ [A-Z][a-z]+['’]s (?:son|daughter|brother|sister|father|mother|grandson|granddaughter|grandfather|grandmother|wife|husband), [A-Z][a-z]+(?<answer> [A-Z][a-z]+)`,
    engine: 'js',
  },
  origin: 'builtin',
};
