/**
 * `npm run bench:speed`: hunt against bare onnxruntime-node on the same graph (the ceiling), in
 * one run, interleaved (every mode once per round, rounds repeated; medians reported), on a
 * GPT-2-small-shaped model with seeded random weights written to a temporary folder (speed does
 * not depend on the values).
 *
 * - scoring: hunt's tokenLogprobs (log-prob and rank of every token) vs the bare session asked
 *   for the same values from the graph's scoring tail with prebuilt feeds; also hunt's previous
 *   path at 1×512, logits rows copied to JS and reduced there (HUNT_SCORE_IN_GRAPH=0), and the tail
 *   in three column blocks on the cache (HUNT_SCORE_TAIL_MB=128: a lower peak, a slower run);
 * - forward: hunt's nextTokens (top 10 at the last position) vs the bare session's last-row logits;
 * - generation: 20 greedy tokens after a 200-token prompt vs 1 (KV cache; HUNT_KV_CACHE=0 turns it
 *   off); 512 + 32 vs one 512-token forward; a bare greedy loop that fetches the whole cache
 *   (`present.*`) every step and feeds it back, as hunt did before its buffer cache;
 * - answers of several tokens: 8 answers of 6 tokens after a 200-token prompt, on the prompt's KV cache
 *   vs re-running prompt + answer (HUNT_KV_CACHE=0);
 * - threads: bare sessions with 1 and 2 intra-op threads (and 2 spinning), 1×512 scoring and 20 tokens after 200;
 * - load and memory: fresh processes loading the folder, weights by reference (the default: no
 *   memory arena, weights prepacked), with the arena (HUNT_ORT_ARENA=1), without prepacking
 *   (HUNT_ORT_PREPACK=0), with the tail in column blocks (HUNT_SCORE_TAIL_MB=128), and built into the
 *   graph (HUNT_GRAPH_BY_REFERENCE=0), each then scoring 512 tokens.
 *
 * Env: BENCH_REPEATS (rounds, default 3), BENCH_LOAD_REPEATS (fresh-process loads of each kind, default 1), BENCH_THREADS (intra-op threads; default: onnxruntime's own choice).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import * as ort from 'onnxruntime-node';
import { seededRng, sample } from '../common/random.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import { GPT2_SMALL_CONFIG } from '../models/graph/gpt2-weights.ts';
import { ortRuntimeOptions } from '../models/ort-runtime-options.ts';
import { leftPad, planBatches, type PaddedBatch } from '../models/padded-batch.ts';
import { rowScoreFeeds, type CacheShape, type KvCache } from '../models/row-logits-run.ts';
import { ROW_SCORE_OUTPUTS } from '../models/row-logits-scores.ts';
import { FIXTURE_POOL_WORDS } from '../test/helpers/fixture-induction-task.ts';
import { writeRandomGpt2Folder } from './random-gpt2-folder.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, '../test/fixtures/tiny-gpt2'); // for its real GPT-2 tokenizer only
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const threads = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined;
const config = GPT2_SMALL_CONFIG;
const work = mkdtempSync(path.join(os.tmpdir(), 'hunt-bench-speed-'));
const folder = path.join(work, 'gpt2-random');
const cacheDir = path.join(work, 'cache');
process.env.HUNT_CACHE_DIR = cacheDir;
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line: string) => process.stderr.write(`${line}\n`);

log(`writing random GPT-2-small weights to ${folder} …`);
writeRandomGpt2Folder(folder, config, 1, FIXTURE);

// ---- load time and memory, each in a fresh process ----
const engine = await GraphEngine.load({ model: folder, ...(threads ? { threads } : {}) });
const rng = seededRng(13);
const text = (tokens: number): string => {
  const words = Array.from({ length: tokens - 1 }, () => sample(rng, FIXTURE_POOL_WORDS, 1)[0]);
  const t = ' ' + words.join(' ');
  if (engine.encode(t).length !== tokens - 1) throw new Error(`bench text is not ${tokens - 1} tokens`);
  return t;
};
const textFile = path.join(work, 'text-512.txt');
writeFileSync(textFile, text(512));
interface LoadRun { loadMs: number; rssLoadedMb: number; rssScoredMb: number; peakRssMb: number; heapMb: number }
const LOAD_VARIANTS: [string, Record<string, string>][] = [
  ['by reference, no arena, prepacked (default)', {}],
  ['memory arena on (HUNT_ORT_ARENA=1)', { HUNT_ORT_ARENA: '1' }],
  ['weights not prepacked (HUNT_ORT_PREPACK=0)', { HUNT_ORT_PREPACK: '0' }],
  ['tail in column blocks (HUNT_SCORE_TAIL_MB=128)', { HUNT_SCORE_TAIL_MB: '128' }],
  ['built into the graph (HUNT_GRAPH_BY_REFERENCE=0)', { HUNT_GRAPH_BY_REFERENCE: '0' }],
];
const loads: Record<string, LoadRun[]> = Object.fromEntries(LOAD_VARIANTS.map(([name]) => [name, []]));
for (let r = 0; r < Number(process.env.BENCH_LOAD_REPEATS ?? 1); r++) {
  for (const [name, env] of LOAD_VARIANTS) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'speed-load.ts'), folder, textFile], { env: { ...process.env, ...env }, encoding: 'utf8' });
    loads[name].push(JSON.parse(out.trim().split('\n').at(-1)!) as LoadRun);
    log(`  load ${name}: ${JSON.stringify(loads[name].at(-1))}`);
  }
}

// ---- the bare session: the same plain graph file hunt's engine runs ----
const graphFile = path.join(cacheDir, 'graphs', (await import('node:fs')).readdirSync(path.join(cacheDir, 'graphs')).find((d) => d.includes('-plain-'))!, 'model.onnx');
const bareSession = (intraOp?: number, env: NodeJS.ProcessEnv = process.env) =>
  ort.InferenceSession.create(graphFile, {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    logSeverityLevel: 3,
    ...ortRuntimeOptions(env),
    ...(intraOp ? { intraOpNumThreads: intraOp, interOpNumThreads: 1 } : {}),
  });
const bare = await bareSession(threads);
// the thread sweep: the same graph with 1 and 2 intra-op threads (and 2 spinning), interleaved with everything else
const sweep = await Promise.all(
  ([['1', 1, {}], ['2', 2, {}], ['2, spinning (HUNT_ORT_SPIN=1)', 2, { HUNT_ORT_SPIN: '1' }]] as const).map(async ([label, n, env]) => ({ n: label, session: await bareSession(n, { ...process.env, ...env }) })),
);
const shape: CacheShape = { nHead: config.nHead, headSize: config.nEmbd / config.nHead };
const { nLayer: L, nHead: H } = config;
const D = shape.headSize;
const ablation = {
  head_keep: new ort.Tensor('float32', new Float32Array(L * H).fill(1), [L, H]),
  head_fill: new ort.Tensor('float32', new Float32Array(L * H * D), [L, H, D]),
};
/** Feeds for the bare session: the tail scoring `rows` (or, `logitsRows`, the `logits` output holding those rows and the tail idle on one). */
function bareFeeds(padded: PaddedBatch, rows: number[], targets: number[][], past?: KvCache, mask?: BigInt64Array, session = bare, logitsRows = false): Record<string, ort.Tensor> {
  return { ...rowScoreFeeds(session, { batch: padded, past, attentionMask: mask }, { rows, targets, topK: 1 }, shape, config.vocabSize, !logitsRows).feeds, ...ablation };
}

