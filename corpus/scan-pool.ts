import { Worker } from 'node:worker_threads';
import { fromWire, InputError, type HuntError } from '../common/errors.ts';
import type { BatchResult, FromScanWorker, ScanDoc, ScanWorkerInit, ToScanWorker } from './scan-protocol.ts';
import { emptyBatchResult } from './scan-protocol.ts';

const WORKER_ENTRY = new URL('./scan-worker.mjs', import.meta.url);

export interface ScanPoolOptions {
  /** worker threads, ≥ 1 */
  workers: number;
  init: Omit<ScanWorkerInit, 'heartbeat'>;
  /**
   * Longest a regex may scan one document, in ms; a worker over it is terminated, the
   * document reported and skipped, and the rest of its batch rescanned on a fresh worker.
   * null: no budget (RE2 runs in linear time).
   */
  budgetMs: number | null;
}

/** A document the regex could not scan within its budget. */
export interface OverBudgetDoc {
  doc: string;
  bytes: number;
}

export interface PoolResult {
  result: BatchResult;
  overBudget: OverBudgetDoc[];
}

interface Job {
  batch: number;
  docs: ScanDoc[];
  overBudget: OverBudgetDoc[];
  resolve(result: PoolResult): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  heartbeat: Int32Array;
  job?: Job;
  /** heartbeat counter last seen, and when it was first seen (the watchdog's clock) */
  seenSeq: number;
  seenAt: number;
  stopping: boolean;
}

function workerError(message: Extract<FromScanWorker, { type: 'error' }>): HuntError | Error {
  return fromWire(message);
}

/**
 * Scan workers (worker_threads), one batch of documents at a time each, with a watchdog
 * that enforces the regex time budget. The watchdog never needs the stuck worker's
 * cooperation: it reads the shared heartbeat and terminates the thread, which V8 does even
 * in the middle of a backtracking regex.
 */
export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextBatch = 0;
  private failure: unknown;
  private watchdog?: NodeJS.Timeout;
  private closed = false;

  private constructor(private readonly options: ScanPoolOptions) {}

  static async start(options: ScanPoolOptions): Promise<ScanPool> {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new InputError('bad_option', `workers must be a whole number ≥ 1 (got ${options.workers})`);
    }
    const pool = new ScanPool(options);
    const started = await Promise.allSettled(Array.from({ length: options.workers }, () => pool.spawn()));
    for (const s of started) if (s.status === 'fulfilled') pool.slots.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      // the workers that did start must stop too, or they keep the process alive
      await pool.close();
      throw failed.reason;
    }
    if (options.budgetMs !== null) {
      pool.watchdog = setInterval(() => pool.checkBudgets(), Math.max(5, Math.min(50, options.budgetMs / 4)));
      pool.watchdog.unref();
    }
    return pool;
  }

  get workers(): number {
    return this.options.workers;
  }

  /** Whether a batch's error has ended this pool (every later run fails with it): a caller that keeps pools starts a new one. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Scan a batch; resolves with its counts and the documents skipped over budget. */
  run(docs: ScanDoc[]): Promise<PoolResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<PoolResult>((resolve, reject) => {
      this.queue.push({ batch: this.nextBatch++, docs, overBudget: [], resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await Promise.all(this.slots.map((slot) => ((slot.stopping = true), slot.worker.terminate())));
    this.slots.length = 0;
  }

  private spawn(): Promise<Slot> {
    const heartbeat = new SharedArrayBuffer(8);
    const worker = new Worker(WORKER_ENTRY, { workerData: { ...this.options.init, heartbeat } satisfies ScanWorkerInit });
    const slot: Slot = { worker, heartbeat: new Int32Array(heartbeat), seenSeq: 0, seenAt: 0, stopping: false };
    return new Promise<Slot>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: FromScanWorker) => {
        if (message.type === 'ready') {
          ready = true;
          resolve(slot);
        } else if (message.type === 'result') {
          const job = slot.job!;
          slot.job = undefined;
          job.resolve({ result: message.result, overBudget: job.overBudget });
          this.pump();
        } else if (!ready) {
          reject(workerError(message));
        } else {
          this.fail(workerError(message), slot);
        }
      });
      worker.on('error', (err) => (ready ? this.fail(err, slot) : reject(err)));
      worker.on('exit', (code) => {
        if (slot.stopping || this.closed) return;
        const err = new Error(`a scan worker exited unexpectedly (code ${code})`);
        if (ready) this.fail(err, slot);
        else reject(err);
      });
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0 || this.failure) return;
      if (slot.job || slot.stopping) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.seenSeq = Atomics.load(slot.heartbeat, 0);
      slot.seenAt = performance.now();
      slot.worker.postMessage({ type: 'batch', batch: job.batch, docs: job.docs } satisfies ToScanWorker);
    }
  }

  /** The batch's error (a task bug, a crash) ends the whole run: every job fails with it. */
  private fail(err: unknown, slot: Slot): void {
    if (this.failure) return;
    this.failure = err;
    slot.job?.reject(err);
    slot.job = undefined;
    for (const other of this.slots) {
      other.job?.reject(err);
      other.job = undefined;
    }
    this.queue.splice(0).forEach((job) => job.reject(err));
  }

  private checkBudgets(): void {
    const now = performance.now();
    for (const slot of this.slots) {
      if (!slot.job || slot.stopping) continue;
      const seq = Atomics.load(slot.heartbeat, 0);
      if (seq !== slot.seenSeq) {
        slot.seenSeq = seq;
        slot.seenAt = now;
      } else if (seq % 2 === 1 && now - slot.seenAt > this.options.budgetMs!) {
        this.replace(slot);
      }
    }
  }

  /** Stop a worker stuck in a regex, skip that document, and rescan the rest of its batch on a fresh worker. */
  private replace(slot: Slot): void {
    const job = slot.job!;
    const index = Atomics.load(slot.heartbeat, 1);
    const doc = job.docs[index];
    job.overBudget.push({ doc: doc.id, bytes: Buffer.byteLength(doc.text, 'utf8') });
    job.docs = job.docs.filter((_, i) => i !== index);
    slot.job = undefined;
    slot.stopping = true;
    void slot.worker.terminate();
    this.slots.splice(this.slots.indexOf(slot), 1);
    if (job.docs.length === 0) job.resolve({ result: emptyBatchResult(), overBudget: job.overBudget });
    else this.queue.unshift(job);
    this.spawn().then(
      (fresh) => {
        if (this.closed) {
          fresh.stopping = true;
          void fresh.worker.terminate();
          return;
        }
        this.slots.push(fresh);
        this.pump();
      },
      (err) => this.fail(err, slot),
    );
    this.pump();
  }
}
