/**
 * A small seeded PRNG (mulberry32). Same seed → same stream on every machine, which is
 * what makes generated instances and sampled continuations reproducible.
 */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Turn any string into a 32-bit seed (FNV-1a), so seeds can be names. */
export function seedFromString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)];
}

/** k distinct items, in random order. */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  if (k > items.length) throw new Error(`cannot sample ${k} distinct items from ${items.length}`);
  // A partial Fisher–Yates shuffle that records only the swapped places, so drawing k items
  // costs O(k) and never copies the list (200k fillers × n prompts used to take minutes).
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const out: T[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (items.length - i));
    const picked = at(j);
    swapped.set(j, at(i));
    swapped.set(i, picked);
    out.push(items[picked]);
  }
  return out;
}
