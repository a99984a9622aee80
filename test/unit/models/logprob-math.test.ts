import { describe, expect, it } from 'vitest';
import { logSumExp, rankOf, topKIndices, truncatedSoftmax } from '../../../models/logprob-math.ts';
import { seededRng } from '../../../common/random.ts';

describe('logprob math', () => {
  const rng = seededRng(1);
  const row = Float32Array.from({ length: 1000 }, () => rng() * 20 - 10);

  it('GIVEN a row of logits THEN logSumExp equals the naive float64 sum', () => {
    const naive = Math.log([...row].reduce((s, v) => s + Math.exp(v), 0));
    expect(logSumExp(row)).toBeCloseTo(naive, 10);
  });

  it('GIVEN huge logits THEN logSumExp does not overflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
  });

  it('GIVEN a row THEN topKIndices equals a full sort, largest first', () => {
    const sorted = [...row.keys()].sort((a, b) => row[b] - row[a]);
    expect(topKIndices(row, 7)).toStrictEqual(sorted.slice(0, 7));
    expect(topKIndices([3, 1, 2], 10)).toStrictEqual([0, 2, 1]);
  });

  it('GIVEN a token THEN its rank is one plus the number of strictly higher logits', () => {
    const sorted = [...row.keys()].sort((a, b) => row[b] - row[a]);
    sorted.slice(0, 50).forEach((id, i) => expect(rankOf(row, id)).toBe(i + 1));
    expect(rankOf([5, 5, 1], 1)).toBe(1);
  });

  it('GIVEN k logits and a temperature THEN truncatedSoftmax sums to one and sharpens as temperature falls', () => {
    const p1 = truncatedSoftmax([2, 1, 0], [0, 1, 2], 1);
    const cold = truncatedSoftmax([2, 1, 0], [0, 1, 2], 0.1);
    expect(p1.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(cold[0]).toBeGreaterThan(p1[0]);
  });
});
