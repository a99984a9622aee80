import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mineCorpus, type MineOptions, type MineReport } from '../../../corpus/mine-corpus.ts';
import { enqueueMine, waitForMine, type MineRunProgress } from '../../../queue/mine-flow.ts';
import { MINE_QUEUE, type MineJobResult, type MineShardResult } from '../../../queue/mine-job-schemas.ts';
import { bullConnection, type QueueConfig } from '../../../queue/queue-config.ts';
import { MineWorker } from '../../../worker/mine-worker.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { plantedDocuments } from '../../helpers/planted-corpus.ts';
import { deletePrefix, freshQueueConfig, spawnWorker, testLogger, type WorkerProcess } from '../../helpers/queue-harness.ts';

/**
 * `hunt enqueue mine`: a corpus split into shards on the queue, scanned by several workers and
 * merged, must give exactly the report and the instances of one `hunt mine` process — also
 * when a worker is killed mid-shard — and a bad shard is reported without losing the rest.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-mine-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { docs } = plantedDocuments(11, 100);
const jsonl = (texts: string[]) => texts.map((text) => JSON.stringify({ text })).join('\n') + '\n';

/** 20 files (txt, jsonl, jsonl.gz, in two folders), five documents each; the last repeats earlier documents (duplicates across shards). */
function writeShardedCorpus(name: string): string {
  const root = path.join(dir, name);
  mkdirSync(path.join(root, 'b'), { recursive: true });
  for (let i = 0; i < 20; i++) {
    const part = i === 19 ? [...docs.slice(0, 3), ...docs.slice(95, 97)] : docs.slice(5 * i, 5 * i + 5);
    const base = path.join(root, i < 10 ? '' : 'b', `part-${String(i).padStart(2, '0')}`);
    if (i % 3 === 0) writeFileSync(`${base}.txt`, part.join('\n\n') + '\n');
    else if (i % 3 === 1) writeFileSync(`${base}.jsonl`, jsonl(part));
    else writeFileSync(`${base}.jsonl.gz`, gzipSync(jsonl(part)));
  }
  return root;
}

const SETTINGS = { task: { builtin: 'acronym' }, tokens: 'sample', model: FIXTURE_MODEL, write_instances: true, max_per_doc: 2, seed: 3, batch_chars: 600 } as const;
const ONE_PROCESS: Omit<MineOptions, 'corpus' | 'out'> = { task: { kind: 'resolve', spec: 'acronym' }, tokens: 'sample', model: { model: FIXTURE_MODEL }, maxPerDoc: 2, seed: 3, workers: 1, examples: 12, batchChars: 600 };

/** The report without what depends on the run (timings, who ran it, where the file went, the queue's shard list). */
function stable(report: MineReport) {
  const { seconds, scan_seconds, mb_per_s, scan_mb_per_s, workers, shards, out, ...rest } = report;
  return { ...rest, out: out && { ...out, path: undefined } };
}

const readLines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

let config: QueueConfig;
const running: MineWorker[] = [];
const spawned: WorkerProcess[] = [];
afterEach(async () => {
  for (const w of spawned.splice(0)) w.child.kill('SIGKILL');
  await Promise.all(running.splice(0).map((w) => w.stop()));
  await deletePrefix(config.prefix);
});

async function startWorkers(n: number, options = {}): Promise<void> {
  for (let i = 0; i < n; i++) {
    const worker = new MineWorker(config, testLogger(), { scanThreads: 1, ...options });
    await worker.start();
    running.push(worker);
  }
}

