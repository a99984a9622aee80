import { PatchingRun } from './patching-run.ts';
import type { WritableTensor } from './safetensors-writer.ts';

/**
 * The cached clean and corrupted activations of a patching run as named tensors, one batch
 * [n, width, …] per name, prompts right-aligned (left padding) as they were run:
 *   {clean,corrupt}.tokens [n, width] (int64, pads = BOS), {clean,corrupt}.mask [n, width] (1 = real token),
 *   {clean,corrupt}.resid_pre.{l} [n, width, n_embd] (l = 0 … n_layer; n_layer = the stream entering ln_f),
 *   {clean,corrupt}.z.{l} [n, width, n_head, d_head], {clean,corrupt}.mlp_out.{l} [n, width, n_embd],
 *   answer_ids [n, k] (int64, −1 past an answer's end), distractor_ids [n] (−1 without one).
 */
export function activationTensors(run: PatchingRun, bosId: number): Record<string, WritableTensor> {
  const { nLayer: L, nHead: H, nEmbd: E } = run.runner.config;
  const D = E / H;
  const n = run.n;
  const W = run.width;
  const out: Record<string, WritableTensor> = {};
  const concat = (parts: Float32Array[]) => {
    const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  };
  for (const side of ['clean', 'corrupt'] as const) {
    const tokens = new BigInt64Array(n * W).fill(BigInt(bosId));
    const mask = new Float32Array(n * W);
    let row = 0;
    for (const chunk of run.chunks) {
      chunk.pairs.forEach((pair, b) => {
        const seq = PatchingRun.sequences(pair, run.metric)[side];
        const pad = chunk.batch.padOf[b];
        seq.forEach((id, j) => {
          tokens[row * W + pad + j] = BigInt(id);
          mask[row * W + pad + j] = 1;
        });
        row++;
      });
    }
    out[`${side}.tokens`] = { dtype: 'I64', shape: [n, W], data: tokens };
    out[`${side}.mask`] = { dtype: 'F32', shape: [n, W], data: mask };
    for (let l = 0; l <= L; l++) out[`${side}.resid_pre.${l}`] = { dtype: 'F32', shape: [n, W, E], data: concat(run.chunks.map((c) => c[side].resid![l])) };
    for (let l = 0; l < L; l++) {
      out[`${side}.z.${l}`] = { dtype: 'F32', shape: [n, W, H, D], data: concat(run.chunks.map((c) => c[side].z![l])) };
      out[`${side}.mlp_out.${l}`] = { dtype: 'F32', shape: [n, W, E], data: concat(run.chunks.map((c) => c[side].mlp![l])) };
    }
  }
  const pairs = run.chunks.flatMap((c) => c.pairs);
  const k = Math.max(...pairs.map((p) => p.answer_ids.length));
  const answers = new BigInt64Array(n * k).fill(-1n);
  pairs.forEach((p, i) => p.answer_ids.forEach((id, j) => (answers[i * k + j] = BigInt(id))));
  out.answer_ids = { dtype: 'I64', shape: [n, k], data: answers };
  out.distractor_ids = { dtype: 'I64', shape: [n], data: BigInt64Array.from(pairs, (p) => BigInt(p.distractor_id ?? -1)) };
  return out;
}
