/**
 * Significance tests and multiple-comparison corrections, exact and dependency-free.
 * Every p-value here is one-sided: the hypothesis tested is always "the model does better".
 */

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}

/**
 * The exact one-sided sign test: P(at least `positives` of `positives + negatives` fair coin
 * flips come up heads). Ties (differences of exactly 0) are dropped before calling, as the
 * textbook test does; with no untied pairs the p-value is 1 (no evidence either way).
 *
 * @example signTestP(9, 1) // 0.0107 (11 / 1024)
 */
export function signTestP(positives: number, negatives: number): number {
  const n = positives + negatives;
  if (n === 0) return 1;
  let p = 0;
  for (let k = positives; k <= n; k++) p += Math.exp(logChoose(n, k) - n * Math.log(2));
  return Math.min(1, p);
}

/** The sign test on a list of paired differences: positive = the model side wins. */
export function signTestOf(differences: readonly number[]): { positives: number; negatives: number; ties: number; p: number } {
  let positives = 0;
  let negatives = 0;
  for (const d of differences) {
    if (d > 0) positives++;
    else if (d < 0) negatives++;
  }
  return { positives, negatives, ties: differences.length - positives - negatives, p: signTestP(positives, negatives) };
}

/**
 * Holm's step-down correction (controls the family-wise error rate, valid under any
 * dependence): sort the m p-values, multiply the i-th smallest by m − i, keep the sequence
 * non-decreasing, cap at 1. Returned in the input's order.
 *
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
