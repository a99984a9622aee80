/** Plain summary statistics over numbers; NaN for an empty list, never an exception. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * The middle value; the mean of the two middle values for an even count.
 *
 * @example median([3, 1, 2, 10]) // 2.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The share of true values, in [0, 1]. */
export function share(flags: readonly boolean[]): number {
  if (flags.length === 0) return Number.NaN;
  let count = 0;
  for (const f of flags) if (f) count++;
  return count / flags.length;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly between neighbours.
 *
 * @example quantileOfSorted([1, 2, 3, 4, 5], 0.25) // 2
 */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}
