/**
 * `npm run bench:engine`: the graph engine on GPT-2-small-sized random weights (124M
 * parameters, seeded; speed does not depend on the values), plain vs with the
 * interpretability outputs on, for 1×32-token prompts (latency) and 32×64-token batches
 * (throughput). onnxruntime's intra-op threads are pinned to the cores this process may use.
 *
 * Rows: "forward" is one forward pass of the graph; "score" is the engine's tokenLogprobs
 * (every token's log-prob and rank: forward pass + reading every logits row);
 * "inspect" is the engine's inspect() with attention patterns, direct logit attribution of
 * every head and the logit lens at the last position.
 *
 * Env: BENCH_REPEATS (default 5 for 1×32, 3 for 32×64), BENCH_THREADS (default: the allowed cores).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { seededRng, sample } from '../common/random.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import { GraphModel } from '../models/graph/graph-model.ts';
import { GPT2_SMALL_CONFIG, parameterCount, randomGpt2Weights, type Gpt2Config } from '../models/graph/gpt2-weights.ts';
import { loadTokenizer } from '../models/load-model.ts';
import { resolveModelSource } from '../models/model-source.ts';
import { leftPad } from '../models/padded-batch.ts';
import { FIXTURE_POOL_WORDS } from '../test/helpers/fixture-induction-task.ts';
import { allowedCores, estimateCpuPeak } from './cpu-peak.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, '../test/fixtures/tiny-gpt2'); // for its real GPT-2 tokenizer only

/**
 * FLOPs of one token's forward pass: 2 per multiply-add of every weight matrix (QKV, output,
 * two MLP, unembedding) plus attention's QKᵀ and pattern·V over `context` keys.
 * GPT-2 small: ≈ 0.247 GFLOP + 0.0037 MFLOP per key.
 */
export function flopsPerToken(c: Gpt2Config, context: number): number {
  const matmuls = c.nLayer * (3 * c.nEmbd * c.nEmbd + c.nEmbd * c.nEmbd + 2 * c.nEmbd * c.nInner) + c.vocabSize * c.nEmbd;
  return 2 * matmuls + c.nLayer * 2 * 2 * context * c.nEmbd;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeRuns(repeats: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: first runs allocate onnxruntime's arenas
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const cores = allowedCores();
const threads = Number(process.env.BENCH_THREADS ?? cores.length);
// onnxruntime pins every intra-op thread but the caller's: 1-based processor ids, ';' between threads.
const affinities = cores.slice(1, threads).map((c) => String(c + 1)).join(';');
const peak = estimateCpuPeak(cores.slice(0, threads));
const config = GPT2_SMALL_CONFIG;

let t0 = performance.now();
const weights = randomGpt2Weights(config, 1);
const source = { ...resolveModelSource({ model: FIXTURE }), threads };
const tokenizer = await loadTokenizer(source, { needed: ['tokenizer.json', 'tokenizer_config.json'], fix: 'the bench needs the fixture tokenizer' });
const model = new GraphModel(weights, tokenizer, source, 'random GPT-2 small (seed 1)', { threads, ...(affinities ? { threadAffinities: affinities } : {}) });
const engine = new GraphEngine(model, { maxBatchTokens: 32 * 64, maxBatchSize: 32 });
const setupSeconds = (performance.now() - t0) / 1000;

/** Prompts of exactly `tokens` tokens with the BOS: single-token words from the fixture pool. */
function prompts(count: number, tokens: number, seed: number): string[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: tokens - 1 }, () => sample(rng, FIXTURE_POOL_WORDS, 1)[0]);
    const text = ' ' + words.join(' ');
    if (engine.encode(text).length !== tokens - 1) throw new Error(`bench prompt is not ${tokens - 1} tokens: ${text}`);
    return text;
  });
}

interface Row {
  shape: string;
  mode: string;
  ms: number;
  tokens: number;
  flops: number;
}
const rows: Row[] = [];

for (const [batch, width, repeats] of [
  [1, 32, Number(process.env.BENCH_REPEATS ?? 5)],
  [32, 64, Number(process.env.BENCH_REPEATS ?? 3)],
] as const) {
  const texts = prompts(batch, width, batch * 1000 + width);
  const ids = texts.map((t) => [config.bosId, ...engine.encode(t)]);
  const padded = leftPad(ids, config.bosId);
  const items = texts.map((prompt) => ({ prompt, answer: ' people', distractor: ' exec' }));
  const tokens = batch * width;
  const flops = tokens * flopsPerToken(config, (width + 1) / 2);
  const shape = `${batch}×${width}`;
  const lastRows = Array.from({ length: batch }, (_, b) => b * width + width - 1);
  const modes: [string, () => Promise<unknown>][] = [
    ['forward, plain', () => model.run(padded, {})],
    ['forward, interp. outputs', () => model.run(padded, { readoutRows: lastRows, patterns: true, components: true, residuals: true })],
    ['score (tokenLogprobs)', () => engine.tokenLogprobs(texts)],
    ['inspect (patterns + DLA + lens)', () => engine.inspect(items, { patterns: true, attribution: true, residuals: true })],
  ];
  for (const [mode, fn] of modes) {
    rows.push({ shape, mode, ms: await timeRuns(repeats, fn), tokens, flops });
    process.stderr.write(`  ${shape} ${mode}: ${rows[rows.length - 1].ms.toFixed(1)} ms\n`);
  }
}

t0 = performance.now();
const table = new Table({ head: ['shape', 'mode', 'median ms', 'tokens/s', 'GFLOP/s', '% of peak'], style: { head: [], border: [] } });
for (const r of rows) {
  const gflops = r.flops / (r.ms / 1000) / 1e9;
  table.push([r.shape, r.mode, r.ms.toFixed(1), (r.tokens / (r.ms / 1000)).toFixed(0), gflops.toFixed(1), `${((100 * gflops) / peak.gflops).toFixed(1)}%`]);
}
console.log(`GPT-2-small-sized random weights: ${(parameterCount(config) / 1e6).toFixed(1)}M parameters, fp32, onnxruntime-node (graph built in-project); setup ${setupSeconds.toFixed(1)} s`);
console.log(`CPU: ${peak.model}, ${os.cpus().length} visible, using ${threads} intra-op threads on cores [${cores.slice(0, threads).join(', ')}] (worker threads pinned: "${affinities || 'none'}")`);
console.log(`FLOPs per token: ${(flopsPerToken(config, 16.5) / 1e9).toFixed(3)} GFLOP at 32 tokens (weights 0.247 + attention); peak estimate: ${peak.how}`);
console.log(table.toString());
const find = (shape: string, mode: string) => rows.find((r) => r.shape === shape && r.mode.startsWith(mode))!;
console.log(`1×32 scoring latency: ${find('1×32', 'score').ms.toFixed(1)} ms (PyTorch 2.11, 2 threads, on the GPU machine's CPU: ≈ 90 ms, from the issue; not measured here)`);
console.log(`32×64 scoring throughput: ${(2048 / (find('32×64', 'score').ms / 1000)).toFixed(0)} tokens/s; with interpretability outputs (inspect): ${(2048 / (find('32×64', 'inspect').ms / 1000)).toFixed(0)} tokens/s`);
await model.dispose();
