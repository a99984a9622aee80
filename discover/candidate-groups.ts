import { proportion } from '../corpus/proportion-interval.ts';
import { FEATURES, featureBit, featuresOf, REFINES, type Feature } from './context-features.ts';
import type { Candidate, FeatureRate, WinRate } from './discover-report.ts';
import { holmAdjust } from '../tasks/metrics/significance.ts';
import { fisherGreaterP } from './fisher-test.ts';
import { TOKEN_CLASSES } from './token-class.ts';

/** a refinement, and a candidate over the unexplained positions, must reach this one-sided p-value */
export const CREDIT_P = 0.01;

/** Positions counted per (feature mask, shape) cell, and which of them were wins. */
export interface PositionTally {
  /** key `${mask}|${shape}` → positions */
  positions: Map<string, number>;
  /** key `${mask}|${shape}` → wins */
  wins: Map<string, number>;
}

export const cellKey = (mask: number, shape: string): string => `${mask}|${shape}`;
const splitKey = (key: string): { mask: number; shape: string } => {
  const bar = key.indexOf('|');
  return { mask: Number(key.slice(0, bar)), shape: key.slice(bar + 1) };
};

/** Name suggested by the most specific feature first. */
const NAMES: [Feature, string, string][] = [
  ['closes-tag', 'closing-tag', 'after "</", write the name of the innermost tag still open'],
  ['initials-of-words', 'acronym', 'write the initials of the capitalized words just before (World Health Organization → WHO)'],
  ['number-plus-one', 'number-successor', 'write one more than the number earlier on'],
  ['other-case', 'case-change', 'repeat an earlier word in another case'],
  ['closes-bracket', 'closing-bracket', 'close the innermost bracket or quote still open'],
  ['follows-same-token', 'induction', 'find the last earlier occurrence of the current token and copy the token that followed it'],
  ['repeats-line-shape', 'list-structure', 'an earlier line began like this one: copy its token at this place'],
  ['seen-before', 'copy-from-context', 'predict a token already in the context'],
];

/** Regexes for `hunt mine`, one per feature that a regex can find (JS syntax, a named group "answer"). */
export const FEATURE_REGEXES: Partial<Record<Feature, string>> = {
  'follows-same-token': String.raw`\b(?<prev>\w+)(?<next> \w+)\b[\s\S]{1,2000}?\b\k<prev>(?<answer>\k<next>)\b`,
  'seen-before': String.raw`\b(?<word>\w{3,})\b[\s\S]{1,2000}?(?<answer> \k<word>)\b`,
  'initials-of-words': String.raw`\b(?:[A-Z][a-z]+ ){1,5}[A-Z][a-z]+ \((?<answer>[A-Z]{2,6})\)`,
  'closes-bracket': String.raw`\([^()\n]{1,200}(?<answer>\))`,
  'closes-tag': String.raw`<(?<tag>[a-z][a-z0-9]*)\b[^>]*>[^<]{0,500}</(?<answer>\k<tag>)>`,
};

const SHAPE_SLUG: Record<(typeof TOKEN_CLASSES)[number], string> = { word: 'word', Word: 'cap', UPPER: 'upper', piece: 'piece', number: 'num', punct: 'punct', newline: 'nl', other: 'other' };
const shapeSlug = (shape: string): string =>
  shape
    .split('>')
    .map((c) => SHAPE_SLUG[c as keyof typeof SHAPE_SLUG] ?? 'other')
    .join('-');

/**
 * Each feature's win rate; a refinement (induction refines "seen before") is credited only when
 * its positions win more often than the parent's positions without it (one-sided Fisher exact
 * test, p < CREDIT_P). A copier wins wherever a token was seen, whatever came before it: its
 * "induction" positions win no more often than the rest, so induction is not credited to it.
 */
export function featureRates(tally: PositionTally): FeatureRate[] {
  const sums = (test: (mask: number) => boolean): { n: number; k: number } => {
    let n = 0;
    let k = 0;
    for (const [key, count] of tally.positions) {
      if (!test(splitKey(key).mask)) continue;
      n += count;
      k += tally.wins.get(key) ?? 0;
    }
    return { n, k };
  };
  return FEATURES.map((feature): FeatureRate => {
    const bit = featureBit(feature);
    const own = sums((m) => (m & bit) !== 0);
    const base = { kind: feature, positions: own.n, wins: own.k, rate: proportion(own.k, own.n) };
    const parent = REFINES[feature];
    if (!parent) return { ...base, credited: true };
    const alone = sums((m) => (m & featureBit(parent)) !== 0 && (m & bit) === 0);
    const p = fisherGreaterP(own.k, own.n, alone.k, alone.n);
    return { ...base, refines: parent, parent_alone: proportion(alone.k, alone.n), p_value: p, credited: p < CREDIT_P };
  });
}

