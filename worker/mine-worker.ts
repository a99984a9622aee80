import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { describeError, HuntError, InputError, toWire } from '../common/errors.ts';
import { MineMerge } from '../corpus/mine-merge.ts';
import { mineRunReport, type FailedShard } from '../corpus/mine-report.ts';
import { defaultScanWorkers, prepareMine, type MineSetup } from '../corpus/mine-setup.ts';
import { mineShard } from '../corpus/mine-shard.ts';
import { ScanPool } from '../corpus/scan-pool.ts';
import type { MinedInstance } from '../corpus/scan-protocol.ts';
import { encodeFailure } from '../queue/job-failure.ts';
import { LOCK_DURATION_MS, STALLED_INTERVAL_MS } from '../queue/job-policies.ts';
import {
  MINE_MERGE_JOB,
  MINE_QUEUE,
  MINE_SHARD_JOB,
  mineMergeJobSchema,
  mineSettingsOf,
  mineShardJobSchema,
  parseMineJob,
  readOptionsOf,
  type MineJobResult,
  type MineSettingsData,
  type MineShardResult,
} from '../queue/mine-job-schemas.ts';
import { shardOfKey } from '../queue/mine-flow.ts';
import { bullConnection, type QueueConfig } from '../queue/queue-config.ts';

export interface MineWorkerOptions {
  /** scan threads per shard (default: one per core) */
  scanThreads?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** how many times a shard may be recovered from a dead worker before it fails (default 2) */
  maxStalledCount?: number;
}

/** File-system errors that retrying cannot mend: the shard is reported, not retried. */
const BAD_FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR']);

/** Whether a shard's error is its input's (a missing, unreadable or corrupt file, a task that cannot run): reported at once, not retried. */
export function isShardInputError(err: unknown): boolean {
  if (err instanceof HuntError) return err.permanent;
  return typeof (err as NodeJS.ErrnoException)?.code === 'string' && BAD_FILE_CODES.has((err as NodeJS.ErrnoException).code!);
}

/**
 * Takes `hunt enqueue mine` jobs from the mine queue: scans shards (on a pool of scan threads,
 * kept while consecutive shards share their settings) and merges a run's shards into its one
 * report once they are all done. A shard's whole output is its job's return value, written by
 * BullMQ when the job completes: a worker killed mid-shard leaves nothing behind, and BullMQ's
 * stalled check gives the shard to another worker, which scans it from the start.
 */
export class MineWorker {
  private readonly worker: Worker;
  private readonly name = `${hostname()}:${process.pid}`;
  private readonly scanThreads: number;
  private pool?: { key: string; pool: ScanPool; setup: MineSetup };

  constructor(
    config: QueueConfig,
    private readonly log: Logger,
    options: MineWorkerOptions = {},
  ) {
    this.scanThreads = options.scanThreads ?? defaultScanWorkers();
    if (!Number.isInteger(this.scanThreads) || this.scanThreads < 1) throw new InputError('bad_option', `scan threads must be a whole number ≥ 1 (got ${this.scanThreads})`);
    this.worker = new Worker(MINE_QUEUE, (job) => this.process(job), {
      connection: bullConnection(config),
      prefix: config.prefix,
      autorun: false,
      concurrency: 1,
      lockDuration: options.lockDurationMs ?? LOCK_DURATION_MS,
      stalledInterval: options.stalledIntervalMs ?? STALLED_INTERVAL_MS,
      maxStalledCount: options.maxStalledCount ?? 2,
    });
    this.worker.on('error', (err) => this.log.warn({ err: describeError(err) }, 'queue connection problem; BullMQ retries'));
    this.worker.on('failed', (job, err) => this.log.info({ job: job?.id, reason: err.message }, 'mine job attempt failed'));
  }

  async start(): Promise<void> {
    void this.worker.run();
    await this.worker.waitUntilReady();
    this.log.info({ queue: MINE_QUEUE, scanThreads: this.scanThreads }, 'mine worker ready');
  }

  private async process(job: Job): Promise<unknown> {
    try {
      if (job.name === MINE_SHARD_JOB) return await this.shard(job);
      if (job.name === MINE_MERGE_JOB) return await this.merge(job);
      throw new InputError('bad_payload', `unknown mine job kind "${job.name}"`);
    } catch (err) {
      // the worker's failure wire (queue/job-failure.ts), as batching-worker.ts writes it: an error not of ours retries as an outage would
      const wire = toWire(err);
      const failure = { code: wire.code ?? 'unavailable', message: wire.code ? wire.message : describeError(err) };
      throw isShardInputError(err) ? new UnrecoverableError(encodeFailure(failure)) : new Error(encodeFailure(failure));
    }
  }