describe('mining on the queue', () => {
  it('GIVEN a folder of 20 shards and 2 workers THEN the merged report and instances equal one hunt mine process (with --sample too), shard progress included', async () => {
    config = freshQueueConfig();
    const corpus = writeShardedCorpus('twenty');
    const out = path.join(dir, 'one.jsonl');
    const one = await mineCorpus({ ...ONE_PROCESS, corpus, out });
    expect(one.judged).toBeGreaterThan(20); // the comparison below compares something
    expect(one.agreed).toBeGreaterThan(5);
    expect(one.duplicates).toBeGreaterThan(0); // the last shard repeats documents of the first ones

    await startWorkers(2);
    const run = await enqueueMine(config, { settings: SETTINGS, corpus, shardBytes: 1, examples: 12, out: 'queued.jsonl' });
    expect(run.shards).toBe(20);
    const seen: MineRunProgress[] = [];
    const merged = await waitForMine(config, run.id, { timeoutMs: 120_000, pollMs: 50, onProgress: (p) => seen.push(p) });

    expect(stable(merged.report)).toStrictEqual(stable(one));
    expect(merged.instances!.map((i) => JSON.stringify(i))).toStrictEqual(readLines(out));
    expect(merged.report.shards).toStrictEqual({ total: 20, failed: [] });
    expect(merged.report.workers).toBe(1); // both in-process workers share one host:pid name
    expect(seen.at(-1)).toMatchObject({ shardsDone: 20, shardsTotal: 20, bytesDone: run.bytes, state: 'completed' });
    expect(seen.map((p) => p.shardsDone)).toStrictEqual([...seen.map((p) => p.shardsDone)].sort((a, b) => a - b));

    // --sample: shards keep every instance and the merge replays them in corpus order, so the seeded reservoir is the same
    const sampleOut = path.join(dir, 'one-sample.jsonl');
    const oneSample = await mineCorpus({ ...ONE_PROCESS, corpus, out: sampleOut, sample: 6 });
    const sampledRun = await enqueueMine(config, { settings: SETTINGS, corpus, shardBytes: 1, examples: 12, sample: 6, out: 'queued.jsonl' });
    const sampled = await waitForMine(config, sampledRun.id, { timeoutMs: 120_000 });
    expect(sampled.instances).toHaveLength(6);
    expect(sampled.instances!.map((i) => JSON.stringify(i))).toStrictEqual(readLines(sampleOut));
    expect(stable(sampled.report)).toStrictEqual(stable(oneSample));
  }, 180_000);

  it('GIVEN a hunt worker process SIGKILLed once it has taken a shard THEN the shard is re-run elsewhere and the report is still the same', async () => {
    config = freshQueueConfig();
    const corpus = writeShardedCorpus('killed');
    const out = path.join(dir, 'one-killed.jsonl');
    const one = await mineCorpus({ ...ONE_PROCESS, corpus, out });

    const victim = spawnWorker(config, ['--mine', '--scan-threads', '1', '--lock-duration', '1000', '--stalled-interval', '500']);
    spawned.push(victim);
    await victim.waitForLog('mine worker ready');
    const run = await enqueueMine(config, { settings: SETTINGS, corpus, shardBytes: 1, examples: 12, out: 'queued.jsonl' });
    await victim.waitForLog('shard started');
    victim.child.kill('SIGKILL');
    await victim.exited;
    const taken = victim.logs().split('\n').filter((line) => line.includes('"shard started"')).map((line) => JSON.parse(line) as { job: string; shard: number });
    expect(taken).toHaveLength(1);
    expect(victim.logs()).not.toContain('shard done'); // killed mid-shard: nothing finished there

    // the survivors' stalled check finds the dead worker's shard once its 1 s lock has run out
    await startWorkers(2, { stalledIntervalMs: 500, lockDurationMs: 1000 });
    const merged = await waitForMine(config, run.id, { timeoutMs: 120_000 });
    expect(stable(merged.report)).toStrictEqual(stable(one));
    expect(merged.instances!.map((i) => JSON.stringify(i))).toStrictEqual(readLines(out));
    const queue = new Queue(MINE_QUEUE, { connection: bullConnection(config), prefix: config.prefix });
    try {
      const shardJob = await queue.getJob(taken[0].job);
      const value = shardJob!.returnvalue as MineShardResult;
      expect(value.shard).toBe(taken[0].shard);
      expect(value.worker).toBe(`${(await import('node:os')).hostname()}:${process.pid}`);
      expect(shardJob!.stalledCounter).toBe(1);
    } finally {
      await queue.close();
    }
  }, 180_000);

  it('GIVEN a corrupt parquet file, a file that is no gzip and a file deleted after queueing THEN each is reported per shard and every other shard is counted', async () => {
    config = freshQueueConfig();
    const corpus = writeShardedCorpus('bad');
    writeFileSync(path.join(corpus, 'b', 'part-13.parquet'), 'PAR1 this is not parquet at all PAR1');
    writeFileSync(path.join(corpus, 'b', 'part-14.jsonl.gz'), 'plain text, not gzip');
    const run = await enqueueMine(config, { settings: { ...SETTINGS, write_instances: false }, corpus, shardBytes: 1, examples: 12 });
    rmSync(path.join(corpus, 'b', 'part-15.txt'));
    await startWorkers(2);
    const merged: MineJobResult = await waitForMine(config, run.id, { timeoutMs: 120_000 });
    const failed = merged.report.shards!.failed;
    expect(failed.map((f) => f.files)).toStrictEqual([['b/part-13.parquet'], ['b/part-14.jsonl.gz'], ['b/part-15.txt']]);
    expect(failed[0].error).toMatch(/b\/part-13\.parquet: not a readable parquet file/);
    expect(failed[1].error).toMatch(/b\/part-14\.jsonl\.gz: not a valid gzip file/);
    expect(failed[2].error).toMatch(/ENOENT/);

    // the rest is exactly what one process makes of the corpus without those three files
    rmSync(path.join(corpus, 'b', 'part-13.parquet'));
    rmSync(path.join(corpus, 'b', 'part-14.jsonl.gz'));
    const rest = await mineCorpus({ ...ONE_PROCESS, corpus });
    const { corpus: _a, ...restStable } = stable(rest);
    const { corpus: _b, ...mergedStable } = stable(merged.report);
    expect(mergedStable).toStrictEqual(restStable);
    expect(merged.report.docs).toBe(100 - 2 * 5); // part-14 and part-15 held five documents each; the bad parquet none
  }, 180_000);
});
