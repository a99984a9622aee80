import { describe, expect, it } from 'vitest';
import { leftPad, planBatches } from '../../../models/padded-batch.ts';

describe('left padding', () => {
  it('GIVEN rows of different lengths THEN pads go first, masked, and positions count real tokens only', () => {
    const batch = leftPad([[7, 8, 9], [5]], 0);
    expect(batch.width).toBe(3);
    expect(batch.padOf).toStrictEqual([0, 2]);
    expect([...batch.inputIds]).toStrictEqual([7n, 8n, 9n, 0n, 0n, 5n]);
    expect([...batch.attentionMask]).toStrictEqual([1n, 1n, 1n, 0n, 0n, 1n]);
    expect([...batch.positionIds]).toStrictEqual([0n, 1n, 2n, 1n, 1n, 0n]);
  });
});

describe('batch planning', () => {
  it('GIVEN a token budget THEN every padded batch fits it and every sequence appears once', () => {
    const lengths = [5, 100, 3, 40, 40, 7, 90, 1];
    const plan = planBatches(lengths, 200, 64);
    expect(plan.flat().sort((a, b) => a - b)).toStrictEqual(lengths.map((_, i) => i));
    for (const group of plan) {
      if (group.length > 1) expect(Math.max(...group.map((i) => lengths[i])) * group.length).toBeLessThanOrEqual(200);
    }
  });

  it('GIVEN a sequence longer than the budget THEN it still runs, alone', () => {
    expect(planBatches([500, 2], 100, 64)).toStrictEqual([[0], [1]]);
  });

  it('GIVEN a batch-size cap THEN no batch exceeds it', () => {
    const plan = planBatches(new Array(10).fill(1), 1000, 3);
    expect(Math.max(...plan.map((g) => g.length))).toBe(3);
  });
});
