/** A share with its 95% Wilson score interval: k of n, and the range the true share lies in. */
export interface Proportion {
  k: number;
  n: number;
  /** k / n, null when n is 0 */
  value: number | null;
  low: number | null;
  high: number | null;
}

const Z95 = 1.959963984540054;

/**
 * k successes in n trials, with the Wilson score interval (sound at 0 and n, unlike k/n ± z·se).
 *
 * @example proportion(8, 10) // { k: 8, n: 10, value: 0.8, low: 0.49, high: 0.94 } (rounded)
 */
export function proportion(k: number, n: number, z = Z95): Proportion {
  if (n === 0) return { k, n, value: null, low: null, high: null };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { k, n, value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
