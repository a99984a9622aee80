/** Number formats shared by every human-readable view. */
export function percent(p: number): string {
  // zero is a share like any other: "0.00%", not "0.00e+0"
  if (p >= 0.001 || p === 0) return `${(p * 100).toFixed(2)}%`;
  return `${p.toExponential(2)}`;
}

export function fixed(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}
