/**
 * `npm run bench`: prompts/second for scoring 512 prompts one at a time vs batched.
 * Model: HUNT_MODEL or --model (default: the tiny fixture, which runs anywhere offline;
 * point it at GPT-2 small for real figures). Prints medians of REPEATS runs.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRng, sample } from '../common/random.ts';
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

const batched = await ScoringEngine.load({ model });
const single = new ScoringEngine(batched.loaded, { maxBatchSize: 1 });
const prompts = makePrompts(N);
const items = prompts.map((prompt) => ({ prompt, answers: [' the', ' and'] }));

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
console.log(`model ${batched.modelId} · ${N} prompts (6–19 words, 2 answers each) · ${os.cpus().length} cores · median of ${REPEATS}`);
console.table([
  { mode: 'one at a time', 'prompts/s': a.toFixed(1), 'seconds (median)': median(oneAtATime).toFixed(3) },
  { mode: 'batched', 'prompts/s': b.toFixed(1), 'seconds (median)': median(inBatches).toFixed(3) },
]);
console.log(`batched / one-at-a-time speed-up: ${(b / a).toFixed(2)}×`);
