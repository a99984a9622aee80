import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { InputError } from '../common/errors.ts';
import type { EngineOptions } from '../models/scoring-engine.ts';
import type { ModelSourceOptions } from '../models/model-source.ts';
import type { QueueConfig } from '../queue/queue-config.ts';
import { BatchingWorker, type BatchingWorkerOptions, type EvaluationRecorder } from './batching-worker.ts';
import { ModelHostProcess, type ModelInfo } from './model-host-process.ts';

/**
 * onnxruntime intra-op threads for one worker process when `processes` of them share
 * this machine's cores: more threads than cores only adds contention.
 *
 * @example threadsPerProcess(16, 4) // 4
 */
export function threadsPerProcess(cores: number, processes: number): number {
  if (!Number.isInteger(processes) || processes < 1) throw new InputError('bad_option', `processes must be a whole number ≥ 1 (got ${processes})`);
  return Math.max(1, Math.floor(cores / processes));
}

export interface WorkerServiceOptions {
  queue: QueueConfig;
  /** where the model comes from and how it runs; `device: 'cuda'` (HUNT_DEVICE) selects the GPU */
  source: ModelSourceOptions;
  /** `transformers` or `graph` (HUNT_ENGINE) */
  engineKind?: string;
  engine?: EngineOptions;
  /** worker processes sharing this machine (HUNT_WORKER_PROCESSES); sets threads when `source.threads` is unset. Default 1 */
  processes?: number;
  batching?: BatchingWorkerOptions;
  /** where evaluations of catalog tasks are recorded; without one they are only returned */
  recorder?: EvaluationRecorder;
  log: Logger;
}

export interface WorkerService {
  readonly model: ModelInfo;
  readonly worker: BatchingWorker;
  /** graceful stop; see BatchingWorker.stop */
  stop(deadlineMs: number): Promise<{ handedBack: number }>;
}

/** Load the model in its host process, then start taking jobs from that model's queue. */
export async function startWorkerService(options: WorkerServiceOptions): Promise<WorkerService> {
  const threads = options.source.threads ?? threadsPerProcess(availableParallelism(), options.processes ?? 1);
  const host = await ModelHostProcess.start({ source: { ...options.source, threads }, engineKind: options.engineKind, engine: options.engine });
  let worker: BatchingWorker;
  try {
    worker = new BatchingWorker(options.queue, host, options.log, options.batching, options.recorder);
    await worker.start();
  } catch (err) {
    host.kill(); // else its IPC channel keeps this process alive
    throw err;
  }
  options.log.info({ model: host.info.modelId, queue: worker.queueName, revision: host.info.modelRevision, device: host.info.device, threads, batchSize: worker.options.batchSize, modelPid: host.pid }, 'worker ready');
  return {
    model: host.info,
    worker,
    async stop(deadlineMs: number) {
      const result = await worker.stop(deadlineMs);
      await host.stop();
      return result;
    },
  };
}
