import { InputError } from '../../common/errors.ts';
import type { HeadId } from './circuit-ablation.ts';
import type { LayerPatch } from './layer-runner.ts';
import type { CachedChunk, PatchingRun, PatchPlan } from './patching-run.ts';

/** Where a sender's change may go: the queries, keys or values of receiver heads, or straight to the logits. */
export const PATH_INPUTS = ['q', 'k', 'v'] as const;
export type PathInput = (typeof PATH_INPUTS)[number];

export type PathReceivers = { kind: 'logits' } | { kind: 'heads'; heads: HeadId[]; inputs: PathInput[] };

export interface PathPatchGrid {
  receivers: string;
  rows: string[];
  columns: string[];
  /** [layer][head] of the sender: mean metric with only the sender → receivers path patched; NaN where the sender is not before every receiver */
  patched: number[][];
  restored: number[][];
}

/**
 * Sender head's change (clean z − corrupted z) written into the residual stream, [B, W, n_embd]:
 * (Δz_h) · W_O[h rows]. The attention output bias is the same in both runs and cancels.
 */
function senderDelta(run: PatchingRun, chunk: CachedChunk, [layer, head]: HeadId): Float32Array {
  const { nHead: H, nEmbd: E } = run.runner.config;
  const D = E / H;
  const proj = run.runner.weights.layers[layer].projWeight; // [E (= H·D in), E out]
  const clean = chunk.clean.z![layer];
  const corrupt = chunk.corrupt.z![layer];
  const cells = chunk.batch.batch * chunk.batch.width;
  const out = new Float32Array(cells * E);
  for (let r = 0; r < cells; r++) {
    for (let d = 0; d < D; d++) {
      const dz = clean[(r * H + head) * D + d] - corrupt[(r * H + head) * D + d];
      if (dz === 0) continue;
      const row = (head * D + d) * E;
      for (let e = 0; e < E; e++) out[r * E + e] += dz * proj[row + e];
    }
  }
  return out;
}

const plus = (a: Float32Array, b: Float32Array) => Float32Array.from(a, (x, i) => x + b[i]);

/**
 * Path patching (Wang et al. 2022, "Interpretability in the Wild"): the corrupted run with the
 * sender head's clean output let through along one path only. To `logits`: the change is added
 * to the stream entering the final LayerNorm and nothing in between sees it (the direct path).
 * To receiver heads' q/k/v: each receiver computes those inputs from its corrupted input stream
 * plus the change (every other component between them stays corrupted), and the rest of the
 * model runs on from the first receiver's layer as usual.
 */
export function pathPlan(run: PatchingRun, sender: HeadId, receivers: PathReceivers): PatchPlan {
  const { nLayer: L, nHead: H } = run.runner.config;
  if (receivers.kind === 'logits') {
    return (chunk) => ({ from: L, resid: plus(chunk.corrupt.final, senderDelta(run, chunk, sender)), patches: [] });
  }
  const layers = [...new Set(receivers.heads.map(([l]) => l))].sort((a, b) => a - b);
  if (layers[0] <= sender[0]) throw new InputError('bad_option', `sender ${sender.join('.')} must sit in an earlier layer than every receiver (first receiver layer: ${layers[0]})`);
  return (chunk) => {
    const delta = senderDelta(run, chunk, sender);
    const patches: (LayerPatch | undefined)[] = [];
    for (const l of layers) {
      const qkvMix = new Float32Array(3 * H);
      for (const [rl, rh] of receivers.heads) if (rl === l) for (const input of receivers.inputs) qkvMix[PATH_INPUTS.indexOf(input) * H + rh] = 1;
      patches[l] = { qkvResid: plus(chunk.corrupt.resid![l], delta), qkvMix };
    }
    return { from: layers[0], patches };
  };
}

/** Every possible sender (a head before the first receiver), layer × head. */
export async function pathPatchGrid(run: PatchingRun, receivers: PathReceivers, onProgress?: (done: number, total: number) => void): Promise<PathPatchGrid> {
  const { nLayer: L, nHead: H } = run.runner.config;
  const firstReceiver = receivers.kind === 'logits' ? L : Math.min(...receivers.heads.map(([l]) => l));
  const patched = Array.from({ length: L }, () => new Array<number>(H).fill(Number.NaN));
  const total = firstReceiver * H;
  let done = 0;
  for (let l = 0; l < firstReceiver; l++) {
    for (let h = 0; h < H; h++) {
      patched[l][h] = await run.patchedMetric(pathPlan(run, [l, h], receivers));
      onProgress?.(++done, total);
    }
  }
  return {
    receivers: receivers.kind === 'logits' ? 'logits' : `${receivers.heads.map((x) => x.join('.')).join(',')} (${receivers.inputs.join('')})`,
    rows: Array.from({ length: L }, (_, l) => `L${l}`),
    columns: Array.from({ length: H }, (_, h) => `H${h}`),
    patched,
    restored: patched.map((row) => row.map((m) => (Number.isNaN(m) ? Number.NaN : run.restored(m)))),
  };
}
