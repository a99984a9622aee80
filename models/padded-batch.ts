/**
 * Left padding for a batch of token sequences: the last real token of every row sits
 * at the same column, masked pads come first, and position ids count real tokens only
 * (as Hugging Face does), so a padded row gives the same logits as the row alone.
 */
export interface PaddedBatch {
  batch: number;
  width: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  positionIds: BigInt64Array;
  /** pads in front of row b */
  padOf: number[];
}

export function leftPad(sequences: number[][], padId: number): PaddedBatch {
  const batch = sequences.length;
  const width = Math.max(...sequences.map((s) => s.length));
  const inputIds = new BigInt64Array(batch * width).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batch * width);
  const positionIds = new BigInt64Array(batch * width).fill(1n);
  const padOf: number[] = [];
  sequences.forEach((seq, b) => {
    const pad = width - seq.length;
    padOf.push(pad);
    for (let j = 0; j < seq.length; j++) {
      const k = b * width + pad + j;
      inputIds[k] = BigInt(seq[j]);
      attentionMask[k] = 1n;
      positionIds[k] = BigInt(j);
    }
  });
  return { batch, width, inputIds, attentionMask, positionIds, padOf };
}

/**
 * Group sequence indices into batches whose padded size stays under a token budget.
 * Sorting by length keeps padding small.
 */
export function planBatches(lengths: number[], maxBatchTokens: number, maxBatchSize: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a]);
  const batches: number[][] = [];
  let current: number[] = [];
  let width = 0;
  for (const i of order) {
    const w = Math.max(width, lengths[i]);
    if (current.length > 0 && (w * (current.length + 1) > maxBatchTokens || current.length >= maxBatchSize)) {
      batches.push(current);
      current = [];
      width = 0;
    }
    current.push(i);
    width = Math.max(width, lengths[i]);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
