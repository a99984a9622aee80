import { describe, expect, it } from 'vitest';
import { columnBlocks, columnStep } from '../../../models/column-blocks.ts';
import { leftPad } from '../../../models/padded-batch.ts';

describe('GIVEN how many positions are scored at each column', () => {
  it('THEN the blocks cover every column up to the last scored one, in order, none over the limit', () => {
    const perColumn = [0, 3, 1, 2, 2, 0, 4, 1, 0, 0];
    const blocks = columnBlocks(perColumn, 4);
    expect(blocks).toStrictEqual([[0, 3], [3, 6], [6, 7], [7, 8]]);
    for (const [start, end] of blocks) expect(perColumn.slice(start, end).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
  });

  it('THEN the limit is an even share of the rows: the largest block, which sets the peak, is as small as it can be', () => {
    expect(columnBlocks([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 4)).toStrictEqual([[0, 3], [3, 6], [6, 9]]);
    // a 512-token prompt scored at every position (none at BOS's column), 212 rows a run: 171, 171 and 169 rows
    const blocks = columnBlocks([0, ...new Array<number>(511).fill(1)], 212);
    expect(blocks).toStrictEqual([[0, 172], [172, 343], [343, 512]]);
  });

  it('THEN a column over the limit alone is a block of its own, and the columns before it another', () => {
    expect(columnBlocks([0, 0, 0, 9], 4)).toStrictEqual([[0, 3], [3, 4]]);
    expect(columnBlocks([1, 9, 1], 4)).toStrictEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('THEN nothing scored gives no block, and everything within the limit one block', () => {
    expect(columnBlocks([0, 0, 0], 4)).toStrictEqual([]);
    expect(columnBlocks([1, 1, 1], 4)).toStrictEqual([[0, 3]]);
  });
});

describe('GIVEN a left-padded batch', () => {
  const padded = leftPad([[5, 6, 7, 8], [9, 10]], 0);

  it('THEN a column step holds those columns\' ids and positions, and the mask of every column up to its end', () => {
    const step = columnStep(padded, 1, 3);
    expect(step.batch.width).toBe(2);
    expect(Array.from(step.batch.inputIds, Number)).toStrictEqual([6, 7, 0, 9]);
    expect(Array.from(step.batch.positionIds, Number)).toStrictEqual([1, 2, 1, 0]);
    expect(Array.from(step.batch.attentionMask, Number)).toStrictEqual([1, 1, 0, 1]);
    expect(Array.from(step.attentionMask, Number)).toStrictEqual([1, 1, 1, 0, 0, 1]);
    expect(step.batch.padOf).toStrictEqual([0, 1]);
  });

  it('THEN the steps of all blocks put together give back the batch', () => {
    const parts = [columnStep(padded, 0, 1), columnStep(padded, 1, 3), columnStep(padded, 3, 4)];
    const ids = [0, 1].flatMap((b) => parts.flatMap((p) => Array.from(p.batch.inputIds.subarray(b * p.batch.width, (b + 1) * p.batch.width), Number)));
    expect(ids).toStrictEqual(Array.from(padded.inputIds, Number));
    expect(Array.from(parts[2].attentionMask, Number)).toStrictEqual(Array.from(padded.attentionMask, Number));
  });
});
