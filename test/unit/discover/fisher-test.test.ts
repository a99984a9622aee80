import { describe, expect, test } from 'vitest';
import { fisherGreaterP, logGamma } from '../../../discover/fisher-test.ts';

/** the same tail from exact integer binomials: an independent computation */
function exactTail(k1: number, n1: number, k0: number, n0: number): number {
  const choose = (n: number, k: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
  };
  const k = k1 + k0;
  let num = 0n;
  for (let x = k1; x <= Math.min(k, n1); x++) num += choose(k, x) * choose(n1 + n0 - k, n1 - x);
  return Number((num * 10n ** 15n) / choose(n1 + n0, n1)) / 1e15;
}

describe('the one-sided Fisher exact test', () => {
  test('GIVEN ln Γ at whole numbers THEN it is ln of the factorial', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
  });

  test.each([
    [8, 10, 1, 10],
    [1, 10, 1, 10],
    [3, 3, 0, 3],
    [0, 20, 5, 20],
    [12, 40, 3, 60],
  ])('GIVEN %i of %i against %i of %i THEN the p-value equals the exact hypergeometric tail', (k1, n1, k0, n0) => {
    expect(fisherGreaterP(k1, n1, k0, n0)).toBeCloseTo(exactTail(k1, n1, k0, n0), 10);
  });

  test('GIVEN no successes, or an empty group THEN there is no evidence: p is 1', () => {
    expect(fisherGreaterP(0, 10, 0, 10)).toBe(1);
    expect(fisherGreaterP(3, 3, 0, 0)).toBe(1);
  });
});
