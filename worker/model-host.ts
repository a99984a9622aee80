import { toWire } from '../common/errors.ts';
import { loadScoringEngine, resolveEngineKind, type EngineKind } from '../models/engine-kind.ts';
import { revisionOf, weightsSha256 } from '../models/model-revision.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { JOB_HANDLERS } from './job-handlers.ts';
import { MODEL_HOST_OPTIONS_ENV, type FromModelHost, type ModelHostStartOptions, type ToModelHost } from './model-host-protocol.ts';

/**
 * The model host: a child process of a worker that loads the model once and runs
 * batches of jobs on request. Inference is CPU-bound and onnxruntime-node is not safe
 * with sessions in several worker_threads, so it lives here, in its own process: the
 * worker's event loop stays free to renew BullMQ job locks, and a timed-out run can be
 * stopped by killing this process. Started through model-host.mjs (tsx loader).
 */

function send(message: FromModelHost): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  // Signals are for the worker process, which decides when its model host stops
  // (after in-flight jobs); a Ctrl-C or `docker stop` reaching the whole process group must not cut a batch short.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  // The worker is gone (even SIGKILLed): nothing would read our results.
  process.on('disconnect', () => process.exit(0));

  const options = JSON.parse(process.env[MODEL_HOST_OPTIONS_ENV] ?? '{}') as ModelHostStartOptions;
  let engine: ScoringEngine;
  let kind: EngineKind;
  try {
    kind = resolveEngineKind(options.engineKind);
    engine = await loadScoringEngine(kind, options.source, options.engine);
  } catch (err) {
    send({ type: 'load_failed', error: toWire(err) });
    process.exit(1);
  }
  const source = engine.loaded.source;
  const sha = await weightsSha256(source, kind);
  send({ type: 'ready', modelId: engine.modelId, modelRevision: revisionOf(source, sha), weightsSha256: sha, threads: source.threads ?? null, device: source.device });

  // One run at a time, in arrival order: the worker sends the next after the last answer.
  let chain = Promise.resolve();
  process.on('message', (message: ToModelHost) => {
    if (message.type === 'stop') {
      chain.then(() => process.exit(0), () => process.exit(0));
      return;
    }
    chain = chain.then(async () => {
      try {
        const handler = JOB_HANDLERS[message.name] as (
          e: ScoringEngine,
          items: unknown[],
          onProgress: (index: number, value: unknown) => void,
        ) => Promise<{ ok: boolean; value?: unknown; error?: unknown }[]>;
        const onProgress = (index: number, value: unknown) => send({ type: 'progress', requestId: message.requestId, index, value });
        const outcomes = await handler(engine, message.items, onProgress);
        send({
          type: 'result',
          requestId: message.requestId,
          outcomes: outcomes.map((o) => (o.ok ? { ok: true, value: o.value } : { ok: false, error: toWire(o.error) })),
        });
      } catch (err) {
        send({ type: 'run_failed', requestId: message.requestId, error: toWire(err) });
      }
    });
  });
}

await main();
