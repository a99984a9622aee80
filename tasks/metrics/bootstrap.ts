import { quantileOfSorted } from './summary-stats.ts';

/** resamples drawn for every interval and for the verdict's confidence */
export const BOOTSTRAP_RESAMPLES = 1_000;
/** two-sided coverage of the reported intervals */
export const INTERVAL_LEVEL = 0.95;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Percentile interval of a statistic's bootstrap values: the central `level` share of them.
 * NaN values (a statistic undefined on some resample) are left out.
 *
 * @example percentileInterval([0.1, 0.2, 0.3, 0.4, 0.5], 0.5) // { low: 0.2, high: 0.4 }
 */
export function percentileInterval(values: readonly number[], level = INTERVAL_LEVEL): Interval {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: quantileOfSorted(sorted, tail), high: quantileOfSorted(sorted, 1 - tail) };
}
