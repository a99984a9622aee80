import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue, QueueEvents, type Job } from 'bullmq';
import { HuntError, InputError, NotReadyError } from '../common/errors.ts';
import { loadMineTask } from '../corpus/mine-setup.ts';
import { planShards, type ShardPlan } from '../corpus/shard-plan.ts';
import { decodeFailure } from './job-failure.ts';
import { KEEP_COMPLETED, KEEP_FAILED, RETRY_BACKOFF_MS } from './job-policies.ts';
import { ignoreConnectionError } from './job-producer.ts';
import {
  MINE_MERGE_JOB,
  MINE_QUEUE,
  MINE_SHARD_JOB,
  mineMergeJobSchema,
  mineSettingsOf,
  mineSettingsSchema,
  readOptionsOf,
  type MineJobResult,
  type MineMergeJobData,
} from './mine-job-schemas.ts';
import { bullConnection, type QueueConfig } from './queue-config.ts';

/** Tries per shard: a worker killed mid-shard costs one (BullMQ's stalled check re-queues it), a transient fault another. */
export const SHARD_ATTEMPTS = 3;

export interface MineRequest {
  /** validated like mineSettingsSchema's input */
  settings: unknown;
  corpus: string;
  shardBytes: number;
  examples?: number;
  sample?: number;
  out?: string;
}

export interface EnqueuedMine {
  id: string;
  shards: number;
  bytes: number;
  corpus: string;
}

/** A shard's job id: the run's id and the shard's index (BullMQ ids may not contain ":"). */
export const shardJobId = (runId: string, shard: number): string => `${runId}-s${shard}`;
/** The shard index of a child's key (`<prefix>:mine:<run>-s<i>`), as getChildrenValues and friends name children. */
export const shardOfKey = (key: string): number => Number(/-s(\d+)$/.exec(key)?.[1] ?? NaN);

/**
 * Plan a corpus's shards and queue them as one BullMQ flow: a `mine-merge` parent and one
 * `mine-shard` child per shard. Children that fail for good are ignored by the parent
 * (ignoreDependencyOnFailure), which reports them per shard: one bad file never blocks the
 * rest. Bad settings, a task without a regex or a corpus that cannot be listed fail here,
 * before anything is queued.
 */
export async function enqueueMine(config: QueueConfig, request: MineRequest): Promise<EnqueuedMine> {
  return queueMineRun(config, await prepareMineRun(request));
}

/** A mine run checked and planned, not yet queued. */
export interface PreparedMineRun {
  merge: MineMergeJobData;
  plan: ShardPlan;
}

/**
 * Check a mine request and plan its shards without Redis: bad settings, a task without a
 * regex or a corpus that cannot be listed fail here, so bad input is never told as an outage.
 */
