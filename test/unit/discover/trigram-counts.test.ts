import { describe, expect, test } from 'vitest';
import { TrigramCounts } from '../../../discover/trigram-counts.ts';

const V = 6;
const sum = (f: (c: number) => number): number => Array.from({ length: V }, (_, c) => Math.exp(f(c))).reduce((a, b) => a + b, 0);

describe('the interpolated trigram baseline', () => {
  test('GIVEN any context THEN its probabilities over the vocabulary sum to 1', () => {
    const counts = new TrigramCounts(V).add([0, 1, 2, 0, 1, 3, 4]).add([5, 5, 1]);
    for (const [a, b] of [[0, 1], [5, 5], [2, 4], [undefined, 1], [undefined, undefined]] as const) {
      expect(sum((c) => counts.logProb(a, b, c))).toBeCloseTo(1, 12);
    }
  });

  test('GIVEN a triple seen in the corpus THEN it is likelier than an unseen continuation of the same pair', () => {
    const counts = new TrigramCounts(V).add([0, 1, 2, 0, 1, 2, 3]);
    expect(counts.logProb(0, 1, 2)).toBeGreaterThan(counts.logProb(0, 1, 3) + 1);
  });

  test('GIVEN a document left out of its own counts THEN a repeat inside it is unknown, exactly as if it had never been counted', () => {
    const doc = [0, 1, 2, 3, 0, 1, 2];
    const other = [4, 5, 4, 3];
    const all = new TrigramCounts(V).add(doc).add(other);
    const without = new TrigramCounts(V).add(other);
    const own = new TrigramCounts(V).add(doc);
    for (let c = 0; c < V; c++) expect(all.logProb(0, 1, c, own)).toBeCloseTo(without.logProb(0, 1, c), 12);
    expect(all.logProb(0, 1, 2)).toBeGreaterThan(all.logProb(0, 1, 2, own) + 1);
  });

  test('GIVEN more tokens than it may count THEN it refuses in one line naming the cap, instead of a RangeError from a full Map', () => {
    const counts = new TrigramCounts(V, 10).add([0, 1, 2, 3, 4, 5]);
    expect(() => counts.add([0, 1, 2, 3, 4])).toThrow('the n-gram baseline counts at most 10 tokens, and these documents have more: read fewer documents (--n-docs), or shorter ones');
    // what it counted before stays as it was
    expect(counts.tokens).toBe(6);
  });
});
