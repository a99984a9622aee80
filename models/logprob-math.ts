/**
 * Pure numerics over one row of logits (a Float32Array view of length vocab).
 * Sums run in float64 so log-probs agree with PyTorch's to ~1e-6.
 */

export function logSumExp(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return max + Math.log(sum);
}

/** 1-based rank: one plus the number of tokens with a strictly higher logit. */
export function rankOf(row: ArrayLike<number>, id: number): number {
  const target = row[id];
  let higher = 0;
  for (let i = 0; i < row.length; i++) if (row[i] > target) higher++;
  return higher + 1;
}

/** Indices of the k largest values, largest first (ties: lower id first). */
export function topKIndices(row: ArrayLike<number>, k: number): number[] {
  const n = Math.min(k, row.length);
  // A small sorted buffer beats sorting 50k entries when k is small.
  const ids: number[] = [];
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (ids.length === n && v <= row[ids[n - 1]]) continue;
    let j = ids.length < n ? ids.length : n - 1;
    if (ids.length < n) ids.push(i);
    while (j > 0 && row[ids[j - 1]] < v) {
      ids[j] = ids[j - 1];
      j--;
    }
    ids[j] = i;
  }
  return ids;
}

/** Softmax with temperature over the k best logits, as probabilities summing to 1. */
export function truncatedSoftmax(row: ArrayLike<number>, ids: number[], temperature: number): number[] {
  const scaled = ids.map((i) => row[i] / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
