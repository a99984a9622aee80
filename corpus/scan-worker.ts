import { parentPort, workerData } from 'node:worker_threads';
import { toWire } from '../common/errors.ts';
import { loadTask } from './load-task.ts';
import { scanBatch, scanState } from './scan-batch.ts';
import type { FromScanWorker, ScanWorkerInit, ToScanWorker } from './scan-protocol.ts';

function post(message: FromScanWorker): void {
  parentPort!.postMessage(message);
}

function postError(err: unknown): void {
  post({ type: 'error', ...toWire(err) });
}

async function start(): Promise<void> {
  const init = workerData as ScanWorkerInit;
  const state = scanState(await loadTask(init.task), {
    regex: init.regex,
    // loaded only when wanted: transformers.js and onnxruntime cost each worker thread a
    // noticeable start, and counting tokens by bytes needs neither
    tokenizer: init.tokenizer ? await (await import('./load-tokenizer.ts')).loadCorpusTokenizer(init.tokenizer) : null,
    writeInstances: init.writeInstances,
    maxPerDoc: init.maxPerDoc,
    seed: init.seed,
    heartbeat: new Int32Array(init.heartbeat),
  });
  parentPort!.on('message', (message: ToScanWorker) => {
    try {
      post({ type: 'result', batch: message.batch, result: scanBatch(state, message.docs) });
    } catch (err) {
      postError(err);
    }
  });
  post({ type: 'ready' });
}

start().catch(postError);
