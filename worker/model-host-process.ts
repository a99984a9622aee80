import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromWire, OutageError } from '../common/errors.ts';
import type { JobName } from '../queue/job-schemas.ts';
import {
  MODEL_HOST_OPTIONS_ENV,
  type FromModelHost,
  type ModelHostStartOptions,
  type SerializedOutcome,
  type ToModelHost,
} from './model-host-protocol.ts';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'model-host.mjs');

/** What the model host said about itself once loaded. */
export interface ModelInfo {
  modelId: string;
  modelRevision: string;
  /** the full sha256 of the weight file it loaded (null when there was none to hash) */
  weightsSha256: string | null;
  threads: number | null;
  device: string;
}

/** A run did not finish: it timed out, or the model process died. Transient: the jobs retry. */
export class ModelRunError extends OutageError {}

/** Runs job batches on the model; the worker talks to this, never to the engine. */
export interface ModelRunner {
  readonly info: ModelInfo;
  /** `onProgress` hears parts of items' results that are known before the run ends */
  run(name: JobName, items: unknown[], timeoutMs: number, onProgress?: (index: number, value: unknown) => void): Promise<SerializedOutcome[]>;
  /** stop at once, dropping a run in progress (its promise rejects) */
  kill(): void;
  /** let a run in progress end, then stop */
  stop(): Promise<void>;
}

interface Pending {
  requestId: number;
  resolve: (outcomes: SerializedOutcome[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  onProgress?: (index: number, value: unknown) => void;
}

/**
 * The model host child process, seen from the worker. Started once per worker
 * process (the model loads once); restarted transparently on the next run after a
 * timeout or a crash.
 */
export class ModelHostProcess implements ModelRunner {
  private child?: ChildProcess;
  private pending?: Pending;
  private nextRequestId = 1;
  private current?: ModelInfo;

  private constructor(private readonly options: ModelHostStartOptions) {}

  /** Start the child and wait until the model is loaded; a model that cannot load throws ModelLoadError. */
  static async start(options: ModelHostStartOptions): Promise<ModelHostProcess> {
    const host = new ModelHostProcess(options);
    await host.spawn();
    return host;
  }

  get info(): ModelInfo {
    if (!this.current) throw new Error('the model host is not started');
    return this.current;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): Promise<void> {
    const child = fork(ENTRY, [], {
      env: { ...process.env, [MODEL_HOST_OPTIONS_ENV]: JSON.stringify(this.options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        reject(new ModelRunError(`the model process exited while loading (${signal ?? `code ${code}`})`));
      };
      child.once('exit', onExit);
      child.once('error', reject);
      const onMessage = (message: FromModelHost) => {
        if (message.type === 'ready') {
          child.off('exit', onExit);
          child.off('message', onMessage);
          this.current = { modelId: message.modelId, modelRevision: message.modelRevision, weightsSha256: message.weightsSha256, threads: message.threads, device: message.device };
          child.on('message', (m: FromModelHost) => this.onMessage(m));
          child.on('exit', (code, signal) => this.onExit(child, code, signal));
          resolve();
        } else if (message.type === 'load_failed') {
          child.off('exit', onExit);
          reject(fromWire(message.error));
        }
      };
      child.on('message', onMessage);
    });
  }

  private onMessage(message: FromModelHost): void {
    const pending = this.pending;
    if (!pending || !('requestId' in message) || message.requestId !== pending.requestId) return;
    if (message.type === 'progress') {
      pending.onProgress?.(message.index, message.value);
      return;
    }
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (message.type === 'result') pending.resolve(message.outcomes);
    else if (message.type === 'run_failed') pending.reject(fromWire(message.error));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      clearTimeout(pending.timer);
      pending.reject(new ModelRunError(`the model process exited during a run (${signal ?? `code ${code}`})`));
    }
  }

  async run(name: JobName, items: unknown[], timeoutMs: number, onProgress?: (index: number, value: unknown) => void): Promise<SerializedOutcome[]> {
    if (this.pending) throw new Error('the model host runs one batch at a time');
    if (!this.child) await this.spawn();
    const child = this.child!;
    const requestId = this.nextRequestId++;
    return new Promise<SerializedOutcome[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        // onnxruntime offers no way to cancel a run: killing the process is how a stuck run stops.
        this.pending = undefined;
        child.kill('SIGKILL');
        const limit = timeoutMs < 1_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
        reject(new ModelRunError(`${name} run of ${items.length} job(s) timed out after ${limit}; the model process was restarted`));
      }, timeoutMs);
      this.pending = { requestId, resolve, reject, timer, onProgress };
      const message: ToModelHost = { type: 'run', requestId, name, items };
      child.send(message);
    });
  }

  kill(): void {
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send({ type: 'stop' } satisfies ToModelHost);
    else child.kill('SIGKILL');
    await exited;
  }
}
