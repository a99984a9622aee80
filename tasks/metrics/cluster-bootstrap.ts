import type { Rng } from '../../common/random.ts';

/**
 * Resamples for a cluster bootstrap: draw whole clusters (a task's templates) with
 * replacement, and take every prompt of each drawn cluster. Prompts made from one template
 * share its wording, so they are not independent draws; resampling templates keeps that
 * dependence in the intervals. With one prompt per cluster this is the ordinary bootstrap.
 * Same rng seed → same resamples.
 */
export function clusterBootstrapIndices(clusters: readonly string[], resamples: number, rng: Rng): number[][] {
  const members = new Map<string, number[]>();
  clusters.forEach((c, i) => {
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  });
  const groups = [...members.values()];
  return Array.from({ length: resamples }, () => {
    const picks: number[] = [];
    for (let g = 0; g < groups.length; g++) picks.push(...groups[Math.floor(rng() * groups.length)]);
    return picks;
  });
}

/** Mean of `values` per cluster, in first-seen cluster order: the independent units of a test. */
export function clusterMeans(clusters: readonly string[], values: readonly number[]): number[] {
  const sums = new Map<string, { sum: number; count: number }>();
  clusters.forEach((c, i) => {
    const s = sums.get(c) ?? { sum: 0, count: 0 };
    s.sum += values[i];
    s.count++;
    sums.set(c, s);
  });
  return [...sums.values()].map((s) => s.sum / s.count);
}
