/**
 * `npm run bench:web`: `hunt serve` under load on loopback. Results are computed for real
 * with the fixture model (a 200-prompt evaluation, a surprise view, a next-token view) and
 * stored in a fresh PostgreSQL schema (DATABASE_URL, default the test database); `hunt serve`
 * runs in its own process (as deployed), once rendering every request, once with its page cache; then
 * BENCH_REQUESTS (1,000) requests are sent at once, in rounds (BENCH_ROUNDS, 2), over
 * fresh connections, mixing result pages, the catalog and unknown ids (a 404 is an
 * answer; an error is a failed connection or a 5xx), to a server that renders every
 * request and to one with the page cache. Prints p50/p95 per round and the
 * single-request time of each page.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { completeReport } from '../reports/complete-report.ts';
import { openCatalog } from '../catalog/open-catalog.ts';
import { openPgSqlClient } from '../catalog/pg-sql-client.ts';
import { ScoringEngine } from '../models/scoring-engine.ts';
import { evaluateTask } from '../tasks/evaluate-task.ts';
import { fixtureInductionTask } from '../test/helpers/fixture-induction-task.ts';
import { FIXTURE_MODEL } from '../test/helpers/fixture-model.ts';
import { jobResultRecord } from '../web/bot-result-link.ts';
import { ResultRepository } from '../web/result-repository.ts';
import { surpriseReport } from '../web/surprise-report.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const HUNT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/hunt.mjs');

function fetchOnce(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const schema = `bench_web_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const catalog = await openCatalog({ databaseUrl: DATABASE_URL, schema }, {});
const engine = await ScoringEngine.load({ model: FIXTURE_MODEL });
const results = new ResultRepository(catalog.sql);
const evaluation = await evaluateTask(engine, fixtureInductionTask, { n: 200, seed: 0 });
const text = Array.from({ length: 40 }, (_, i) => ['applic higher required air see', 'understand page imp fil damage'][i % 2]).join(' ');
const ids = {
  evaluation: (await results.store(jobResultRecord('evaluation', { task: evaluation.task, n: 200, seed: 0 }, evaluation, 0))).id,
  surprise: (await results.store(jobResultRecord('tokens', { text }, await surpriseReport(engine, text), null))).id,
  complete: (await results.store(jobResultRecord('complete', { prompt: 'applic higher required air see applic higher' }, await completeReport(engine, 'applic higher required air see applic higher'), null))).id,
};
/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** `hunt serve` in its own process (as deployed), so the load generator does not share its event loop. */
async function startServe(pageCacheMb: number): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [HUNT, 'serve', '--port', String(port), '--page-cache-mb', String(pageCacheMb)], {
    env: { ...process.env, DATABASE_URL, HUNT_DB_SCHEMA: schema, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetchOnce(`${url}/healthz`)).status === 200) break;
    } catch {
      if (i > 600) throw new Error('hunt serve did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

const cold = await startServe(0);
const cached = await startServe(64);
const servers = { 'no page cache': cold.url, 'page cache (default)': cached.url };
const paths = [`/r/${ids.evaluation}`, `/r/${ids.surprise}`, `/r/${ids.complete}`, '/catalog?sort=votes', '/r/ffffffffffffffffffff', '/'];

try {
  const base = servers['no page cache'];
  console.log(`hunt serve (own process) on PostgreSQL schema ${schema}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
  console.log('one request each, no page cache, median of 5:');
  for (const path of paths) {
    const times: number[] = [];
    let last = { status: 0, bytes: 0 };
    for (let i = 0; i < 5; i++) {
      const r = await fetchOnce(base + path);
      times.push(r.ms);
      last = r;
    }
    times.sort((a, b) => a - b);
    console.log(`  ${path.padEnd(28)} ${String(last.status).padStart(3)}  ${(last.bytes / 1024).toFixed(0).padStart(5)} KiB  ${quantile(times, 0.5).toFixed(1).padStart(6)} ms`);
  }
  console.log(`\n${REQUESTS} concurrent requests (a new connection each, the ${paths.length} paths above in turn), ${ROUNDS} rounds per server:`);
  console.log('server               | round | errors | 5xx | p50 ms | p95 ms | max ms | wall ms | req/s');
  for (const [name, url] of Object.entries(servers)) {
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      const outcomes = await Promise.allSettled(Array.from({ length: REQUESTS }, (_, i) => fetchOnce(url + paths[i % paths.length])));
      const wall = performance.now() - started;
      const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const errors = outcomes.length - done.length;
      const serverErrors = done.filter((d) => d.status >= 500).length;
      const ms = done.map((d) => d.ms).sort((a, b) => a - b);
      console.log(`${name.padEnd(20)} | ${String(round).padStart(5)} | ${String(errors).padStart(6)} | ${String(serverErrors).padStart(3)} | ${quantile(ms, 0.5).toFixed(0).padStart(6)} | ${quantile(ms, 0.95).toFixed(0).padStart(6)} | ${ms.at(-1)!.toFixed(0).padStart(6)} | ${wall.toFixed(0).padStart(7)} | ${((REQUESTS / wall) * 1000).toFixed(0)}`);
    }
  }
} finally {
  await cold.stop();
  await cached.stop();
  await catalog.close();
  const admin = await openPgSqlClient(DATABASE_URL, 'public', 1);
  await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.close();
}
