import { Queue, QueueEvents } from 'bullmq';
import { ignoreConnectionError } from './job-producer.ts';
import { OutageError } from '../common/errors.ts';
import type { JobProgressOf, JobResultOf } from './job-result-types.ts';
import { decodeFailure, type JobFailure } from './job-failure.ts';
import { isJobName, type JobName } from './job-schemas.ts';
import { bullConnection, queueNameFor, type QueueConfig } from './queue-config.ts';

/** How one job ended. */
export type JobOutcome<N extends JobName = JobName> =
  | { id: string; name: N; status: 'completed'; result: JobResultOf<N> }
  | { id: string; name: N; status: 'failed'; failure: JobFailure };

/**
 * Where finished jobs are reported: the one thing a front end (the Discord bot, the CLI)
 * needs from the queue after enqueueing. It knows nothing about Discord.
 */
export interface JobResults {
  /** The outcome of one job: at once when it has already finished, else when it does. */
  wait<N extends JobName>(id: string, name: N, timeoutMs?: number): Promise<JobOutcome<N>>;
  /**
   * A running job's progress (a part of its result known early: JobProgressOf): at once when it
   * has published some, and on every update, until the returned function is called. A job
   * that publishes none (most kinds) is never reported.
   */
  watchProgress<N extends JobName>(id: string, name: N, listener: (progress: JobProgressOf<N>) => void): () => void;
  /** Every job that finishes from now on (final outcomes only: not attempts that will be retried). */
  subscribe(listener: (outcome: JobOutcome) => void): () => void;
  close(): Promise<void>;
}

/** Waiting for a result took longer than asked; the job itself goes on. */
export class ResultTimeoutError extends OutageError {
  constructor(id: string, timeoutMs: number) {
    super(`no result for job ${id} after ${Math.round(timeoutMs / 1000)} s; it is still queued or running`);
  }
}

/**
 * JobResults over BullMQ's QueueEvents (a Redis stream), so any number of front ends can
 * listen. One model's queue: the default model's unless another is named (for several, see
 * ResultsByModel).
 */
export class QueueEventsResults implements JobResults {
  private readonly events: QueueEvents;
  private readonly queue: Queue;
  private readonly listeners = new Set<(outcome: JobOutcome) => void>();
  /** callbacks of `wait` calls, by job id: one event listener serves them all */
  private readonly waiters = new Map<string, Set<() => void>>();
  /** listeners of `watchProgress` calls, by job id */
  private readonly progressWatchers = new Map<string, Set<(data: unknown) => void>>();

  constructor(
    config: QueueConfig,
    readonly model: string = config.defaultModel,
  ) {
    const name = queueNameFor(model, config);
    this.events = new QueueEvents(name, { connection: bullConnection(config), prefix: config.prefix });
    this.queue = new Queue(name, { connection: bullConnection(config), prefix: config.prefix });
    // a stream reader that lost Redis reconnects by itself; the waits that need it time out
    this.events.on('error', ignoreConnectionError);
    this.queue.on('error', ignoreConnectionError);
    const onFinished = ({ jobId }: { jobId: string }) => {
      for (const waiter of this.waiters.get(jobId) ?? []) waiter();
      void this.report(jobId);
    };
    this.events.on('completed', onFinished);
    this.events.on('failed', onFinished);
    this.events.on('progress', ({ jobId, data }) => {
      for (const watcher of this.progressWatchers.get(jobId) ?? []) watcher(data);
    });
  }

  /** Resolves once the event stream is being read: events after this point are not missed. */
  async ready(): Promise<void> {
    await this.events.waitUntilReady();
    await this.queue.waitUntilReady();
  }

  private async report(jobId: string): Promise<void> {
    if (this.listeners.size === 0) return;
    const outcome = await this.outcomeOf(jobId);
    if (outcome) for (const listener of this.listeners) listener(outcome);
  }

  /** The final outcome of a job when it has one; undefined while it is waiting, running or retrying. */
  async outcomeOf(jobId: string): Promise<JobOutcome | undefined> {
    // State first, then the job's fields: a job read first could still be active, its
    // result not yet written, and then be finished by the time its state is read.
    const state = await this.queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return undefined;
    const job = await this.queue.getJob(jobId);
    if (!job || !isJobName(job.name)) return undefined;
    if (state === 'completed') return { id: jobId, name: job.name, status: 'completed', result: job.returnvalue };
    return { id: jobId, name: job.name, status: 'failed', failure: decodeFailure(job.failedReason) };
  }

  async wait<N extends JobName>(id: string, name: N, timeoutMs = 5 * 60_000): Promise<JobOutcome<N>> {
    await this.ready();
    return new Promise<JobOutcome<N>>((resolve, reject) => {
      let settled = false;
      const waiters = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, waiters);
      const finish = (outcome: JobOutcome | undefined, error?: Error) => {
        if (settled || (!outcome && !error)) return;
        settled = true;
        clearTimeout(timer);
        waiters.delete(check);
        if (waiters.size === 0) this.waiters.delete(id);
        if (error) reject(error);
        else if (outcome!.name !== name) reject(new Error(`job ${id} is a ${outcome!.name} job, not ${name}`));
        else resolve(outcome as JobOutcome<N>);
      };
      const check = () => void this.outcomeOf(id).then((o) => finish(o), (err: Error) => finish(undefined, err));
      const timer = setTimeout(() => finish(undefined, new ResultTimeoutError(id, timeoutMs)), timeoutMs);
      // Listen first, then look: a job finishing in between is seen by one or the other.
      waiters.add(check);
      check();
    });
  }

  watchProgress<N extends JobName>(id: string, name: N, listener: (progress: JobProgressOf<N>) => void): () => void {
    let stopped = false;
    const watcher = (data: unknown) => {
      // BullMQ's progress starts as the number 0: only an object is a report's part
      if (!stopped && data !== null && typeof data === 'object') listener(data as JobProgressOf<N>);
    };
    const watchers = this.progressWatchers.get(id) ?? new Set<(data: unknown) => void>();
    this.progressWatchers.set(id, watchers);
    // Listen first, then look: progress published in between is seen by one or the other.
    watchers.add(watcher);
    void this.queue.getJob(id).then(
      (job) => job && job.name === name && watcher(job.progress),
      () => {}, // the events still come; only the progress already published is missed
    );
    return () => {
      stopped = true;
      watchers.delete(watcher);
      if (watchers.size === 0) this.progressWatchers.delete(id);
    };
  }

  subscribe(listener: (outcome: JobOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}
