import type { CorpusReader } from './corpus-types.ts';
import type { PoolResult, ScanPool } from './scan-pool.ts';
import type { ScanDoc, TokenCountMode } from './scan-protocol.ts';
import { TokenSampler } from './token-sampler.ts';

/** A batch of documents sent to a worker: big enough that messaging is cheap, small enough to keep memory flat. */
export const BATCH_CHARS = 512 * 1024;
const BATCH_DOCS = 4096;

export interface ScanCorpusOptions {
  tokenMode: TokenCountMode;
  /** characters of text per batch (default BATCH_CHARS) */
  batchChars?: number;
  /** stop after this many documents */
  limitDocs?: number;
  /** each batch's result, in corpus order */
  onResult(result: PoolResult): void;
  /** awaited after each batch is sent: lets a writer that has fallen behind catch up */
  backpressure?(): Promise<void>;
}

/**
 * Stream a corpus through a scan pool: documents are cut into batches, scanned by the pool's
 * workers in parallel, and handed to `onResult` in corpus order, whatever order they finish
 * in. At most two batches per worker are unmerged at any time, so memory stays flat whatever
 * the corpus size. Both `hunt mine` and a queued shard scan this way.
 */
export async function scanCorpus(pool: ScanPool, reader: CorpusReader, options: ScanCorpusOptions): Promise<void> {
  const sampler = new TokenSampler(options.tokenMode);
  const finished = new Map<number, PoolResult>();
  let nextToMerge = 0;
  let failure: unknown;
  const mergeWaiters: (() => void)[] = [];
  const wakeReader = () => mergeWaiters.splice(0).forEach((wake) => wake());
  const merge = () => {
    for (let done = finished.get(nextToMerge); done; done = finished.get(nextToMerge)) {
      finished.delete(nextToMerge++);
      options.onResult(done);
    }
  };
  let batchNumber = 0;
  const all: Promise<void>[] = [];
  const submit = (docs: ScanDoc[]) => {
    const number = batchNumber++;
    all.push(
      pool.run(docs).then(
        (result) => {
          finished.set(number, result);
          try {
            merge();
          } catch (err) {
            failure ??= err;
          }
          wakeReader();
        },
        (err) => {
          failure ??= err;
          wakeReader();
        },
      ),
    );
  };

  const batchLimit = options.batchChars ?? BATCH_CHARS;
  let batch: ScanDoc[] = [];
  let batchChars = 0;
  let read = 0;
  try {
    for await (const doc of reader.documents()) {
      batch.push({ id: doc.id, text: doc.text, tokenize: sampler.take(doc, reader.fileStart()) });
      batchChars += doc.text.length;
      read++;
      if (batchChars >= batchLimit || batch.length >= BATCH_DOCS) {
        submit(batch);
        batch = [];
        batchChars = 0;
        // Backpressure on batches not yet merged (running, queued, or done out of order): it
        // bounds both the text in flight and the results held back for corpus order.
        while (!failure && batchNumber - nextToMerge >= 2 * pool.workers) await new Promise<void>((wake) => mergeWaiters.push(wake));
        await options.backpressure?.();
      }
      if (failure) break;
      if (options.limitDocs !== undefined && read >= options.limitDocs) break;
    }
  } finally {
    // a reader that failed leaves no batch running behind it: the pool is free for the next corpus
    await Promise.allSettled(all);
  }
  if (batch.length > 0 && !failure) submit(batch);
  await Promise.all(all);
  if (failure) throw failure;
}
