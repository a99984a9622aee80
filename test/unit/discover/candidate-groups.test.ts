import { describe, expect, test } from 'vitest';
import { candidateGroups, cellKey, FEATURE_REGEXES, featureRates, type PositionTally } from '../../../discover/candidate-groups.ts';
import { featureBit } from '../../../discover/context-features.ts';

const SEEN = featureBit('seen-before');
const INDUCTION = SEEN | featureBit('follows-same-token');

/** positions and wins per (features, shape) cell */
function tally(cells: [mask: number, shape: string, positions: number, wins: number][]): PositionTally {
  const t: PositionTally = { positions: new Map(), wins: new Map() };
  for (const [mask, shape, n, k] of cells) {
    t.positions.set(cellKey(mask, shape), n);
    if (k > 0) t.wins.set(cellKey(mask, shape), k);
  }
  return t;
}

describe('grouping wins into candidates', () => {
  test('GIVEN induction positions that win far more often than other repeats THEN induction is credited and is the top candidate', () => {
    const t = tally([
      [INDUCTION, 'word>word', 100, 30],
      [SEEN, 'word>word', 100, 1],
      [0, 'word>word', 500, 1],
    ]);
    const rates = featureRates(t);
    expect(rates.find((r) => r.kind === 'follows-same-token')).toMatchObject({ positions: 100, wins: 30, credited: true, parent_alone: { k: 1, n: 100 } });
    const groups = candidateGroups(t, rates, 0.5, 5);
    expect(groups[0]).toMatchObject({ id: 'induction-word-word', name: 'induction', signature: ['seen-before', 'follows-same-token'], wins: 30, positions: 100, per_mb: 60, clears_bar: true });
    expect(groups.filter((g) => g.clears_bar).map((g) => g.id)).toStrictEqual(['induction-word-word']);
  });

  test('GIVEN a copier that wins as often after the same token as after any other THEN induction is not credited and its wins join "seen before"', () => {
    const t = tally([
      [INDUCTION, 'word>word', 100, 20],
      [SEEN, 'word>word', 100, 20],
      [0, 'word>word', 500, 0],
    ]);
    const rates = featureRates(t);
    expect(rates.find((r) => r.kind === 'follows-same-token')?.credited).toBe(false);
    const groups = candidateGroups(t, rates, 1, 5);
    expect(groups.map((g) => [g.id, g.signature, g.wins, g.positions])).toStrictEqual([['copy-from-context-word-word', ['seen-before'], 40, 200]]);
  });

  test('GIVEN too few wins, or a win rate no higher than where nothing explains a win THEN the group is below the bar', () => {
    const t = tally([
      [SEEN, 'word>Word', 50, 4],
      [SEEN, 'word>word', 1000, 6],
      [0, 'word>word', 1000, 6],
    ]);
    const groups = candidateGroups(t, featureRates(t), 1, 5);
    expect(groups.map((g) => [g.id, g.clears_bar])).toStrictEqual([
      ['unexplained-word-word', true],
      ['copy-from-context-word-word', false],
      ['copy-from-context-word-cap', false],
    ]);
  });
});

describe('the bar across many groups', () => {
  const SHAPES = ['word>word', 'word>Word', 'word>punct', 'punct>word', 'Word>word', 'number>word', 'word>number', 'piece>piece', 'word>piece', 'piece>word'];
  test('GIVEN one group at p ≈ 0.002 among ten groups tested THEN it does not clear the bar once the p-values are Holm-adjusted', () => {
    const t = tally([[0, 'other>other', 1000, 10], [SEEN, SHAPES[0], 100, 6], ...SHAPES.slice(1).map((shape): [number, string, number, number] => [SEEN, shape, 100, 1])]);
    const groups = candidateGroups(t, featureRates(t), 1, 5);
    const lucky = groups.find((g) => g.shape === 'word>word')!;
    expect(lucky.p_vs_unexplained!).toBeLessThan(0.01);
    expect(lucky.p_adjusted!).toBeCloseTo(10 * lucky.p_vs_unexplained!, 10);
    expect(lucky.clears_bar).toBe(false);
    // the same group tested alone clears it
    const alone = tally([[0, 'other>other', 1000, 10], [SEEN, SHAPES[0], 100, 6]]);
    expect(candidateGroups(alone, featureRates(alone), 1, 5).find((g) => g.shape === 'word>word')?.clears_bar).toBe(true);
  });

  test('GIVEN no position that no feature explains THEN no group with features clears the bar untested', () => {
    const t = tally([[SEEN, 'word>word', 10, 6]]);
    expect(candidateGroups(t, featureRates(t), 1, 5)).toMatchObject([{ id: 'copy-from-context-word-word', wins: 6, p_vs_unexplained: null, p_adjusted: null, clears_bar: false }]);
  });
});

describe("the regexes candidates propose for hunt mine", () => {
  test.each([
    ['follows-same-token', 'a red fox ran far; later, one red fox', ' fox'],
    ['seen-before', 'a garden party, then the garden', ' garden'],
    ['initials-of-words', 'the World Health Organization (WHO) said', 'WHO'],
    ['closes-bracket', 'as shown (see above) here', ')'],
    ['closes-tag', '<div class="x">text</div>', 'div'],
  ] as const)('GIVEN text with %s THEN its regex marks the answer', (feature, text, answer) => {
    const match = new RegExp(FEATURE_REGEXES[feature]!).exec(text);
    expect(match?.groups?.answer).toBe(answer);
  });
});
