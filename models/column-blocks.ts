import type { PaddedBatch } from './padded-batch.ts';

/**
 * Split a padded batch's columns into blocks that run one after another on a KV cache, so that no
 * block scores more than `maxRows` positions: the scoring tail's temporaries are a few
 * [rows × vocab] blocks, and a 512-token prompt scored in one run holds ≈ 300 MB of them.
 * `perColumn[c]` is how many positions are scored at column c. Greedy, left to right, with an even
 * share as the limit (the rows over as many blocks as `maxRows` makes needed: the largest block
 * sets the peak, so 511 rows at 212 a run go as 171, 171, 169 rather than 212, 212, 87): a block
 * ends before the column that would take it past the share; a column that alone exceeds it is a
 * block of its own (its rows then go in runs of `maxRows` on the same past). Columns after the last
 * scored one are not run. Returns [start, end) pairs.
 *
 * @example columnBlocks([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 4) // [[0, 3], [3, 6], [6, 9]]
 */
export function columnBlocks(perColumn: number[], maxRows: number): [number, number][] {
  let last = perColumn.length - 1;
  while (last >= 0 && perColumn[last] === 0) last--;
  const total = perColumn.reduce((sum, n) => sum + n, 0);
  const share = Math.ceil(total / Math.max(1, Math.ceil(total / maxRows)));
  const blocks: [number, number][] = [];
  let start = 0;
  let rows = 0;
  for (let c = 0; c <= last; c++) {
    if (c > start && rows + perColumn[c] > share) {
      blocks.push([start, c]);
      start = c;
      rows = 0;
    }
    rows += perColumn[c];
  }
  if (last >= 0) blocks.push([start, last + 1]);
  return blocks;
}

/**
 * Columns [start, end) of a padded batch as a step to run after a cache of columns [0, start):
 * their ids, positions and mask as a batch of their own, and the attention mask over [0, end)
 * (past and new), row by row.
 */
export function columnStep(padded: PaddedBatch, start: number, end: number): { batch: PaddedBatch; attentionMask: BigInt64Array } {
  const { batch, width } = padded;
  const span = end - start;
  const columns = (data: BigInt64Array, from: number, to: number) => {
    const out = new BigInt64Array(batch * (to - from));
    for (let b = 0; b < batch; b++) out.set(data.subarray(b * width + from, b * width + to), b * (to - from));
    return out;
  };
  return {
    batch: {
      batch,
      width: span,
      inputIds: columns(padded.inputIds, start, end),
      positionIds: columns(padded.positionIds, start, end),
      attentionMask: columns(padded.attentionMask, start, end),
      padOf: padded.padOf.map((pad) => Math.min(span, Math.max(0, pad - start))),
    },
    attentionMask: columns(padded.attentionMask, 0, end),
  };
}
