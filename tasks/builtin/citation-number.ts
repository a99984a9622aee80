import { sample, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, MinedMatch, TaskDefinition, TaskInstance } from '../task-types.ts';
import { CLAIMS } from '../vocab/claims.ts';

/**
 * a numeric citation: "[3]", "[3, 4]", "[3-5]", "[3–5]" — not an index in code: a bracket right
 * after an identifier, a closing bracket or parenthesis, or a quote is `argv[1]`, `a[i][2]`, `f()[0]`
 */
const CITATION = /(?<![\w\])'"])\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;
/** a prompt that opens an index in code rather than a citation */
const CODE_BRACKET = /[\w\])'"]\[$/;

/**
 * The next citation number: one more than the highest number cited so far, when the prompt
 * ends in an opening bracket ("… conductors [1]. However, this is not always the case [" → "2").
 * Declines unless the prompt ends in "[" and cites at least one number before.
 *
 * @example citationHeuristic('Copper is a good conductor [1]. However, this is not always the case [') // { answers: ['2'] }
 */
export function citationHeuristic(prompt: string): HeuristicAnswer | null {
  if (!prompt.endsWith('[') || CODE_BRACKET.test(prompt)) return null;
  const numbers = [...prompt.matchAll(CITATION)].flatMap((m) => m[1].split(/\s*[,–-]\s*/).map(Number));
  if (numbers.length === 0) return null;
  return { answers: [String(Math.max(...numbers) + 1)] };
}

/** Mining precondition: the number closes a citation ("[12]", "[12, 13]", "[12–14]"), not an index into something. */
export function closesCitation({ after }: MinedMatch): boolean {
  return /^\s*[\],–-]/.test(after);
}

type CitationMeta = {
  claims: string[];
  numbers: number[];
  expected: string;
};

function render(claims: readonly string[], numbers: readonly number[]): string {
  const cited = numbers.map((k, i) => `${claims[i]} [${k}].`).join(' ');
  return `${cited} ${claims[numbers.length]} [`;
}

function generate(rng: Rng, n: number): TaskInstance<CitationMeta>[] {
  return Array.from({ length: n }, () => {
    const count = 1 + Math.floor(rng() * 4);
    // most papers are early in their reference list, some far into it
    const start = rng() < 0.6 ? 1 + Math.floor(rng() * 5) : 1 + Math.floor(rng() * 60);
    const claims = sample(rng, CLAIMS, count + 1);
    const numbers = Array.from({ length: count }, (_, i) => start + i);
    const meta: CitationMeta = { claims, numbers, expected: String(start + count) };
    return { prompt: render(claims, numbers), meta: { ...meta }, source: 'template' as const };
  });
}

/**
 * The earlier citations get unrelated numbers in no order, none of which is the expected
 * number or one below it: the running count is gone.
 */
function control(instance: TaskInstance<CitationMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.numbers) return null;
  const expected = Number(meta.expected);
  const pool = Array.from({ length: 99 }, (_, i) => i + 1).filter((k) => k !== expected && k !== expected - 1);
  return render(meta.claims, sample(rng, pool, meta.numbers.length));
}

export const citationNumber: TaskDefinition<CitationMeta> = {
  id: 'citation-number',
  title: 'Incrementing citation numbers',
  description:
    'Sentences carry numbered citations in order and the next one opens a bracket; the model should write the next ' +
    'number ("… conductors [1]. However, this is not always the case [" → "2").',
  status: 'known',
  generate,
  heuristic: citationHeuristic,
  control,
  // A citation with another one shortly before it, neither of them after an identifier, a
  // closing bracket or a quote (code: `argv[1]`). The "[" comes first so the engine jumps from
  // bracket to bracket and only then looks behind.
  regex: { source: String.raw`\[(?<=(?:^|[^\w\])'"])\[)(?<=(?:^|[^\w\])'"])\[\d+\][^\[\]]{1,400}\[)(?<answer>\d+)\b`, engine: 'js' },
  isInstance: closesCitation,
  origin: 'builtin',
};
