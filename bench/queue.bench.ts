/**
 * `npm run bench:queue`: throughput and latency of `complete` jobs through Redis, one
 * worker process (model host child) and N closed-loop clients (each enqueues a job,
 * waits for its result, enqueues the next), with cross-job batching off (batch size 1)
 * and on. Latency is enqueue → result seen by the client: queue wait included. Beside it,
 * the time to the first view: enqueue → the job's next tokens seen by the client (its
 * progress, published before the continuation is generated: what /complete shows at once).
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379), HUNT_MODEL (default the
 * test fixture tiny-gpt2; GPT-2 small is Xenova/gpt2; `random-gpt2-small`: seeded random
 * weights of GPT-2 small's shape, written by the benchmark, run by the graph engine), BENCH_SECONDS per cell (default 15),
 * split into BENCH_ROUNDS windows (default 3) that alternate between the configurations,
 * BENCH_TOKENS continuation length (default 8), BENCH_CLIENTS (default 1,8,32),
 * BENCH_BATCH (default 1,16). `--json` prints the rows as JSON.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { GPT2_SMALL_CONFIG } from '../models/graph/gpt2-weights.ts';
import { DEFAULT_MODEL } from '../models/model-source.ts';
import { JobProducer } from '../queue/job-producer.ts';
import { QueueEventsResults } from '../queue/job-results.ts';
import { DEFAULT_REDIS_URL, type QueueConfig } from '../queue/queue-config.ts';
import { startWorkerService, type WorkerService } from '../worker/worker-service.ts';
import { writeRandomGpt2Folder } from './random-gpt2-folder.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/tiny-gpt2');
const RANDOM_SMALL = process.env.HUNT_MODEL === 'random-gpt2-small';
const MODEL = RANDOM_SMALL ? randomSmallFolder() : (process.env.HUNT_MODEL ?? FIXTURE);

/** GPT-2 small's shape with seeded random weights (the fixture's tokenizer), in a folder removed on exit. */
function randomSmallFolder(): string {
  const work = mkdtempSync(path.join(os.tmpdir(), 'hunt-bench-queue-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  process.env.HUNT_CACHE_DIR = path.join(work, 'cache');
  const folder = path.join(work, 'gpt2-random');
  writeRandomGpt2Folder(folder, GPT2_SMALL_CONFIG, 1, FIXTURE);
  return folder;
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 8);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const BATCH_SIZES = (process.env.BENCH_BATCH ?? '1,16').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORDS = 'apple river stone cloud music paper light green house table window garden letter summer market'.split(' ');

interface Row {
  batch_size: number;
  clients: number;
  jobs: number;
  jobs_per_s: number;
  p50_ms: number;
  p95_ms: number;
  /** enqueue → the next tokens (the job's progress) seen by the client */
  first_p50_ms: number;
  first_p95_ms: number;
  /** jobs whose first view the client saw before their result */
  first_views: number;
  /** forward-pass batches the worker ran: jobs ÷ batches is the mean batch */
  batches: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

/** Distinct prompts (identical ones would be deduplicated, not computed). */
function prompt(client: number, i: number): string {
  return `The ${WORDS[(client + i) % WORDS.length]} near the ${WORDS[(client * 7 + i * 3) % WORDS.length]} was ${client}-${i} and`;
}

interface Setup {
  batchSize: number;
  config: QueueConfig;
  producer: JobProducer;
  results: QueueEventsResults;
  service: WorkerService;
}

async function setUp(batchSize: number): Promise<Setup> {
  const config: QueueConfig = { redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL, prefix: `bench-${randomUUID().slice(0, 8)}`, defaultModel: DEFAULT_MODEL };
  const service = await startWorkerService({ queue: config, source: { model: MODEL }, engineKind: RANDOM_SMALL ? 'graph' : undefined, batching: { batchSize }, log: pino({ level: 'warn' }) });
  // Jobs go to the queue of the model the worker loaded (its own queue unless it is the default model).
  const producer = new JobProducer(config, { quota: { limit: 1_000_000 } });
  const results = new QueueEventsResults(config, service.model.modelId);
  await results.ready();
  return { batchSize, config, producer, results, service };
}

async function tearDown(s: Setup): Promise<void> {
  await s.service.stop(30_000);
  await s.results.close();
  await s.producer.close();
  await deletePrefix(s.config.redisUrl, s.config.prefix);
}

let sequence = 0;

interface Window {
  latencies: number[];
  /** enqueue → first view, for the jobs whose progress the client saw before their result */
  firstViews: number[];
  elapsed: number;
  batches: number;
}

/** `clients` closed-loop clients for `seconds`: latencies of the jobs that finished, and the batches run. */
async function window(s: Setup, clients: number, seconds: number): Promise<Window> {
  const round = sequence++;
  const firstViews: number[] = [];
  const run = async (client: number, i: number): Promise<number> => {
    const started = performance.now();
    const job = await s.producer.enqueue('complete', { prompt: prompt(client, i) + ` r${round}`, tokens: TOKENS }, { userId: `bench-${client}`, model: s.service.model.modelId });
    // as the bot does: watch the progress right after enqueueing, then wait for the result
    const stop = s.results.watchProgress(job.id, 'complete', () => {
      stop();
      firstViews.push(performance.now() - started);
    });
    const outcome = await s.results.wait(job.id, 'complete', 300_000);
    stop();
    if (outcome.status !== 'completed') throw new Error(`job failed: ${outcome.failure.message}`);
    return performance.now() - started;
  };
  const before = s.service.worker.stats.batches;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 1; performance.now() < deadline; i++) latencies.push(await run(client, i));
    }),
  );
  return { latencies, firstViews, elapsed: (performance.now() - started) / 1000, batches: s.service.worker.stats.batches - before };
}