interface Mode { name: string; tokens: number; run: () => Promise<unknown> }
const modes: Mode[] = [];
const withEnv = (name: string, value: string, fn: () => Promise<unknown>) => async () => {
  process.env[name] = value;
  try {
    return await fn();
  } finally {
    delete process.env[name];
  }
};
for (const [batch, width] of [[1, 32], [1, 512], [32, 64]] as const) {
  const texts = Array.from({ length: batch }, () => text(width));
  // the bare session runs the same batches as the engine (its default budget of 512 padded tokens)
  const groups = planBatches(texts.map(() => width), 512, 64).map((g) => g.map((i) => [config.bosId, ...engine.encode(texts[i])]));
  const scoringFeeds = groups.map((ids) => {
    const padded = leftPad(ids, config.bosId);
    const rows = ids.flatMap((s, b) => s.slice(0, -1).map((_, i) => b * padded.width + padded.padOf[b] + i));
    return bareFeeds(padded, rows, ids.flatMap((s) => s.slice(1).map((id) => [id])));
  });
  const forwardFeeds = groups.map((ids) => {
    const padded = leftPad(ids, config.bosId);
    return bareFeeds(padded, ids.map((_, b) => b * padded.width + padded.width - 1), [], undefined, undefined, bare, true);
  });
  const runAll = async (feeds: Record<string, ort.Tensor>[], fetches: string[]) => {
    for (const f of feeds) await bare.run(f, fetches);
  };
  const shapeName = `${batch}×${width}`;
  const tokens = batch * width;
  modes.push(
    { name: `${shapeName} scoring: bare graph (tail outputs only)`, tokens, run: () => runAll(scoringFeeds, [...ROW_SCORE_OUTPUTS]) },
    { name: `${shapeName} scoring: hunt tokenLogprobs`, tokens, run: () => engine.tokenLogprobs(texts) },
    // the previous path, at one shape only: it is the slowest mode by far
    ...(width === 512
      ? [
          { name: `${shapeName} scoring: hunt, logits to JS (HUNT_SCORE_IN_GRAPH=0)`, tokens, run: withEnv('HUNT_SCORE_IN_GRAPH', '0', () => engine.tokenLogprobs(texts)) },
          { name: `${shapeName} scoring: hunt, tail in column blocks (HUNT_SCORE_TAIL_MB=128)`, tokens, run: withEnv('HUNT_SCORE_TAIL_MB', '128', () => engine.tokenLogprobs(texts)) },
        ]
      : []),
    { name: `${shapeName} forward: bare graph (last-row logits)`, tokens, run: () => runAll(forwardFeeds, ['logits']) },
    { name: `${shapeName} forward: hunt nextTokens (top 10)`, tokens, run: () => engine.nextTokens(texts, { topK: 10 }) },
  );
}

