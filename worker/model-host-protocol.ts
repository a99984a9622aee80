import type { WireError } from '../common/errors.ts';
import type { EngineOptions } from '../models/scoring-engine.ts';
import type { ModelSourceOptions } from '../models/model-source.ts';
import type { JobName } from '../queue/job-schemas.ts';

/** Messages between a worker process and its model host child (Node IPC, JSON). */

export interface ModelHostStartOptions {
  source: ModelSourceOptions;
  /** `transformers` or `graph` (models/engine-kind.ts); unset → HUNT_ENGINE, then transformers */
  engineKind?: string;
  engine?: EngineOptions;
}

export type SerializedOutcome = { ok: true; value: unknown } | { ok: false; error: WireError };

export type ToModelHost = { type: 'run'; requestId: number; name: JobName; items: unknown[] } | { type: 'stop' };

export type FromModelHost =
  | { type: 'ready'; modelId: string; modelRevision: string; weightsSha256: string | null; threads: number | null; device: string }
  | { type: 'load_failed'; error: WireError }
  /** a part of item `index`'s result, known before the run ends (a complete job's next tokens) */
  | { type: 'progress'; requestId: number; index: number; value: unknown }
  | { type: 'result'; requestId: number; outcomes: SerializedOutcome[] }
  /** the whole run failed for a reason that may pass (retry every job of it) */
  | { type: 'run_failed'; requestId: number; error: WireError };

/** The environment variable that carries ModelHostStartOptions (JSON) to the child. */
export const MODEL_HOST_OPTIONS_ENV = 'HUNT_MODEL_HOST_OPTIONS';
