import { pick, sample, type Rng } from '../../common/random.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from '../task-types.ts';
import { ORDERED_SEQUENCES } from '../vocab/ordered-sequences.ts';

/** sequences that wrap around: after Sunday comes Monday again */
const CYCLIC: ReadonlySet<string> = new Set(['weekdays', 'months']);
const LIST_AT_END = /((?:[A-Za-z]+, )+[A-Za-z]+),$/;

const capitalise = (w: string): string => w[0].toUpperCase() + w.slice(1);

/**
 * The next item of a well-known ordered sequence listed in order at the end of the prompt:
 * "The shop is open on Monday, Tuesday, Wednesday," → " Thursday". The last two or more
 * comma-separated items must be consecutive in one sequence (weekdays and months wrap
 * around); the answer copies the last item's capitalisation. Declines otherwise.
 *
 * @example successorHeuristic('The shop is open on Monday, Tuesday, Wednesday,') // { answers: [' Thursday'] }
 */
export function successorHeuristic(prompt: string): HeuristicAnswer | null {
  const m = LIST_AT_END.exec(prompt);
  if (!m) return null;
  const items = m[1].split(', ');
  const last = items[items.length - 1];
  for (const [kind, sequence] of Object.entries(ORDERED_SEQUENCES)) {
    const lower = sequence.map((s) => s.toLowerCase());
    const positions = items.map((item) => lower.indexOf(item.toLowerCase()));
    // the run of consecutive items that ends the list
    let run = 1;
    while (run < items.length) {
      const a = positions[items.length - run - 1];
      const b = positions[items.length - run];
      if (a < 0 || b < 0 || (b - a !== 1 && !(CYCLIC.has(kind) && a === sequence.length - 1 && b === 0))) break;
      run++;
    }
    const at = positions[items.length - 1];
    if (run < 2 || at < 0) continue;
    const nextAt = at + 1 < sequence.length ? at + 1 : CYCLIC.has(kind) ? 0 : -1;
    if (nextAt < 0) return null;
    const next = sequence[nextAt];
    return { answers: [` ${/^[A-Z]/.test(last) ? capitalise(next) : next.toLowerCase()}`] };
  }
  return null;
}

const FRAMES: Readonly<Record<string, readonly string[]>> = {
  weekdays: ['The shop is open on {LIST},', 'The class meets on {LIST},', 'She worked late on {LIST},', 'Deliveries arrive on {LIST},'],
  months: ['The festival runs through {LIST},', 'Rainfall was highest in {LIST},', 'We travelled in {LIST},', 'Payments are due in {LIST},'],
  numbers: ['Count with me: {LIST},', 'The children counted {LIST},', 'The steps are numbered {LIST},'],
  letters: ['The options are {LIST},', 'Label the rows {LIST},', 'The answers were {LIST},'],
};

type SuccessorMeta = {
  kind: string;
  frame: number;
  items: string[];
  expected: string;
};

const render = (m: SuccessorMeta, items: readonly string[]): string => FRAMES[m.kind][m.frame].replace('{LIST}', items.join(', '));

/** the prompts the frames and sequences can make are limited: past this many tries a repeat is accepted */
const DISTINCT_TRIES = 50;

/** n prompts, distinct while the frames and sequences allow (a repeated prompt is no new evidence). */
function generate(rng: Rng, n: number): TaskInstance<SuccessorMeta>[] {
  const seen = new Set<string>();
  return Array.from({ length: n }, () => {
    let instance = generateOne(rng);
    for (let tries = 1; seen.has(instance.prompt) && tries < DISTINCT_TRIES; tries++) instance = generateOne(rng);
    seen.add(instance.prompt);
    return instance;
  });
}

function generateOne(rng: Rng): TaskInstance<SuccessorMeta> {
  const kinds = Object.keys(FRAMES);
  return (() => {
    const kind = pick(rng, kinds);
    const sequence = ORDERED_SEQUENCES[kind];
    const length = 2 + Math.floor(rng() * 3);
    // cyclic sequences may start anywhere; the others must leave room for the answer
    const room = CYCLIC.has(kind) ? sequence.length : sequence.length - length;
    const first = Math.floor(rng() * room);
    const items = Array.from({ length }, (_, i) => sequence[(first + i) % sequence.length]);
    const meta: SuccessorMeta = {
      kind,
      frame: Math.floor(rng() * FRAMES[kind].length),
      items,
      expected: ` ${sequence[(first + length) % sequence.length]}`,
    };
    return { prompt: render(meta, items), meta: { ...meta }, source: 'template' as const };
  })();
}

/** The same number of items from the same sequence, none next to the one before it: no order left to continue. */
function control(instance: TaskInstance<SuccessorMeta>, rng: Rng): string | null {
  const meta = instance.meta;
  if (!meta?.items) return null;
  const sequence = ORDERED_SEQUENCES[meta.kind];
  const expected = sequence.indexOf(meta.expected.trim());
  // nor the item just before the answer, which alone would still point at it
  const before = (expected + sequence.length - 1) % sequence.length;
  const allowed = sequence.map((_, i) => i).filter((i) => i !== expected && i !== before);
  // greedy picks can paint themselves into a corner: start again a few times
  for (let attempt = 0; attempt < 50; attempt++) {
    const order = sample(rng, allowed, allowed.length);
    const picked: number[] = [];
    for (const at of order) {
      if (picked.length === meta.items.length) break;
      const gap = picked.length === 0 ? Infinity : Math.abs(at - picked[picked.length - 1]);
      if (gap > 1 && !(CYCLIC.has(meta.kind) && gap === sequence.length - 1)) picked.push(at);
    }
    if (picked.length === meta.items.length) return render(meta, picked.map((at) => sequence[at]));
  }
  return null;
}

export const successor: TaskDefinition<SuccessorMeta> = {
  id: 'successor',
  title: 'Next item of a well-known sequence',
  description:
    'Days, months, number words or letters listed in order; the model should continue with the next one ' +
    '("The shop is open on Monday, Tuesday, Wednesday," → " Thursday").',
  status: 'proposed',
  generate,
  heuristic: successorHeuristic,
  control,
  regex: {
    source: String.raw`\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|one|two|three|four|five|six|seven|eight|nine|ten|eleven|[A-Z]), (?:[A-Za-z]+, )*[A-Za-z]+,(?<answer> [A-Za-z]+)`,
  },
  origin: 'builtin',
};