/** A bare greedy loop on the KV cache, fetching the whole `present.*` each step: prefill, then one token per step, next id from the tail's top_ids. */
async function bareGenerate(prompt: number[], steps: number, session = bare): Promise<number[]> {
  const bare = session;
  let padded = leftPad([prompt], config.bosId);
  let out = await bare.run(bareFeeds(padded, [prompt.length - 1], [], undefined, undefined, bare), ['top_ids', ...bare.outputNames.filter((n) => n.startsWith('present.'))]);
  const added: number[] = [];
  let length = prompt.length;
  for (let s = 1; s <= steps; s++) {
    const id = Number((out.top_ids.data as BigInt64Array)[0]);
    added.push(id);
    if (s === steps) break;
    const past: KvCache = { length, tensors: Object.fromEntries(bare.outputNames.filter((n) => n.startsWith('present.')).map((n) => [n.replace('present.', 'past_key_values.'), out[n]])) };
    const mask = new BigInt64Array(length + 1).fill(1n);
    padded = { batch: 1, width: 1, inputIds: BigInt64Array.of(BigInt(id)), positionIds: BigInt64Array.of(BigInt(length)), attentionMask: mask, padOf: [0] };
    out = await bare.run(bareFeeds(padded, [0], [], past, mask, bare), ['top_ids', ...bare.outputNames.filter((n) => n.startsWith('present.'))]);
    length++;
  }
  return added;
}
const p200 = text(200);
const p512 = text(512);
const ids512 = [config.bosId, ...engine.encode(p512)];
modes.push(
  { name: 'generate 1 after 200', tokens: 1, run: () => engine.generate([p200], { maxNewTokens: 1 }) },
  { name: 'generate 20 after 200', tokens: 20, run: () => engine.generate([p200], { maxNewTokens: 20 }) },
  { name: 'one 512-token forward (nextTokens)', tokens: 512, run: () => engine.nextTokens([p512], { topK: 1 }) },
  { name: 'generate 32 after 512', tokens: 32, run: () => engine.generate([p512], { maxNewTokens: 32 }) },
  { name: 'generate 32 after 512: bare greedy loop fetching present.* each step', tokens: 32, run: () => bareGenerate(ids512, 32) },
);

