import { stat } from 'node:fs/promises';
import path from 'node:path';
import { asyncBufferFromUrl } from 'hyparquet';
import { InputError } from '../common/errors.ts';
import { parseCorpusSpec } from './corpus-format.ts';
import type { CorpusReadOptions } from './corpus-types.ts';
import { hubEndpoint } from '../models/hub-download.ts';
import { hubParquetFiles } from './hub-dataset.ts';
import { corpusFiles, hubFileName, type CorpusFileRef } from './open-corpus.ts';

/** Files are grouped into shards of at least this many bytes on disk by default (one file bigger than that is a shard alone). */
export const DEFAULT_SHARD_BYTES = 32 * 1024 * 1024;

/** One unit of work on the queue: consecutive files of the corpus. */
export interface CorpusShard {
  files: CorpusFileRef[];
  bytes: number;
}

export interface ShardPlan {
  /** the corpus as `hunt mine` describes it */
  corpus: string;
  shards: CorpusShard[];
  bytes: number;
}

/**
 * Consecutive files grouped into shards of at least `shardBytes` (the last may be smaller),
 * in corpus order: merging the shards in order reads the corpus in the order `hunt mine` does.
 *
 * @example groupShards([{ size: 5 }, { size: 5 }, { size: 5 }], 8) // two shards: files 0–1, file 2
 */
export function groupShards(files: CorpusFileRef[], shardBytes: number): CorpusShard[] {
  const shards: CorpusShard[] = [];
  let current: CorpusShard | undefined;
  for (const file of files) {
    current ??= { files: [], bytes: 0 };
    current.files.push(file);
    current.bytes += file.size;
    if (current.bytes >= shardBytes) {
      shards.push(current);
      current = undefined;
    }
  }
  if (current) shards.push(current);
  return shards;
}

/** Sizes as `64MB`, `512KB`, `1GB` (powers of 1024) or bare bytes. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?\s*$/i.exec(text);
  const unit = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m?.[2]?.[0] ?? 'b').toLowerCase() as 'b' | 'k' | 'm' | 'g'];
  const bytes = m ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new InputError('bad_option', `shard size must be a size such as 64MB, 512KB or a number of bytes ≥ 1 (got "${text}")`);
  return bytes;
}

/**
 * List a corpus's files, with their sizes and where each starts in the corpus, and group them
 * into shards. Files are named as `hunt mine` names them in document ids. A hub dataset's
 * parquet files are sized with one HEAD request each.
 */
export async function planShards(spec: string, shardBytes: number, read: CorpusReadOptions = {}): Promise<ShardPlan> {
  const parsed = parseCorpusSpec(spec);
  const files: CorpusFileRef[] = [];
  let start = 0;
  const push = (file: { name: string; size: number } & ({ path: string } | { url: string })) => {
    files.push({ ...file, start } as CorpusFileRef);
    start += file.size;
  };
  let corpus: string;
  if (parsed.kind === 'file') {
    const { size } = await stat(parsed.path);
    push({ path: path.resolve(parsed.path), name: path.basename(parsed.path), size });
    corpus = `${parsed.format.kind}${parsed.format.gzip ? '.gz' : ''} file ${parsed.path}`;
  } else if (parsed.kind === 'folder') {
    const skipped = { count: 0 };
    for await (const entry of corpusFiles(parsed.path, skipped)) push({ path: path.resolve(entry.file), name: entry.name, size: (await stat(entry.file)).size });
    if (files.length === 0) throw new InputError('bad_option', `folder ${parsed.path} holds no corpus files (.txt, .jsonl, .parquet, optionally .gz)`);
    corpus = `folder ${parsed.path} (${files.length} file${files.length === 1 ? '' : 's'}${skipped.count ? `, ${skipped.count} of other types skipped` : ''})`;
  } else {
    const endpoint = read.hubEndpoint ?? hubEndpoint();
    const listed = await hubParquetFiles(parsed.id, endpoint, read.fetch);
    for (const file of listed) {
      const buffer = await asyncBufferFromUrl({ url: file.url, fetch: read.fetch });
      push({ url: file.url, name: hubFileName(parsed.id, file), size: buffer.byteLength });
    }
    corpus = `hub dataset ${parsed.id} (${listed.length} parquet files)`;
  }
  return { corpus, shards: groupShards(files, shardBytes), bytes: start };
}