  /** A scan pool for these settings: the current one when the settings are the same (no thread start-up per shard). */
  private async poolFor(settings: MineSettingsData): Promise<{ pool: ScanPool; setup: MineSetup }> {
    const key = JSON.stringify(settings);
    if (this.pool?.key === key) return this.pool;
    await this.dropPool();
    const mine = mineSettingsOf(settings);
    const setup = await prepareMine(mine);
    const pool = await ScanPool.start({
      workers: this.scanThreads,
      budgetMs: setup.budgetMs,
      init: { task: mine.task, regex: setup.plan, tokenizer: setup.modelSource, writeInstances: mine.writeInstances, maxPerDoc: setup.maxPerDoc, seed: setup.seed },
    });
    this.pool = { key, pool, setup };
    return this.pool;
  }

  private async dropPool(): Promise<void> {
    const current = this.pool;
    this.pool = undefined;
    await current?.pool.close();
  }

  private async shard(job: Job): Promise<MineShardResult> {
    const parsed = parseMineJob(mineShardJobSchema, MINE_SHARD_JOB, job.data);
    if (!parsed.ok) throw new InputError('bad_payload', parsed.reason);
    const { settings, shard, files } = parsed.data;
    // tests wait for this line to kill a worker mid-shard
    this.log.info({ job: job.id, shard, files: files.length }, 'shard started');
    try {
      const { pool, setup } = await this.poolFor(settings);
      const scan = await mineShard(pool, setup, files, {
        read: readOptionsOf(settings),
        batchChars: settings.batch_chars,
        onProgress: (done) => void job.updateProgress(done).catch(() => {}),
      });
      this.log.info({ job: job.id, shard, docs: scan.part.result.docs, seconds: scan.seconds }, 'shard done');
      return { shard, ok: true, worker: this.name, part: scan.part, seconds: scan.seconds };
    } catch (err) {
      if (this.pool?.pool.failed) await this.dropPool(); // a pool that failed stays failed; one whose reader failed is fine
      if (!isShardInputError(err)) throw err;
      const error = err instanceof HuntError ? err.message : describeError(err);
      this.log.info({ job: job.id, shard, error }, 'shard cannot be read; reported in the merged report');
      return { shard, ok: false, worker: this.name, error };
    }
  }

  private async merge(job: Job): Promise<MineJobResult> {
    const parsed = parseMineJob(mineMergeJobSchema, MINE_MERGE_JOB, job.data);
    if (!parsed.ok) throw new InputError('bad_payload', parsed.reason);
    const data = parsed.data;
    const values = Object.values(await job.getChildrenValues<MineShardResult>());
    const ignored = await job.getIgnoredChildrenFailures();
    const byShard = new Map(values.map((v) => [v.shard, v]));
    const failed: FailedShard[] = [];
    for (const [key, reason] of Object.entries(ignored)) {
      const shard = shardOfKey(key);
      failed.push({ shard, files: data.shards[shard]?.files ?? [], error: reason.replace(/^\[\w+\] /, '') });
    }
    const setup = await prepareMine(mineSettingsOf(data.settings));
    const instances: MinedInstance[] = [];
    const merge = new MineMerge({
      censusLabels: (setup.task.census ?? []).map((c) => c.label),
      examples: data.examples,
      sample: data.sample,
      seed: setup.seed,
      emit: (found) => void instances.push(...found),
    });
    let scanSeconds = 0;
    const workers = new Set<string>();
    // shard order is corpus order: the same records in the same order as one `hunt mine` process
    data.shards.forEach((s, i) => {
      const result = byShard.get(i);
      if (!result) {
        if (!failed.some((f) => f.shard === i)) failed.push({ shard: i, files: s.files, error: 'no result (the shard job is gone)' });
        return;
      }
      workers.add(result.worker);
      if (!result.ok) {
        failed.push({ shard: i, files: s.files, error: result.error });
        return;
      }
      merge.add(result.part);
      scanSeconds += result.seconds;
    });
    failed.sort((a, b) => a.shard - b.shard);
    const written = data.sample !== undefined ? merge.tally.sampled() : instances;
    const report = mineRunReport(setup, merge, {
      corpus: data.corpus,
      ...(data.out ? { out: { path: data.out, instances: written.length, sampled: data.sample !== undefined } } : {}),
      shards: { total: data.shards.length, failed },
      workers: workers.size,
      seconds: (Date.now() - job.timestamp) / 1000,
      scanSeconds,
    });
    this.log.info({ job: job.id, shards: data.shards.length, failed: failed.length, docs: report.docs }, 'mine run merged');
    return { report, ...(data.settings.write_instances ? { instances: written } : {}) };
  }

  async stop(): Promise<void> {
    await this.worker.close();
    await this.dropPool();
  }
}
