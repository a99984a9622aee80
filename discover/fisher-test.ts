/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logChoose = (n: number, k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * One-sided Fisher exact test: are successes more frequent in group 1 (k1 of n1) than in
 * group 0 (k0 of n0)? The p-value is P(X ≥ k1) for X hypergeometric with the margins fixed;
 * exact at any count, so a handful of wins among thousands of positions is judged soundly.
 *
 * @example fisherGreaterP(8, 10, 1, 10) // 0.0027
 * @example fisherGreaterP(1, 10, 1, 10) // 0.76
 */
export function fisherGreaterP(k1: number, n1: number, k0: number, n0: number): number {
  const n = n1 + n0;
  const k = k1 + k0;
  if (n1 === 0 || n0 === 0 || k === 0) return 1;
  const denominator = logChoose(n, n1);
  let p = 0;
  for (let x = k1; x <= Math.min(k, n1); x++) p += Math.exp(logChoose(k, x) + logChoose(n - k, n1 - x) - denominator);
  return Math.min(1, p);
}
