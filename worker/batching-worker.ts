import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { describeError, fromWire, InputError, toWire } from '../common/errors.ts';
import { encodeFailure } from '../queue/job-failure.ts';
import { JOB_POLICIES, LOCK_DURATION_MS, STALLED_INTERVAL_MS } from '../queue/job-policies.ts';
import type { EvaluateJobResult, EvaluationProvenance } from '../queue/job-result-types.ts';
import { parseJob, type HuntJob, type JobName } from '../queue/job-schemas.ts';
import { bullConnection, queueNameFor, type QueueConfig } from '../queue/queue-config.ts';
import type { ModelRunner } from './model-host-process.ts';
import { workerProvenance } from './catalog-recorder.ts';
import type { SerializedOutcome } from './model-host-protocol.ts';

/** Records an evaluation in the catalog; idempotent by job id (a re-run job records nothing new). */
export interface EvaluationRecorder {
  record(entry: { jobId: string; taskId: number; report: EvaluateJobResult['report']; provenance: EvaluationProvenance }): Promise<number>;
}

export interface BatchingWorkerOptions {
  /** most jobs taken into one batch; 1 turns cross-job batching off. Default 16 */
  batchSize?: number;
  /**
   * How long a job's lock lasts without renewal. Locks are renewed every third of it while
   * a job runs (the model runs in another process, so renewal is not starved), so a long job
   * keeps its lock however long it runs, and a crashed worker's jobs return to the queue
   * within this plus the stalled interval. Default LOCK_DURATION_MS (60 s).
   */
  lockDurationMs?: number;
  /** how often this worker looks for jobs whose worker died (BullMQ's stalled check). Default 30 s */
  stalledIntervalMs?: number;
  /** how many times a job may be recovered from a dead worker before it fails. Default 2 */
  maxStalledCount?: number;
  /** longest wait in one blocking fetch; bounds how fast a stop is noticed. Default 2 s */
  blockTimeoutSec?: number;
}

const DEFAULTS: Required<BatchingWorkerOptions> = {
  batchSize: 16,
  lockDurationMs: LOCK_DURATION_MS,
  stalledIntervalMs: STALLED_INTERVAL_MS,
  maxStalledCount: 2,
  blockTimeoutSec: 2,
};

function checkWhole(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new InputError('bad_option', `${name} must be a whole number ≥ ${min} (got ${value})`);
}

interface Taken {
  job: Job;
  token: string;
}

/**
 * A BullMQ worker that processes jobs manually (Worker.getNextJob) so that it can take
 * every job that is waiting — up to `batchSize` — and run the batchable ones of one kind
 * as a single batched forward pass on the model host. Nothing lingers to fill a batch:
 * under light load a job runs alone at once; under heavy load jobs pile up while a batch
 * runs, and the next batch takes them all.
 *
 * Every transition is BullMQ's token-checked one, so a job's result is recorded once even
 * when two workers computed it (the one that lost the lock is refused).
 *
 * It serves one model, the one its runner loaded: it takes jobs from that model's queue
 * only (queueNameFor; the default model's is the queue every job used before).
 */
export class BatchingWorker {
  readonly options: Required<BatchingWorkerOptions>;
  /** the BullMQ queue it takes jobs from */
  readonly queueName: string;
  private readonly worker: Worker;
  private readonly inFlight = new Map<string, Taken>();
  private stopping = false;
  /** set when shutdown gives up waiting: in-flight jobs are handed back instead of failed */
  private abandoning = false;
  private loop?: Promise<void>;
  private renewTimer?: NodeJS.Timeout;
  private batchesRun = 0;
  private jobsFinished = 0;

  constructor(
    config: QueueConfig,
    private readonly runner: ModelRunner,
    private readonly log: Logger,
    options: BatchingWorkerOptions = {},
    private readonly recorder?: EvaluationRecorder,
  ) {
    // An option passed as undefined (an unset CLI flag) keeps its default.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULTS, ...given };
    checkWhole('batch size', this.options.batchSize, 1);
    checkWhole('lock duration (ms)', this.options.lockDurationMs, 1_000);
    checkWhole('stalled interval (ms)', this.options.stalledIntervalMs, 100);
    checkWhole('max stalled count', this.options.maxStalledCount, 0);
    this.queueName = queueNameFor(runner.info.modelId, config);
    this.worker = new Worker(this.queueName, null, {
      connection: bullConnection(config),
      prefix: config.prefix,
      autorun: false,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs,
      maxStalledCount: this.options.maxStalledCount,
      drainDelay: this.options.blockTimeoutSec,
    });
    this.worker.on('error', (err) => this.log.warn({ err: describeError(err) }, 'queue connection problem; BullMQ retries'));
  }

