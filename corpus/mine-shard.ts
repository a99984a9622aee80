import type { CorpusReadOptions } from './corpus-types.ts';
import { concatResults } from './mine-merge.ts';
import type { MineSetup } from './mine-setup.ts';
import { openCorpusFiles, type CorpusFileRef } from './open-corpus.ts';
import { scanCorpus } from './scan-corpus.ts';
import type { PoolResult, ScanPool } from './scan-pool.ts';

export interface ShardScan {
  /** the shard's documents, scanned and concatenated in corpus order (see concatResults) */
  part: PoolResult;
  /** seconds the scan took */
  seconds: number;
}

/**
 * Scan one shard of a corpus (some of its files) on a scan pool started for the run's
 * settings: the same reader, batching and token sampling as `hunt mine`, so merging every
 * shard's part in order gives `hunt mine`'s figures. Nothing is written anywhere: the part is
 * the shard's whole output, so a shard cut short leaves nothing behind to discard.
 */
export async function mineShard(
  pool: ScanPool,
  setup: Pick<MineSetup, 'tokenMode'>,
  files: CorpusFileRef[],
  options: { read?: CorpusReadOptions; batchChars?: number; onProgress?(done: { docs: number; bytes: number }): void } = {},
): Promise<ShardScan> {
  const started = performance.now();
  const reader = openCorpusFiles(files, files.map((f) => f.name).join(', '), options.read);
  const parts: PoolResult[] = [];
  const done = { docs: 0, bytes: 0 };
  await scanCorpus(pool, reader, {
    tokenMode: setup.tokenMode,
    batchChars: options.batchChars,
    onResult: (part) => {
      parts.push(part);
      done.docs += part.result.docs;
      done.bytes += part.result.bytes;
      options.onProgress?.({ ...done });
    },
  });
  return { part: concatResults(parts), seconds: (performance.now() - started) / 1000 };
}
