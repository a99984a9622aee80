import type { JobName } from './job-schemas.ts';

/** How the queue treats one job kind. */
export interface JobPolicy {
  /** BullMQ priority: lower runs first, so quick interactive jobs overtake minutes-long evaluations */
  priority: number;
  /**
   * Longest a run may take before the worker gives up on it (kills the model process,
   * which is the only way to stop an onnxruntime call) and fails the attempt as transient.
   */
  timeoutMs: number;
  /** total tries, the first included; transient failures retry with exponential backoff */
  attempts: number;
  /** several waiting jobs of this kind may run as one batched forward pass */
  batchable: boolean;
}

/** Every kind's policy; `Record<JobName, …>` makes the compiler insist that a new kind gets one. */
export const JOB_POLICIES: Record<JobName, JobPolicy> = {
  complete: { priority: 1, timeoutMs: 60_000, attempts: 3, batchable: true },
  score: { priority: 1, timeoutMs: 60_000, attempts: 3, batchable: true },
  tokens: { priority: 1, timeoutMs: 60_000, attempts: 3, batchable: true },
  evaluate: { priority: 10, timeoutMs: 15 * 60_000, attempts: 2, batchable: false },
  // one shard of a corpus scan: the longest job; shards let many workers share a scan
  discover: { priority: 20, timeoutMs: 30 * 60_000, attempts: 2, batchable: false },
};

/** First retry after this long, then doubling (BullMQ's exponential backoff). */
export const RETRY_BACKOFF_MS = 2_000;

/**
 * Finished jobs are kept this long / this many, so that an identical request inside the
 * window is answered from the stored result (deduplication by content, see job-producer.ts)
 * and so that Redis memory stays bounded.
 */
export const KEEP_COMPLETED = { age: 60 * 60, count: 5_000 } as const;
export const KEEP_FAILED = { age: 24 * 60 * 60, count: 5_000 } as const;

/** The longest any job may run. */
export const LONGEST_JOB_MS = Math.max(...Object.values(JOB_POLICIES).map((p) => p.timeoutMs));

/**
 * How long a job stays locked to its worker without a renewal. A running worker renews its
 * locks every third of this (worker/batching-worker.ts), however long the job runs, so the
 * lock need not outlast the job: it only has to outlast a busy event loop. Kept short so that
 * a dead worker's jobs come back quickly (it used to be the longest job + 60 s: 16 minutes,
 * three times longer than the bot waits for a /complete).
 */
export const LOCK_DURATION_MS = 60_000;
/** How often workers look for jobs whose lock ran out. */
export const STALLED_INTERVAL_MS = 30_000;
/** Longest a dead worker's job waits before another worker takes it. */
export const STALLED_RECOVERY_MS = LOCK_DURATION_MS + STALLED_INTERVAL_MS;
