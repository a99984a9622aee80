import { describe, expect, it } from 'vitest';
import { parsePositions } from '../../../models/graph/activation-patching.ts';
import { detectorKeys, headScoresFromPatterns, repeatedRandomSequences } from '../../../models/graph/head-scores.ts';
import { tokenBatch } from '../../../models/graph/layer-runner.ts';

describe('GIVEN --positions for prompts 6 tokens wide', () => {
  it.each([
    ['all', [0, 1, 2, 3, 4, 5]],
    ['last', [5]],
    ['0,-1', [0, 5]],
    ['-2, 3, 3', [3, 4]],
  ])('WHEN it is "%s" THEN the columns are %j', (spec, columns) => {
    expect(parsePositions(spec, 6)).toStrictEqual(columns);
  });

  it.each(['6', '-7', '1.5', 'x'])('WHEN it names "%s" THEN it is refused, saying which positions exist', (spec) => {
    expect(() => parsePositions(spec, 6)).toThrow(/outside the prompts: they are 6 tokens wide \(BOS included\), so positions are 0–5, or −1…−6 from the end/);
  });
});

describe('GIVEN the head detectors', () => {
  const ids = [50256, 7, 8, 9, 7, 8, 9];
  it('THEN each names the keys its kind of head attends to', () => {
    expect(detectorKeys('previous_token', ids, 0)).toStrictEqual([]);
    expect(detectorKeys('previous_token', ids, 5)).toStrictEqual([4]);
    expect(detectorKeys('duplicate_token', ids, 5)).toStrictEqual([2]);
    expect(detectorKeys('induction', ids, 5)).toStrictEqual([3]);
    expect(detectorKeys('induction', ids, 2)).toStrictEqual([]);
  });

  it('THEN a pattern that attends exactly to those keys scores 1, and a uniform one scores its share', () => {
    const batch = tokenBatch([ids]);
    const W = ids.length;
    const induction = new Float32Array(W * W);
    const uniform = new Float32Array(W * W);
    for (let q = 0; q < W; q++) {
      const keys = detectorKeys('induction', ids, q);
      induction[q * W + (keys[0] ?? q)] = 1;
      for (let k = 0; k <= q; k++) uniform[q * W + k] = 1 / (q + 1);
    }
    // one layer, two heads: [B, H, W, W]
    const pattern = new Float32Array(2 * W * W);
    pattern.set(induction, 0);
    pattern.set(uniform, W * W);
    const scores = headScoresFromPatterns([pattern], batch, 2);
    expect(scores.induction[0][0]).toBe(1);
    expect(scores.induction[0][1]).toBeCloseTo((1 / 5 + 1 / 6 + 1 / 7) / 3, 6);
    expect(scores.previous_token[0][0]).toBeLessThan(0.5);
  });

  it('THEN repeated random sequences are BOS, n distinct tokens, and the same n again, reproducibly', () => {
    const [a] = repeatedRandomSequences(50256, 50257, { n: 1, length: 5, seed: 4 });
    expect(a).toHaveLength(11);
    expect(a[0]).toBe(50256);
    expect(a.slice(6)).toStrictEqual(a.slice(1, 6));
    expect(new Set(a.slice(1, 6)).size).toBe(5);
    expect(repeatedRandomSequences(50256, 50257, { n: 1, length: 5, seed: 4 })[0]).toStrictEqual(a);
    expect(() => repeatedRandomSequences(50256, 50257, { length: 4, pool: [1, 2, 3] })).toThrow(/length 4 is more than the 3 tokens/);
  });
});
