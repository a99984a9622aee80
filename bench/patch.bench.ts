/**
 * `npm run bench:patch`: `hunt patch ioi --n 50 --what heads` on GPT-2-small-shaped random
 * weights (124M parameters, seeded; speed does not depend on the values), graph engine, 2
 * onnxruntime threads by default.
 *
 * Side by side in one run, for one head per layer: a patched run that starts at the patched
 * layer from the cached corrupted stream (what `hunt patch` does) against one that re-runs the
 * whole model from the embeddings; both must give the same metric. Then the full 12 × 12
 * heads grid, timed end to end (caching the clean and corrupted runs included).
 *
 * Env: BENCH_THREADS (default 2), BENCH_N (default 50), BENCH_REPEATS (default 3, per sampled cell).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { patchGrid, cellPlan, type PatchShape } from '../models/graph/activation-patching.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import { GraphModel } from '../models/graph/graph-model.ts';
import { GPT2_SMALL_CONFIG, randomGpt2Weights } from '../models/graph/gpt2-weights.ts';
import { LayerRunner } from '../models/graph/layer-runner.ts';
import { patchPairsFromTask } from '../tasks/task-patch-pairs.ts';
import { PatchingRun, type PatchPlan } from '../models/graph/patching-run.ts';
import { loadTokenizer } from '../models/load-model.ts';
import { resolveModelSource } from '../models/model-source.ts';
import { resolveTask } from '../tasks/declarative-task.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, '../test/fixtures/tiny-gpt2'); // for its real GPT-2 tokenizer only
const threads = Number(process.env.BENCH_THREADS ?? 2);
const n = Number(process.env.BENCH_N ?? 50);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const source = { ...resolveModelSource({ model: FIXTURE }), threads };
const tokenizer = await loadTokenizer(source, { needed: ['tokenizer.json', 'tokenizer_config.json'], fix: 'the bench needs the fixture tokenizer' });
const weights = randomGpt2Weights(GPT2_SMALL_CONFIG, 1);
const engine = new GraphEngine(new GraphModel(weights, tokenizer, source, 'random GPT-2 small (seed 1)', { threads }));
const runner = new LayerRunner(weights, { threads });
const pairs = patchPairsFromTask(resolveTask('ioi'), engine, n, 0);
const shape: PatchShape = GPT2_SMALL_CONFIG;
const { nLayer: L } = GPT2_SMALL_CONFIG;

const prepared = await timed(() => PatchingRun.prepare(runner, pairs.pairs, pairs.metric));
const run = prepared.value;
console.log(`ioi: ${run.n} pairs, ${run.width} tokens wide (BOS included), metric ${pairs.metric}; ${threads} onnxruntime threads`);
console.log(`clean + corrupted runs cached: ${(prepared.ms / 1000).toFixed(1)} s (includes building the 13 sessions)`);

/** The same patch, but re-running every layer from the corrupted embeddings. */
const fromScratch =
  (plan: PatchPlan): PatchPlan =>
  (chunk) => ({ ...plan(chunk), from: 0, resid: chunk.corrupt.resid![0] });

const table = new Table({ head: ['patched head', 'from the cache: median ms', 'whole model: median ms', 'ratio', '|Δ metric|'], style: { head: [], border: [] } });
let sumCached = 0;
let sumScratch = 0;
for (let l = 0; l < L; l++) {
  const plan = cellPlan('heads', l, Array.from({ length: run.width }, (_, c) => c), shape, 0);
  const cached: number[] = [];
  const scratch: number[] = [];
  let a = 0;
  let b = 0;
  for (let r = 0; r < repeats; r++) {
    const x = await timed(() => run.patchedMetric(plan));
    const y = await timed(() => run.patchedMetric(fromScratch(plan)));
    cached.push(x.ms);
    scratch.push(y.ms);
    [a, b] = [x.value, y.value];
  }
  if (Math.abs(a - b) > 1e-3) throw new Error(`layer ${l}: the cached and the from-scratch patch disagree (${a} vs ${b})`);
  sumCached += median(cached);
  sumScratch += median(scratch);
  table.push([`${l}.0`, median(cached).toFixed(0), median(scratch).toFixed(0), (median(scratch) / median(cached)).toFixed(2), Math.abs(a - b).toExponential(1)]);
}
console.log(table.toString());
console.log(`one head per layer, summed medians: from the cache ${(sumCached / 1000).toFixed(1)} s, whole model ${(sumScratch / 1000).toFixed(1)} s (ratio ${(sumScratch / sumCached).toFixed(2)})`);

const full = await timed(async () => {
  const again = await PatchingRun.prepare(runner, pairs.pairs, pairs.metric);
  return patchGrid(again, 'heads', 'all');
});
console.log(`hunt patch ioi --n ${n} --what heads (12 × 12 grid, caching included, sessions warm): ${(full.ms / 1000).toFixed(1)} s`);
await runner.dispose();
await engine.graph.dispose();