// Both configurations stay up and take turns in short windows, so that load from anything
// else on the machine falls on both alike.
const setups: Setup[] = [];
for (const batchSize of BATCH_SIZES) setups.push(await setUp(batchSize));
for (const s of setups) await window(s, 4, 2); // warm-up, not measured

const rows: Row[] = [];
try {
  for (const clients of CLIENTS) {
    const acc = new Map(setups.map((s) => [s, { latencies: [] as number[], firstViews: [] as number[], elapsed: 0, batches: 0 }]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of r % 2 === 0 ? setups : [...setups].reverse()) {
        const w = await window(s, clients, SECONDS / ROUNDS);
        const a = acc.get(s)!;
        a.latencies.push(...w.latencies);
        a.firstViews.push(...w.firstViews);
        a.elapsed += w.elapsed;
        a.batches += w.batches;
      }
    }
    for (const s of setups) {
      const a = acc.get(s)!;
      a.latencies.sort((x, y) => x - y);
      a.firstViews.sort((x, y) => x - y);
      const row = {
        batch_size: s.batchSize,
        clients,
        jobs: a.latencies.length,
        jobs_per_s: a.latencies.length / a.elapsed,
        p50_ms: percentile(a.latencies, 50),
        p95_ms: percentile(a.latencies, 95),
        first_p50_ms: percentile(a.firstViews, 50),
        first_p95_ms: percentile(a.firstViews, 95),
        first_views: a.firstViews.length,
        batches: a.batches,
      };
      rows.push(row);
      if (!process.argv.includes('--json')) process.stderr.write(`batch ${row.batch_size}, ${clients} client(s): ${row.jobs} jobs\n`);
    }
  }
} finally {
  for (const s of setups) await tearDown(s);
}
rows.sort((a, b) => a.batch_size - b.batch_size || a.clients - b.clients);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ model: MODEL, tokens: TOKENS, seconds: SECONDS, rows }, null, 2));
} else {
  console.log(`complete jobs (${TOKENS} new tokens) on ${path.basename(MODEL)}, ${SECONDS} s per cell in ${ROUNDS} alternating windows, one worker process per configuration`);
  console.log('| cross-job batching | clients | jobs | jobs/s | first view p50 ms | first view p95 ms | result p50 ms | result p95 ms | mean batch |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const batching = r.batch_size === 1 ? 'off (1)' : `on (≤ ${r.batch_size})`;
    console.log(
      `| ${batching} | ${r.clients} | ${r.jobs} | ${r.jobs_per_s.toFixed(1)} | ${r.first_p50_ms.toFixed(0)} | ${r.first_p95_ms.toFixed(0)} | ${r.p50_ms.toFixed(0)} | ${r.p95_ms.toFixed(0)} | ${(r.jobs / Math.max(1, r.batches)).toFixed(1)} |`,
    );
  }
}
process.exit(0);
