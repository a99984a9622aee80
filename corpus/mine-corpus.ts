import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { InputError } from '../common/errors.ts';
import { parseCorpusSpec } from './corpus-format.ts';
import type { CorpusReadOptions } from './corpus-types.ts';
import { MineMerge } from './mine-merge.ts';
import { mineRunReport, type MineReport } from './mine-report.ts';
import { checkWhole, defaultScanWorkers, prepareMine, type MineSettings } from './mine-setup.ts';
import { openCorpus } from './open-corpus.ts';
import { scanCorpus } from './scan-corpus.ts';
import { ScanPool } from './scan-pool.ts';
import type { MinedInstance } from './scan-protocol.ts';

export { BYTES_PER_TOKEN, type MineReport } from './mine-report.ts';
export { DEFAULT_MAX_PER_DOC } from './mine-setup.ts';

export interface MineOptions extends Omit<MineSettings, 'writeInstances'> {
  /** a file, a folder or a hub dataset id (see openCorpus) */
  corpus: string;
  read?: CorpusReadOptions;
  /** stop after this many documents */
  limitDocs?: number;
  /** scan worker threads (default: one per core, os.availableParallelism()) */
  workers?: number;
  /** write instances as JSONL here */
  out?: string;
  /** matches shown as examples (default 5) */
  examples?: number;
  /** write a seeded random sample of this many instances to `out` instead of all of them */
  sample?: number;
  /** characters of text per batch sent to a worker (default 512 Ki; tests make it small to get many batches) */
  batchChars?: number;
  onProgress?(progress: MineProgress): void;
}

export interface MineProgress {
  docs: number;
  bytes: number;
  matches: number;
  /** bytes read from disk so far, and in all when known: a percentage for progress bars */
  bytesRead: number;
  totalBytes?: number;
  seconds: number;
}

/** The `--out` file, open for writing; a path that cannot be written is the user's to fix. */
export async function openOut(file: string): Promise<WriteStream> {
  const out = createWriteStream(file);
  try {
    await once(out, 'open');
  } catch (err) {
    throw new InputError('bad_option', `cannot write --out ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return out;
}

/** Instances as JSONL lines (the `--out` format), each line ended. */
export const instanceLines = (instances: MinedInstance[]): string => (instances.length > 0 ? instances.map((i) => JSON.stringify(i)).join('\n') + '\n' : '');

export function checkMineOptions(options: Pick<MineOptions, 'limitDocs' | 'workers' | 'examples' | 'batchChars' | 'sample' | 'out'>): void {
  checkWhole('limit-docs', options.limitDocs, 1);
  checkWhole('workers', options.workers, 1);
  checkWhole('examples', options.examples, 0);
  checkWhole('batchChars', options.batchChars, 1);
  checkWhole('sample', options.sample, 1);
  if (options.sample !== undefined && options.out === undefined) throw new InputError('bad_option', '--sample picks the instances written to --out: give --out too');
}

/**
 * Run a task's regex over a corpus and measure the behaviour in the wild: how often it
 * occurs, how often the heuristic has an answer, how often that answer is what the text
 * really says. Documents stream from the reader into worker threads in batches (scanCorpus),
 * and results are merged in corpus order (MineMerge), so examples and `--out` are the same
 * on every run — and the same as a queued mine job's, which merges shards the same way.
 *
 * @example await mineCorpus({ task: { kind: 'resolve', spec: 'acronym' }, corpus: 'owt.jsonl.gz', tokens: 'bytes' })
 * // { docs: 10000, tokens: 11950023, matches: 212, per_million_tokens: 17.74, coverage: 0.83, … }
 */
export async function mineCorpus(options: MineOptions): Promise<MineReport> {
  checkMineOptions(options);
  parseCorpusSpec(options.corpus); // a corpus that cannot be read fails before anything loads
  const started = performance.now();
  const setup = await prepareMine({ ...options, writeInstances: options.out !== undefined });
  const reader = await openCorpus(options.corpus, options.read);
  const workers = options.workers ?? defaultScanWorkers();

  let out: WriteStream | undefined;
  let written = 0;
  const merge = new MineMerge({
    censusLabels: (setup.task.census ?? []).map((c) => c.label),
    examples: options.examples ?? 5,
    sample: options.sample,
    seed: setup.seed,
    emit: (instances) => {
      written += instances.length;
      out?.write(instanceLines(instances));
    },
  });

  const pool = await ScanPool.start({
    workers,
    budgetMs: setup.budgetMs,
    init: { task: options.task, regex: setup.plan, tokenizer: setup.modelSource, writeInstances: options.out !== undefined, maxPerDoc: setup.maxPerDoc, seed: setup.seed },
  });
  const scanStarted = performance.now();
  try {
    if (options.out) out = await openOut(options.out);
    await scanCorpus(pool, reader, {
      tokenMode: setup.tokenMode,
      batchChars: options.batchChars,
      limitDocs: options.limitDocs,
      onResult: (result) => {
        merge.add(result);
        const t = merge.totals;
        options.onProgress?.({ docs: t.docs, bytes: t.bytes, matches: merge.tally.figures().matches, bytesRead: reader.bytesRead(), totalBytes: reader.totalBytes, seconds: (performance.now() - started) / 1000 });
      },
      // writableNeedDrain, not a flag of our own: the drain may already have happened
      backpressure: async () => {
        if (out?.writableNeedDrain) await once(out, 'drain');
      },
    });
    if (out && options.sample !== undefined) {
      const sampled = merge.tally.sampled();
      written = sampled.length;
      out.write(instanceLines(sampled));
    }
  } finally {
    await pool.close();
    if (out && !out.destroyed) {
      out.end();
      await once(out, 'close');
    }
  }

  const now = performance.now();
  return mineRunReport(setup, merge, {
    corpus: reader.description,
    ...(options.out ? { out: { path: options.out, instances: written, sampled: options.sample !== undefined } } : {}),
    workers,
    seconds: (now - started) / 1000,
    scanSeconds: (now - scanStarted) / 1000,
  });
}
