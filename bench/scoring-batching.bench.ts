/**
 * `npm run bench`: prompts/second for scoring 512 prompts one at a time vs batched, on
 * both backends: transformers.js on the hub's ONNX export rewritten to compute logits only
 * at the rows scoring reads (and, for comparison, the export unchanged, HUNT_ROW_LOGITS=0),
 * and our own graph (models/graph/). Model: HUNT_MODEL or --model (default: the
 * tiny fixture, which runs anywhere offline; point it at a GPT-2 small folder for real
 * figures). Prints medians of REPEATS runs, all in one process.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRng, sample } from '../common/random.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import { ScoringEngine } from '../models/scoring-engine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const argModel = process.argv.indexOf('--model');
const model = argModel > 0 ? process.argv[argModel + 1] : (process.env.HUNT_MODEL ?? path.join(here, '../test/fixtures/tiny-gpt2'));
const N = Number(process.env.BENCH_PROMPTS ?? 512);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const WORDS = ' the of and to in is was for on that with as by at from his her John Mary store school went gave said'.split(' ').filter(Boolean);

function makePrompts(n: number): string[] {
  const rng = seededRng(42);
  return Array.from({ length: n }, () => sample(rng, WORDS, 6 + Math.floor(rng() * 14)).join(' '));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

const prompts = makePrompts(N);
const items = prompts.map((prompt) => ({ prompt, answers: [' the', ' and'] }));

async function measure(name: string, batched: ScoringEngine, single: ScoringEngine) {
  await batched.scoreMany(items.slice(0, 8)); // warm-up
  const oneAtATime: number[] = [];
  const inBatches: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    oneAtATime.push(await time(async () => {
      for (const item of items) await single.score(item.prompt, item.answers);
    }));
    inBatches.push(await time(() => batched.scoreMany(items)));
  }
  const a = N / median(oneAtATime);
  const b = N / median(inBatches);
  return [
    { engine: name, mode: 'one at a time', 'prompts/s': a.toFixed(1), 'seconds (median)': median(oneAtATime).toFixed(3), 'speed-up': '1.00×' },
    { engine: name, mode: 'batched', 'prompts/s': b.toFixed(1), 'seconds (median)': median(inBatches).toFixed(3), 'speed-up': `${(b / a).toFixed(2)}×` },
  ];
}

const transformers = await ScoringEngine.load({ model });
process.env.HUNT_ROW_LOGITS = '0'; // the hub export as it is: logits at every position
const fullLogits = await ScoringEngine.load({ model });
delete process.env.HUNT_ROW_LOGITS;
const graph = await GraphEngine.load({ model });
const rows = [
  ...(await measure('transformers.js', transformers, new ScoringEngine(transformers.loaded, { maxBatchSize: 1 }))),
  ...(await measure('transformers.js, all-position logits', fullLogits, new ScoringEngine(fullLogits.loaded, { maxBatchSize: 1 }))),
  ...(await measure('graph', graph, new GraphEngine(graph.graph, { maxBatchSize: 1 }))),
];
console.log(`model ${transformers.modelId} · ${N} prompts (6–19 words, 2 answers each) · ${os.cpus().length} cores · median of ${REPEATS}`);
console.table(rows);