// answers of several tokens after one prompt: on the prompt's KV cache (the default) and re-running prompt + answer
const answerItem = [{ prompt: p200, answers: Array.from({ length: 8 }, () => text(7)) }];
modes.push(
  { name: 'score 8 answers of 6 tokens after 200: on the prompt\'s cache', tokens: 8 * 6, run: () => engine.scoreMany(answerItem) },
  { name: 'score 8 answers of 6 tokens after 200: prompt + answer (HUNT_KV_CACHE=0)', tokens: 8 * 6, run: withEnv('HUNT_KV_CACHE', '0', () => engine.scoreMany(answerItem)) },
);
// the thread sweep (bare sessions): a long prompt's scoring, and a generation, at 1 and 2 intra-op threads
for (const { n, session } of sweep) {
  const ids = [config.bosId, ...engine.encode(p512)];
  const padded = leftPad([ids], config.bosId);
  const feeds = bareFeeds(padded, ids.slice(0, -1).map((_, i) => i), ids.slice(1).map((id) => [id]), undefined, undefined, session);
  modes.push(
    { name: `threads ${n}: 1×512 scoring (bare)`, tokens: 512, run: () => session.run(feeds, [...ROW_SCORE_OUTPUTS]) },
    { name: `threads ${n}: generate 20 after 200 (bare)`, tokens: 20, run: () => bareGenerate([config.bosId, ...engine.encode(p200)], 20, session) },
  );
}

// hunt's greedy continuation and the bare loop's agree (a check on the bench, not a timing)
const huntIds = (await engine.generate([p512], { maxNewTokens: 32 }))[0].tokens.map((t) => t.id);
if (JSON.stringify(huntIds) !== JSON.stringify(await bareGenerate(ids512, 32))) throw new Error('hunt and the bare loop generated different tokens');

const times = new Map<string, number[]>(modes.map((m) => [m.name, []]));
const cpu = new Map<string, number[]>(modes.map((m) => [m.name, []]));
// warm-up: onnxruntime's arenas and the tokenizer's caches, at the largest shape of each kind
for (const m of modes.filter((m) => m.name.startsWith('32×64') || m.name.startsWith('generate 1 '))) await m.run();
for (let r = 0; r < repeats; r++) {
  for (const m of modes) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await m.run();
    times.get(m.name)!.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.get(m.name)!.push((c.user + c.system) / 1000);
  }
  log(`  round ${r + 1}/${repeats} done`);
}

const ms = (name: string) => median(times.get(name)!);
const table = new Table({ head: ['mode', 'median ms', 'tokens/s', 'CPU ms', 'vs bare'], style: { head: [], border: [] } });
for (const m of modes) {
  const bareName = m.name.includes(' scoring: ') ? m.name.replace(/scoring: .*/, 'scoring: bare graph (tail outputs only)') : m.name.includes(' forward: ') ? m.name.replace(/forward: .*/, 'forward: bare graph (last-row logits)') : '';
  const ratio = bareName && bareName !== m.name ? `${((100 * ms(bareName)) / ms(m.name)).toFixed(0)}% of bare tok/s` : '';
  table.push([m.name, ms(m.name).toFixed(1), (m.tokens / (ms(m.name) / 1000)).toFixed(0), median(cpu.get(m.name)!).toFixed(0), ratio]);
}
const loadTable = new Table({ head: ['load (fresh process, then 1×512 scored)', 'load s', 'RSS loaded MB', 'RSS after scoring MB', 'peak RSS MB'], style: { head: [], border: [] } });
for (const [name, runs] of Object.entries(loads)) {
  const m = (f: (r: LoadRun) => number) => median(runs.map(f));
  loadTable.push([name, (m((r) => r.loadMs) / 1000).toFixed(2), m((r) => r.rssLoadedMb), m((r) => r.rssScoredMb), m((r) => r.peakRssMb)]);
}
console.log(`GPT-2-small-shaped random weights (seeded), fp32, onnxruntime-node ${ort.env.versions.common}; ${os.cpus().length} CPUs visible (${os.cpus()[0]?.model}); intra-op threads: ${threads ?? "onnxruntime's default"}; ${repeats} interleaved rounds, medians; load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(table.toString());
console.log(loadTable.toString());
console.log(`generate 20 after 200 ÷ 1 after 200: ${(ms('generate 20 after 200') / ms('generate 1 after 200')).toFixed(2)}×`);
console.log(`generate 512 + 32 ÷ one 512-token forward: ${(ms('generate 32 after 512') / ms('one 512-token forward (nextTokens)')).toFixed(2)}×`);
console.log(`score 8 answers of 6 tokens after 200, prompt + answer ÷ on the cache: ${(ms('score 8 answers of 6 tokens after 200: prompt + answer (HUNT_KV_CACHE=0)') / ms("score 8 answers of 6 tokens after 200: on the prompt's cache")).toFixed(2)}×`);
await engine.graph.dispose();
await bare.release();
for (const { session } of sweep) await session.release();