/** Wins per class of the predicted token. */
export function classRates(tally: PositionTally): WinRate[] {
  const rows = new Map<string, { n: number; k: number }>();
  for (const [key, count] of tally.positions) {
    const kind = splitKey(key).shape.split('>')[1];
    const row = rows.get(kind) ?? { n: 0, k: 0 };
    row.n += count;
    row.k += tally.wins.get(key) ?? 0;
    rows.set(kind, row);
  }
  return [...rows].map(([kind, r]) => ({ kind, positions: r.n, wins: r.k, rate: proportion(r.k, r.n) })).sort((a, b) => b.wins - a.wins || b.positions - a.positions);
}

/** A mask with the uncredited refinements taken out: the signature wins are grouped by. */
export function creditedMask(mask: number, rates: readonly FeatureRate[]): number {
  let out = mask;
  for (const r of rates) if (!r.credited) out &= ~featureBit(r.kind);
  return out;
}

export interface CandidateGroup extends Omit<Candidate, 'examples'> {
  /** the credited mask: wins whose creditedMask equals it belong here */
  mask: number;
  clears_bar: boolean;
}

/**
 * Group wins by credited signature and shape into candidate behaviours, largest first. A group
 * clears the bar with at least `minWins` wins and, unless nothing explains it, a win rate above
 * that of the positions no feature explains: a one-sided Fisher exact test per group, the
 * p-values Holm-adjusted across every group tested (a scan tests hundreds of groups; at
 * p < 0.01 each, a few would pass by chance), adjusted p < CREDIT_P. With no unexplained
 * positions there is nothing to compare with, and no group with features clears the bar.
 * Fisher's test counts positions as independent draws; positions of one document are not
 * (one repeated span gives many wins), so the p-values are optimistic for corpora of few,
 * long documents.
 */
export function candidateGroups(tally: PositionTally, rates: readonly FeatureRate[], megabytes: number, minWins: number): CandidateGroup[] {
  const groups = new Map<string, { mask: number; shape: string; n: number; k: number }>();
  let unexplained = { n: 0, k: 0 };
  for (const [key, count] of tally.positions) {
    const { mask, shape } = splitKey(key);
    const credited = creditedMask(mask, rates);
    const wins = tally.wins.get(key) ?? 0;
    if (credited === 0) unexplained = { n: unexplained.n + count, k: unexplained.k + wins };
    const gkey = cellKey(credited, shape);
    const g = groups.get(gkey) ?? { mask: credited, shape, n: 0, k: 0 };
    g.n += count;
    g.k += wins;
    groups.set(gkey, g);
  }
  const used = new Set<string>();
  const listed = [...groups.values()].filter((g) => g.k > 0).sort((a, b) => b.k - a.k || a.shape.localeCompare(b.shape) || a.mask - b.mask);
  const raw = listed.map((g) => (g.mask === 0 || unexplained.n === 0 ? null : fisherGreaterP(g.k, g.n, unexplained.k, unexplained.n)));
  const tested = raw.flatMap((p, i) => (p === null ? [] : [i]));
  const holm = holmAdjust(tested.map((i) => raw[i]!));
  const adjusted = new Map(tested.map((i, j) => [i, holm[j]]));
  return listed.map((g, i): CandidateGroup => {
    const signature = featuresOf(g.mask);
    const [primary, name, heuristic] = NAMES.find(([f]) => signature.includes(f)) ?? [undefined, 'unexplained', 'no known feature explains it: read the examples'];
    let id = `${name}-${shapeSlug(g.shape)}`;
    for (let n = 2; used.has(id); n++) id = `${name}-${shapeSlug(g.shape)}-${n}`;
    used.add(id);
    const p = raw[i];
    const pAdjusted = adjusted.get(i) ?? null;
    return {
      id,
      name,
      mask: g.mask,
      signature,
      shape: g.shape,
      wins: g.k,
      positions: g.n,
      rate: proportion(g.k, g.n),
      per_mb: megabytes > 0 ? g.k / megabytes : 0,
      p_vs_unexplained: p,
      p_adjusted: pAdjusted,
      heuristic,
      regex: primary ? (FEATURE_REGEXES[primary] ?? null) : null,
      // p is null for the unexplained group itself (it clears on its count) and, for any other, only when nothing is left to compare with
      clears_bar: g.k >= minWins && (g.mask === 0 || (pAdjusted !== null && pAdjusted < CREDIT_P)),
    };
  });
}