export async function prepareMineRun(request: MineRequest): Promise<PreparedMineRun> {
  const parsed = mineSettingsSchema.safeParse(request.settings);
  if (!parsed.success) throw new InputError('bad_payload', `mine job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const settings = parsed.data;
  if (request.sample !== undefined && !request.out) throw new InputError('bad_option', '--sample picks the instances written to --out: give --out too');
  await loadMineTask(mineSettingsOf(settings));
  const plan: ShardPlan = await planShards(request.corpus, request.shardBytes, readOptionsOf(settings));
  const merge: MineMergeJobData = mineMergeJobSchema.parse({
    settings,
    corpus: plan.corpus,
    shards: plan.shards.map((s) => ({ files: s.files.map((f) => f.name), bytes: s.bytes })),
    examples: request.examples,
    sample: request.sample,
    out: request.out,
  });
  return { merge, plan };
}

/** Queue a prepared run as one BullMQ flow (see enqueueMine). */
export async function queueMineRun(config: QueueConfig, { merge, plan }: PreparedMineRun): Promise<EnqueuedMine> {
  const id = `mine-${randomUUID().replaceAll('-', '')}`;
  const settings = merge.settings;
  const flows = new FlowProducer({ connection: bullConnection(config), prefix: config.prefix });
  flows.on('error', ignoreConnectionError);
  try {
    await flows.add({
      name: MINE_MERGE_JOB,
      queueName: MINE_QUEUE,
      data: merge,
      opts: { jobId: id, attempts: 2, backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS }, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
      children: plan.shards.map((shard, i) => ({
        name: MINE_SHARD_JOB,
        queueName: MINE_QUEUE,
        data: { settings, shard: i, files: shard.files },
        opts: {
          jobId: shardJobId(id, i),
          attempts: SHARD_ATTEMPTS,
          backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS },
          ignoreDependencyOnFailure: true,
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      })),
    });
  } finally {
    await flows.close();
  }
  return { id, shards: plan.shards.length, bytes: plan.bytes, corpus: plan.corpus };
}

/** How far a queued mine run has got: shards finished (or failed for good) of all, and their bytes. */
export interface MineRunProgress {
  shardsDone: number;
  shardsTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** the merge job's state once every shard is done */
  state: string;
}

/**
 * Where a mine run stands, read from its merge job's dependencies (cheap: no result is read).
 * The bot and `hunt enqueue mine --wait` both show this.
 */
export async function mineRunProgress(queue: Queue, id: string): Promise<MineRunProgress | undefined> {
  const job: Job | undefined = await queue.getJob(id);
  if (!job) return undefined;
  const data = job.data as MineMergeJobData;
  const deps = await job.getDependencies({ unprocessed: { cursor: 0, count: 100_000 } });
  const pending = new Set((deps.unprocessed ?? []).map(shardOfKey));
  let bytesDone = 0;
  data.shards.forEach((s, i) => {
    if (!pending.has(i)) bytesDone += s.bytes;
  });
  const bytesTotal = data.shards.reduce((sum, s) => sum + s.bytes, 0);
  return { shardsDone: data.shards.length - pending.size, shardsTotal: data.shards.length, bytesDone, bytesTotal, state: await job.getState() };
}

/**
 * Wait for a mine run's merged result, calling `onProgress` as shards finish. A run that fails
 * for good throws its failure as a HuntError; giving up after `timeoutMs` leaves it running.
 */
export async function waitForMine(
  config: QueueConfig,
  id: string,
  options: {
    timeoutMs: number;
    pollMs?: number;
    onProgress?(p: MineRunProgress): void;
    /** true when the waiter is going away (a bot shutting down): the wait ends with NotReadyError, the run goes on */
    stopped?(): boolean;
  },
): Promise<MineJobResult> {
  const queue = new Queue(MINE_QUEUE, { connection: bullConnection(config), prefix: config.prefix });
  const events = new QueueEvents(MINE_QUEUE, { connection: bullConnection(config), prefix: config.prefix });
  queue.on('error', ignoreConnectionError);
  events.on('error', ignoreConnectionError);
  const deadline = Date.now() + options.timeoutMs;
  try {
    await events.waitUntilReady();
    let wake: () => void = () => {};
    const onEvent = () => wake();
    events.on('completed', onEvent);
    events.on('failed', onEvent);
    for (;;) {
      const progress = await mineRunProgress(queue, id);
      if (!progress) throw new HuntError('not_found', `no mine job ${id} (finished results are kept ${KEEP_COMPLETED.age / 60} minutes)`, true);
      options.onProgress?.(progress);
      if (progress.state === 'completed') return (await queue.getJob(id))!.returnvalue as MineJobResult;
      if (progress.state === 'failed') {
        const failure = decodeFailure((await queue.getJob(id))!.failedReason);
        throw new HuntError(failure.code, `mine job ${id} failed: ${failure.message}`, failure.code !== 'unavailable');
      }
      if (options.stopped?.()) throw new NotReadyError(`mine job ${id} has not finished (${progress.shardsDone} of ${progress.shardsTotal} shards) and this wait was stopped; the run goes on in the queue`);
      if (Date.now() >= deadline) throw new HuntError('unavailable', `mine job ${id} has not finished after ${Math.round(options.timeoutMs / 1000)} s; it goes on in the queue: \`hunt result ${id} --wait\` waits for it again`, false);
      // a finished shard or merge wakes the loop at once; the poll bounds the wait otherwise
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    await events.close();
    await queue.close();
  }
}
