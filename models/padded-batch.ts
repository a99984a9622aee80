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

/** New tokens to run after rows of a batch already run (its KV cache): `row` of the earlier batch, the tokens, and how many real tokens that row holds. */
export interface Continuation {
  row: number;
  tokens: number[];
  /** real (unpadded) tokens before the new ones: the first new token's position id */
  start: number;
}

/**
 * A left-padded batch of continuations after rows of `earlier`, and the attention mask over
 * earlier + new columns [rows, earlier.width + width]: each row's own mask from `earlier`
 * (its pads stay masked), then its new tokens' pads masked and the new tokens seen. Position
 * ids go on from each row's real length, so a row equals its whole sequence run at once.
 */
export function continuationBatch(earlier: PaddedBatch, continuations: Continuation[], padId: number): { batch: PaddedBatch; attentionMask: BigInt64Array } {
  const batch = leftPad(
    continuations.map((c) => c.tokens),
    padId,
  );
  const past = earlier.width;
  const total = past + batch.width;
  const attentionMask = new BigInt64Array(continuations.length * total);
  continuations.forEach((c, r) => {
    attentionMask.set(earlier.attentionMask.subarray(c.row * past, (c.row + 1) * past), r * total);
    attentionMask.set(batch.attentionMask.subarray(r * batch.width, (r + 1) * batch.width), r * total + past);
    for (let j = 0; j < c.tokens.length; j++) batch.positionIds[r * batch.width + batch.padOf[r] + j] = BigInt(c.start + j);
  });
  return { batch, attentionMask };
}
