import { pick, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { LASTING_EVENTS, MERGED_YEARS, YEAR_CENTURIES, YEAR_ENDING_MAX, YEAR_ENDING_MIN } from '../vocab/years.ts';

const SPAN_AT_END = /\b(?:from|between) (?:the year )?(\d{2})(\d{2}) (?:to|and|until) (?:the year )?(\d{2})$/;
const twoDigits = (k: number): string => String(k).padStart(2, '0');

/**
 * A span of years that ends in the same century as it starts must end later: "The war lasted
 * from the year 1732 to the year 17" → any of "33" … "99"; "01" … "32" are the distractors ("00" is left out: after a century it merges into one token).
 * Declines unless the prompt ends in such a span cut after the century, or when the start
 * year ends in 99 (no later year in the century).
 *
 * @example greaterThanHeuristic('The war lasted from the year 1732 to the year 17')?.answers.slice(0, 3) // ['33', '34', '35']
 */
export function greaterThanHeuristic(prompt: string): HeuristicAnswer | null {
  const m = SPAN_AT_END.exec(prompt);
  if (!m || m[1] !== m[3]) return null;
  const start = Number(m[2]);
  if (start >= 99) return null;
  const all = Array.from({ length: 100 }, (_, k) => twoDigits(k));
  // not "00": " 1200", " 1400", … are single tokens, so "00" after " 12" would be scored across a merge
  return { answers: all.slice(start + 1), distractors: all.slice(1, start + 1) };
}

type GreaterThanMeta = {
  event: string;
  century: number;
  start: number;
  expected: string;
};

const render = (m: GreaterThanMeta, start: number): string =>
  `The ${m.event} lasted from the year ${m.century}${twoDigits(start)} to the year ${m.century}`;

function generate(rng: Rng, n: number): TaskInstance<GreaterThanMeta>[] {
  return Array.from({ length: n }, () => {
    const century = pick(rng, YEAR_CENTURIES);
    let start: number;
    do start = YEAR_ENDING_MIN + Math.floor(rng() * (YEAR_ENDING_MAX - YEAR_ENDING_MIN + 1));
    while (MERGED_YEARS.has(century * 100 + start));
    const meta: GreaterThanMeta = { event: pick(rng, LASTING_EVENTS), century, start, expected: twoDigits(start + 1) };
    return { prompt: render(meta, start), meta: { ...meta }, source: 'template' as const };
  });
}

/** The start year becomes …01, the corruption of Hanna et al.: the threshold the answer must beat is gone. */
function control(instance: TaskInstance<GreaterThanMeta>): string | null {
  const meta = instance.meta;
  if (!meta?.event) return null;
  return render(meta, 1);
}

export const greaterThan: TaskDefinition<GreaterThanMeta> = {
  id: 'greater-than',
  title: 'Greater-than on years',
  description:
    'A span of years within one century, cut after the second century ("The war lasted from the year 1732 to the ' +
    'year 17"); the model should put its probability on endings above the start ("33"…"99"). Hanna et al. 2023, ' +
    '"How does GPT-2 compute greater-than?". Scored as the summed probability of all larger endings.',
  status: 'proposed',
  generate,
  heuristic: greaterThanHeuristic,
  control,
  regex: { source: String.raw`\b(?:from|between) (?:the year )?(?<c>1\d)\d\d (?:to|and|until) (?:the year )?\k<c>(?<answer>\d\d)\b` },
  origin: 'builtin',
};
