import { InputError } from '../../common/errors.ts';
import type { LayerPatch } from './layer-runner.ts';
import type { CachedChunk, PatchingRun, PatchPlan } from './patching-run.ts';

/** What is patched from the clean run into the corrupted one. */
export const PATCH_TARGETS = ['resid', 'attn', 'mlp', 'heads'] as const;
export type PatchTarget = (typeof PATCH_TARGETS)[number];

/** `all`: every position (a column each, or all at once for heads); `last`: the last token; or columns. */
export type PatchPositions = 'all' | 'last' | number[];

export interface PatchGrid {
  what: PatchTarget;
  /** row labels: layers */
  rows: string[];
  /** column labels: positions (as columns of the right-aligned prompts) or heads */
  columns: string[];
  /** the columns patched (0-based, prompts right-aligned to one width) */
  positions: number[];
  /** [row][column]: mean metric with that one activation patched */
  patched: number[][];
  /** [row][column]: (patched − corrupted) / (clean − corrupted) */
  restored: number[][];
}

/**
 * Parse `--positions`: "all", "last", or a comma list of columns; a negative column counts
 * from the end (−1 = the last token). Columns index the prompts right-aligned to `width`.
 */
export function parsePositions(spec: string | PatchPositions, width: number): number[] {
  if (spec === 'all') return Array.from({ length: width }, (_, c) => c);
  if (spec === 'last') return [width - 1];
  const list = Array.isArray(spec) ? spec : spec.split(',').map((s) => s.trim());
  const columns = list.map((item) => {
    const n = typeof item === 'number' ? item : /^-?\d+$/.test(item) ? Number(item) : Number.NaN;
    if (!Number.isInteger(n) || n >= width || n < -width) {
      throw new InputError('bad_option', `position ${item} is outside the prompts: they are ${width} tokens wide (BOS included), so positions are 0–${width - 1}, or −1…−${width} from the end; or use "all" / "last"`);
    }
    return n < 0 ? width + n : n;
  });
  return [...new Set(columns)].sort((a, b) => a - b);
}

/** A [B, W, k] array with 1 at the given columns and, within each, the given slots (all when omitted). */
function mask(chunk: CachedChunk, k: number, columns: number[], slots?: number[]): Float32Array {
  const { batch: B, width: W } = chunk.batch;
  const m = new Float32Array(B * W * k);
  for (let b = 0; b < B; b++) {
    for (const c of columns) {
      for (const s of slots ?? Array.from({ length: k }, (_, i) => i)) m[(b * W + c) * k + s] = 1;
    }
  }
  return m;
}

/** The model's widths a plan needs to lay out its masks. */
export interface PatchShape {
  nHead: number;
  nEmbd: number;
}

/** The patches of one grid cell: `what` at `layer`, at `columns`, for `head` (heads only). */
export function cellPlan(what: PatchTarget, layer: number, columns: number[], shape: PatchShape, head?: number): PatchPlan {
  const { nHead: H, nEmbd: E } = shape;
  return (chunk) => {
    const patches: (LayerPatch | undefined)[] = [];
    if (what === 'resid') {
      const resid = chunk.corrupt.resid![layer].slice();
      const clean = chunk.clean.resid![layer];
      const W = chunk.batch.width;
      for (let b = 0; b < chunk.batch.batch; b++) {
        for (const c of columns) resid.set(clean.subarray((b * W + c) * E, (b * W + c + 1) * E), (b * W + c) * E);
      }
      return { from: layer, resid, patches };
    }
    if (what === 'mlp') patches[layer] = { mlpMix: mask(chunk, 1, columns), mlpPatch: chunk.clean.mlp![layer] };
    else patches[layer] = { zMix: mask(chunk, H, columns, what === 'heads' ? [head!] : undefined), zPatch: chunk.clean.z![layer] };
    return { from: layer, patches };
  };
}

/**
 * Activation patching (Meng et al. 2022; Wang et al. 2022's IOI; TransformerLens's patching
 * demos): for each layer and each position (or head), the corrupted run with that one
 * activation taken from the clean run; the grid gives the share of the clean − corrupted
 * metric gap each patch restores. `heads` patches a head's z at all the chosen positions at once.
 */
export async function patchGrid(
  run: PatchingRun,
  what: PatchTarget,
  positions: PatchPositions,
  options: { tokenText?: (id: number) => string; onProgress?: (done: number, total: number) => void } = {},
): Promise<PatchGrid> {
  const { nLayer: L, nHead: H } = run.runner.config;
  const shape = run.runner.config;
  const columns = parsePositions(positions, run.width);
  const tokenText = options.tokenText ?? ((id: number) => `#${id}`);
  // a column is labelled with the token there in the longest clean prompt (prompts are right-aligned)
  let chunk = run.chunks[0];
  let row = 0;
  for (const c of run.chunks) {
    const b = c.batch.padOf.indexOf(0);
    if (b >= 0) [chunk, row] = [c, b];
  }
  const label = (c: number) => {
    const j = c - chunk.batch.padOf[row];
    return j < 0 ? `${c}` : `${c} ${tokenText(chunk.batch.ids[row][j])}`;
  };
  const cells: { row: number; col: number; plan: PatchPlan }[] = [];
  for (let l = 0; l < L; l++) {
    if (what === 'heads') for (let h = 0; h < H; h++) cells.push({ row: l, col: h, plan: cellPlan(what, l, columns, shape, h) });
    else columns.forEach((c, i) => cells.push({ row: l, col: i, plan: cellPlan(what, l, [c], shape) }));
  }
  const width = what === 'heads' ? H : columns.length;
  const patched = Array.from({ length: L }, () => new Array<number>(width).fill(Number.NaN));
  let done = 0;
  for (const cell of cells) {
    patched[cell.row][cell.col] = await run.patchedMetric(cell.plan);
    options.onProgress?.(++done, cells.length);
  }
  return {
    what,
    rows: Array.from({ length: L }, (_, l) => `L${l}`),
    columns: what === 'heads' ? Array.from({ length: H }, (_, h) => `H${h}`) : columns.map(label),
    positions: columns,
    patched,
    restored: patched.map((row) => row.map((m) => run.restored(m))),
  };
}
