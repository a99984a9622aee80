import { InputError } from '../../common/errors.ts';
import type { LayerPatch } from './layer-runner.ts';
import type { PatchingRun, PatchPlan } from './patching-run.ts';

/**
 * What an ablated head writes instead of its z: zeros; its mean z over the corrupted prompts
 * (the reference distribution, as the IOI paper's mean ablation over its ABC prompts); or its
 * z on the paired corrupted prompt, position by position (resampling).
 */
export const CIRCUIT_ABLATIONS = ['zero', 'mean', 'resample'] as const;
export type CircuitAblationMode = (typeof CIRCUIT_ABLATIONS)[number];

export type HeadId = [layer: number, head: number];

export interface CircuitAblationResult {
  mode: CircuitAblationMode;
  /** `ablate`: the given heads are ablated; `keep`: every other head is (the circuit alone runs) */
  selection: 'ablate' | 'keep';
  heads: string[];
  ablated_heads: number;
  clean_metric: number;
  corrupt_metric: number;
  /** mean metric on the clean prompts with the heads ablated */
  ablated_metric: number;
  /** (ablated − corrupted) / (clean − corrupted): how much of the behaviour survives */
  retained: number;
}

/** Parse "0.1,1.2" (layer.head) into head ids, checking each against the model. */
export function parseHeads(spec: string, nLayer: number, nHead: number): HeadId[] {
  const heads = spec.split(',').map((item): HeadId => {
    const m = /^\s*(\d+)\.(\d+)\s*$/.exec(item);
    if (!m) throw new InputError('bad_option', `heads are written layer.head, comma-separated, e.g. "0.1,1.2" (got "${item}")`);
    const [layer, head] = [Number(m[1]), Number(m[2])];
    if (layer >= nLayer || head >= nHead) throw new InputError('bad_option', `no head ${layer}.${head}: layers are 0–${nLayer - 1}, heads 0–${nHead - 1}`);
    return [layer, head];
  });
  return heads;
}

/** Every head's mean z over the real positions of the corrupted prompts, [n_layer][n_head × d_head]. */
export function corruptMeans(run: PatchingRun): Float32Array[] {
  const { nLayer: L, nEmbd: E } = run.runner.config;
  const sums = Array.from({ length: L }, () => new Float64Array(E));
  let count = 0;
  for (const chunk of run.chunks) {
    const W = chunk.batch.width;
    chunk.batch.padOf.forEach((pad, b) => {
      for (let c = pad; c < W; c++) {
        for (let l = 0; l < L; l++) {
          const z = chunk.corrupt.z![l];
          for (let i = 0; i < E; i++) sums[l][i] += z[(b * W + c) * E + i];
        }
        count++;
      }
    });
  }
  return sums.map((s) => Float32Array.from(s, (x) => x / count));
}

/**
 * Ablate a set of heads at once in the clean run (or keep that set and ablate every other head:
 * the faithfulness check of a proposed circuit) and measure how much of the clean − corrupted
 * metric gap survives.
 */
export async function ablateCircuit(run: PatchingRun, heads: HeadId[], options: { mode?: CircuitAblationMode; keep?: boolean } = {}): Promise<CircuitAblationResult> {
  const mode = options.mode ?? 'mean';
  const { plan, ablated } = circuitPlan(run, heads, { ...options, mode });
  const ablatedMetric = await run.patchedMetric(plan);
  return {
    mode,
    selection: options.keep ? 'keep' : 'ablate',
    heads: heads.map(([l, h]) => `${l}.${h}`),
    ablated_heads: ablated,
    clean_metric: run.cleanMetric,
    corrupt_metric: run.corruptMetric,
    ablated_metric: ablatedMetric,
    retained: run.restored(ablatedMetric),
  };
}

/** The patches that ablate the heads (or all but them, with `keep`) in the clean run, and how many heads that is. */
export function circuitPlan(run: PatchingRun, heads: HeadId[], options: { mode: CircuitAblationMode; keep?: boolean }): { plan: PatchPlan; ablated: number } {
  const { mode } = options;
  const { nLayer: L, nHead: H, nEmbd: E } = run.runner.config;
  const D = E / H;
  const chosen = new Set(heads.map(([l, h]) => l * H + h));
  const ablated = Array.from({ length: L * H }, (_, i) => chosen.has(i) !== Boolean(options.keep));
  const means = mode === 'mean' ? corruptMeans(run) : undefined;
  const plan: PatchPlan = (chunk) => {
    const { batch: B, width: W } = chunk.batch;
    const patches: (LayerPatch | undefined)[] = [];
    for (let l = 0; l < L; l++) {
      if (!ablated.slice(l * H, (l + 1) * H).some(Boolean)) continue;
      const zMix = new Float32Array(B * W * H);
      for (let r = 0; r < B * W; r++) for (let h = 0; h < H; h++) zMix[r * H + h] = ablated[l * H + h] ? 1 : 0;
      let zPatch: Float32Array;
      if (mode === 'resample') zPatch = chunk.corrupt.z![l];
      else {
        zPatch = new Float32Array(B * W * H * D);
        if (means) for (let r = 0; r < B * W; r++) zPatch.set(means[l], r * E);
      }
      patches[l] = { zMix, zPatch };
    }
    return { from: 0, patches, base: 'clean' };
  };
  return { plan, ablated: ablated.filter(Boolean).length };
}
