import { pick, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, MinedMatch, TaskDefinition, TaskInstance } from '../task-types.ts';
import { ORG_FIELDS, ORG_KINDS, ORG_MODIFIERS } from '../vocab/organisation-words.ts';

/** small words that acronyms skip inside a name: "Bureau of Labor Statistics" → BLS */
const CONNECTORS: ReadonlySet<string> = new Set(['of', 'and', 'for', 'on', 'in', 'the', '&']);
/** an article that opens the name is not part of the acronym: "The Big Government Agency" → BGA */
const LEADING_ARTICLES: ReadonlySet<string> = new Set(['The', 'A', 'An']);
const MAX_WORDS = 6;

/**
 * The initials of the capitalised words just before an opening parenthesis at the end of the
 * prompt: "… released by the Big Government Agency (" → "BGA". Declines unless the prompt ends
 * in "(" after at least two capitalised words.
 *
 * @example acronymHeuristic('In a statement released by the Big Government Agency (') // { answers: ['BGA'] }
 */
export function acronymHeuristic(prompt: string): HeuristicAnswer | null {
  if (!prompt.endsWith('(')) return null;
  // The name is at most MAX_WORDS words: its tail is all that is read, however long the prompt.
  const words = prompt.slice(-400, -1).trimEnd().split(/\s+/).filter(Boolean);
  const name: string[] = [];
  for (let i = words.length - 1; i >= 0 && name.length < MAX_WORDS; i--) {
    const w = words[i];
    if (/^[A-Z][A-Za-z]*$/.test(w)) name.unshift(w);
    else if (CONNECTORS.has(w) && i > 0 && /^[A-Z]/.test(words[i - 1]) && name.length > 0) continue;
    else break;
  }
  while (name.length > 0 && LEADING_ARTICLES.has(name[0])) name.shift();
  if (name.length < 2) return null;
  return { answers: [name.map((w) => w[0]).join('')] };
}

/**
 * Mining precondition: the letters in the parenthesis are the initials of the words right
 * before it (connectors skipped), as in "Bureau of Labor Statistics (BLS" — not an author's
 * name before a project's acronym ("Martin Sprickerhof (GCS").
 *
 * @example spellsInitials({ prompt: 'the Bureau of Labor Statistics (', actual: 'BLS', after: ')' }) // true
 */
export function spellsInitials({ prompt, actual }: MinedMatch): boolean {
  if (!prompt.endsWith('(')) return false;
  const tail = prompt.slice(-300, -1);
  // the words since the last parenthesis before this one
  const name = tail.slice(Math.max(tail.lastIndexOf('('), tail.lastIndexOf(')')) + 1).trimEnd();
  const words = name.split(/\s+/).map((w) => w.replace(/^[^\p{L}&]+|[^\p{L}&]+$/gu, '')).filter(Boolean);
  const initials: string[] = [];
  for (let i = words.length - 1; i >= 0 && initials.length < actual.length; i--) {
    const w = words[i];
    if (/^\p{Lu}/u.test(w)) initials.unshift(w[0]);
    else if (!(CONNECTORS.has(w) && initials.length > 0)) return false;
  }
  return initials.join('') === actual;
}

/** the text before the organisation's name; the prompt is prefix + name + " (" */
const PREFIXES: readonly string[] = [
  'In a statement released by the',
  'According to a new report from the',
  'The meeting was organised by the',
  'Funding for the project came from the',
  'A spokesperson for the',
  'Officials at the',
  'The study was published by the',
  'Last year, the',
  'She has worked for the',
  'Applications must be sent to the',
  'The rules were changed by the',
  'He is the director of the',
];

type AcronymMeta = {
  prefix: number;
  words: string[];
  expected: string;
};

/** modifier + field + kind, sometimes with a second field: "Big Government Agency", "National Water Energy Council" */
function organisation(rng: Rng): string[] {
  const fields = rng() < 0.25 ? [pick(rng, ORG_FIELDS), pick(rng, ORG_FIELDS)] : [pick(rng, ORG_FIELDS)];
  return [pick(rng, ORG_MODIFIERS), ...fields, pick(rng, ORG_KINDS)];
}

const asPrompt = (prefix: number, words: readonly string[]): string => `${PREFIXES[prefix]} ${words.join(' ')} (`;

function generate(rng: Rng, n: number): TaskInstance<AcronymMeta>[] {
  return Array.from({ length: n }, () => {
    const prefix = Math.floor(rng() * PREFIXES.length);
    const words = organisation(rng);
    const meta: AcronymMeta = { prefix, words, expected: words.map((w) => w[0]).join('') };
    return { prompt: asPrompt(prefix, words), meta: { ...meta }, source: 'template' as const };
  });
}

/** Every word of the name is replaced by one of the same kind that starts with another letter. */
function control(instance: TaskInstance<AcronymMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.words) return null;
  const last = meta.words.length - 1;
  const words = meta.words.map((w, i) => {
    const pool = i === 0 ? ORG_MODIFIERS : i === last ? ORG_KINDS : ORG_FIELDS;
    return pick(rng, pool.filter((x) => x[0] !== w[0]));
  });
  return asPrompt(meta.prefix, words);
}

export const acronym: TaskDefinition<AcronymMeta> = {
  id: 'acronym',
  title: 'Acronyms from capitalised names',
  description:
    'An organisation\'s name is followed by an opening parenthesis; the model should write its acronym ' +
    '("… the Big Government Agency (" → "BGA"). Studied in García-Carrasco et al. 2024, "How does GPT-2 predict acronyms?".',
  status: 'known',
  generate,
  heuristic: acronymHeuristic,
  control,
  // The "(" comes first so the engine jumps from parenthesis to parenthesis; the name is checked behind it.
  // Small connectors may sit between the capitalised words ("Bureau of Labor Statistics").
  regex: { source: String.raw`\((?<=\b[A-Z][a-z]+(?: (?:of |and |for |on |in |the |& )?[A-Z][a-z]+){1,5} \()(?<answer>[A-Z]{2,6})\b`, engine: 'js' },
  isInstance: spellsInitials,
  origin: 'builtin',
};
