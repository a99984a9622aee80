import { Queue } from 'bullmq';
import { bullConnection, type QueueConfig } from '../queue/queue-config.ts';

/** How long `--wait` looks for a worker before saying none serves the queue (one may be starting). */
export const NO_WORKER_GRACE_MS = 3_000;

export interface AwaitWorkerOptions {
  graceMs?: number;
  pollMs?: number;
  /** true once there is no need to look any more (the job has finished) */
  stopped?: () => boolean | Promise<boolean>;
}

/**
 * True as soon as a `hunt worker` is connected to the queue, false once `graceMs` has passed
 * without one. BullMQ names each worker's Redis connection after its queue, so this reads
 * Redis's client list; no job is touched.
 */
export async function awaitWorker(config: QueueConfig, queueName: string, { graceMs = NO_WORKER_GRACE_MS, pollMs = 250, stopped = () => false }: AwaitWorkerOptions = {}): Promise<boolean> {
  const queue = new Queue(queueName, { connection: bullConnection(config), prefix: config.prefix });
  try {
    const deadline = Date.now() + graceMs;
    for (;;) {
      if ((await stopped()) || (await queue.getWorkersCount()) > 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await queue.close();
  }
}