  get stats(): { batches: number; jobs: number } {
    return { batches: this.batchesRun, jobs: this.jobsFinished };
  }

  /** Start taking jobs. */
  async start(): Promise<void> {
    await this.worker.waitUntilReady();
    await this.worker.startStalledCheckTimer();
    // a third: two renewals may be late (a long synchronous step) before the lock runs out
    this.renewTimer = setInterval(() => void this.renewLocks(), Math.floor(this.options.lockDurationMs / 3));
    this.loop = this.run();
  }

  private async renewLocks(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const taken = [...this.inFlight.values()];
    try {
      const failed = await this.worker.extendJobLocks(
        taken.map((t) => t.job.id!),
        taken.map((t) => t.token),
        this.options.lockDurationMs,
      );
      if (failed.length > 0) this.log.warn({ jobs: failed }, 'lost the lock of jobs (another worker may run them)');
    } catch (err) {
      this.log.warn({ err: describeError(err) }, 'could not renew job locks; will try again');
    }
  }

  private newToken(): string {
    return `${this.worker.id}:${randomUUID()}`;
  }

  private async take(block: boolean): Promise<Taken | undefined> {
    const token = this.newToken();
    const job = await this.worker.getNextJob(token, { block });
    if (!job) return undefined;
    const taken = { job, token };
    this.inFlight.set(job.id!, taken);
    return taken;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let first: Taken | undefined;
      try {
        first = await this.take(true);
      } catch (err) {
        if (this.stopping) break;
        this.log.warn({ err: describeError(err) }, 'could not fetch a job; retrying in 1 s');
        await new Promise((r) => setTimeout(r, 1_000));
        continue;
      }
      if (!first) continue;
      if (this.stopping) {
        await this.handBack([first]);
        break;
      }
      const batch = [first];
      // Take what else is waiting right now, while it can join a batch.
      if (JOB_POLICIES[first.job.name as JobName]?.batchable) {
        while (batch.length < this.options.batchSize) {
          const next = await this.take(false).catch(() => undefined);
          if (!next) break;
          batch.push(next);
          if (!JOB_POLICIES[next.job.name as JobName]?.batchable) break;
        }
      }
      await this.process(batch);
    }
  }

  /** Validate, group by kind, run each group on the model host, and settle every job. */
  private async process(batch: Taken[]): Promise<void> {
    const groups = new Map<JobName, { taken: Taken; job: HuntJob }[]>();
    for (const taken of batch) {
      const parsed = parseJob(taken.job.name, taken.job.data);
      if (!parsed.ok) {
        // The payload cannot get better by retrying: fail it now, once.
        await this.fail(taken, new InputError('bad_payload', parsed.reason));
        continue;
      }
      const group = groups.get(parsed.job.name) ?? [];
      group.push({ taken, job: parsed.job });
      groups.set(parsed.job.name, group);
    }
    for (const [name, group] of groups) {
      if (this.abandoning) {
        await this.handBack(group.map((g) => g.taken));
        continue;
      }
      const started = Date.now();
      this.log.debug({ kind: name, jobs: group.length }, 'batch started');
      let outcomes: SerializedOutcome[];
      try {
        outcomes = await this.runner.run(
          name,
          group.map((g) => g.job.data),
          JOB_POLICIES[name].timeoutMs,
          (index, value) => void this.progress(group[index]?.taken, value),
        );
      } catch (err) {
        // A timeout or a dead model process: every job of the run retries (or goes back, when stopping).
        await Promise.all(group.map(({ taken }) => (this.abandoning ? this.handBack([taken]) : this.fail(taken, err))));
        continue;
      }
      this.batchesRun++;
      this.log.debug({ kind: name, jobs: group.length, ms: Date.now() - started }, 'batch done');
      await Promise.all(
        group.map(async ({ taken, job }, i) => {
          const outcome = outcomes[i];
          if (!outcome.ok) return this.fail(taken, fromWire(outcome.error));
          let value: unknown;
          try {
            value = await this.afterRun(taken, job, outcome.value);
          } catch (err) {
            return this.fail(taken, err); // e.g. the catalog is down: retry; recording is idempotent
          }
          return this.complete(taken, value);
        }),
      );
    }
  }

  /**
   * What follows the model's pure computation: an evaluation carries who computed it (this
   * worker, its weights' hash, the tool's version), and is recorded in the catalog (idempotently)
   * when this worker has one; else whoever stores it (the bot) takes the provenance from the result.
   */
  private async afterRun(taken: Taken, job: HuntJob, value: unknown): Promise<unknown> {
    if (job.name !== 'evaluate') return value;
    const result: EvaluateJobResult = { ...(value as EvaluateJobResult), provenance: workerProvenance((value as EvaluateJobResult).report, this.runner.info) };
    if (job.data.catalog_task_id === undefined || !this.recorder) return result;
    const evaluationId = await this.recorder.record({ jobId: taken.job.id!, taskId: job.data.catalog_task_id, report: result.report, provenance: result.provenance! });
    return { ...result, evaluation_id: evaluationId };
  }

  /**
   * Publish a part of a job's result known before the run ends (BullMQ's job progress: the
   * queue's event stream carries it to every front end). Only while the job is still this
   * worker's; a progress lost to Redis costs the early view, never the result.
   */
  private async progress(taken: Taken | undefined, value: unknown): Promise<void> {
    if (!taken || !this.inFlight.has(taken.job.id!)) return;
    try {
      await taken.job.updateProgress(value as object);
    } catch (err) {
      this.log.warn({ job: taken.job.id, err: describeError(err) }, 'could not publish a job\'s progress');
    }
  }

  private async complete(taken: Taken, value: unknown): Promise<void> {
    try {
      await taken.job.moveToCompleted(value, taken.token, false);
      this.jobsFinished++;
      // One line per finished job: what ran, and how long it took from being taken.
      this.log.info({ job: taken.job.id, kind: taken.job.name, ms: Date.now() - (taken.job.processedOn ?? taken.job.timestamp) }, 'job done');
    } catch (err) {
      // The lock was lost (this worker was too slow, or the job was recovered by another): the other run records it.
      this.log.warn({ job: taken.job.id, err: describeError(err) }, 'could not record a result; another worker owns the job');
    } finally {
      this.inFlight.delete(taken.job.id!);
    }
  }

  private async fail(taken: Taken, err: unknown): Promise<void> {
    // BullMQ's failed reason is this boundary's wire: `[code] message` (queue/job-failure.ts); an error not of ours retries as an outage would
    const wire = toWire(err);
    const reason = encodeFailure({ code: wire.code ?? 'unavailable', message: wire.code ? wire.message : describeError(err) });
    const permanent = wire.permanent;
    try {
      // UnrecoverableError: BullMQ fails the job now, whatever attempts remain.
      await taken.job.moveToFailed(permanent ? new UnrecoverableError(reason) : new Error(reason), taken.token, false);
      this.jobsFinished++;
      this.log.info({ job: taken.job.id, kind: taken.job.name, permanent, reason }, permanent ? 'job failed' : 'job attempt failed; BullMQ retries it');
    } catch (moveErr) {
      this.log.warn({ job: taken.job.id, err: describeError(moveErr) }, 'could not record a failure; another worker owns the job');
    } finally {
      this.inFlight.delete(taken.job.id!);
    }
  }

  /** Give jobs back to the queue untouched (no attempt spent), for another worker. */
  private async handBack(taken: Taken[]): Promise<void> {
    await Promise.all(
      taken.map(async (t) => {
        try {
          await t.job.moveToWait(t.token);
        } catch (err) {
          this.log.warn({ job: t.job.id, err: describeError(err) }, 'could not hand a job back; the stalled check will recover it');
        } finally {
          this.inFlight.delete(t.job.id!);
        }
      }),
    );
  }

  /**
   * Stop taking jobs, let the batch in flight finish for up to `deadlineMs`, then hand
   * back whatever is still running (the model process is killed, the jobs return to
   * the queue for another worker) and close the Redis connections. Nothing is lost.
   */
  async stop(deadlineMs: number): Promise<{ handedBack: number }> {
    this.stopping = true;
    let handedBack = 0;
    if (this.loop) {
      const timedOut = Symbol('timeout');
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([this.loop, new Promise<symbol>((r) => (timer = setTimeout(() => r(timedOut), deadlineMs)))]);
      clearTimeout(timer);
      if (result === timedOut) {
        this.abandoning = true;
        handedBack = this.inFlight.size;
        this.runner.kill();
        await this.loop;
      }
    }
    clearInterval(this.renewTimer);
    await this.worker.close();
    return { handedBack };
  }
}
