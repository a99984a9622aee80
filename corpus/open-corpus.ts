import { createWriteStream } from 'node:fs';
import { mkdtemp, opendir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { asyncBufferFromFile, asyncBufferFromUrl } from 'hyparquet';
import { InputError } from '../common/errors.ts';
import { hubEndpoint } from '../models/hub-download.ts';
import { fileFormat, parseCorpusSpec, SUPPORTED_EXTENSIONS, type FileFormat } from './corpus-format.ts';
import type { CorpusDocument, CorpusReader, CorpusReadOptions } from './corpus-types.ts';
import { openFileStream } from './file-stream.ts';
import { hubParquetFiles, type HubParquetFile } from './hub-dataset.ts';
import { readJsonlDocuments } from './read-jsonl-documents.ts';
import { readParquetDocuments } from './read-parquet-documents.ts';
import { readTextDocuments } from './read-text-documents.ts';

const FORMAT_NAME = (format: FileFormat): string => `${format.kind}${format.gzip ? '.gz' : ''}`;

/** Tracks bytes consumed across the files of a corpus: finished files plus the one being read. */
class ByteCounter {
  constructor(private done = 0) {}
  private current: () => number = () => 0;

  read(): number {
    return this.done + this.current();
  }

  /** bytes of the files finished so far: where the file being read starts */
  finished(): number {
    return this.done;
  }

  follow(current: () => number): void {
    this.current = current;
  }

  finish(size: number): void {
    this.done += size;
    this.current = () => 0;
  }
}

/**
 * A `.parquet.gz` is gunzipped to a temporary file first, because parquet is read from
 * its footer backwards and a gzip stream cannot seek; memory stays constant, disk use is
 * the uncompressed size for as long as the file is being read.
 */
async function* readGzippedParquet(file: string, name: string, textField: string, counter: ByteCounter, size: number): AsyncGenerator<CorpusDocument> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hunt-parquet-'));
  try {
    const plain = path.join(dir, 'corpus.parquet');
    const raw = openFileStream(file, false);
    counter.follow(raw.bytesRead);
    try {
      await pipeline(raw.stream, createGunzip(), createWriteStream(plain));
    } catch (err) {
      throw new InputError('bad_option', `${name}: could not gunzip (${(err as Error).message})`);
    }
    counter.follow(() => size);
    yield* readParquetDocuments(await asyncBufferFromFile(plain), name, textField);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* readFile(file: string, name: string, format: FileFormat, options: Required<Pick<CorpusReadOptions, 'textField' | 'txtDocuments'>>, counter: ByteCounter): AsyncGenerator<CorpusDocument> {
  const { size } = await stat(file);
  try {
    if (format.kind !== 'parquet') {
      const input = openFileStream(file, format.gzip);
      counter.follow(input.bytesRead);
      yield* format.kind === 'txt' ? readTextDocuments(input.stream, name, options.txtDocuments) : readJsonlDocuments(input.stream, name, options.textField);
    } else if (format.gzip) {
      yield* readGzippedParquet(file, name, options.textField, counter, size);
    } else {
      yield* readParquetDocuments(await asyncBufferFromFile(file), name, options.textField, (p) => {
        counter.follow(() => Math.round((size * p.rowsRead) / Math.max(1, p.rowsTotal)));
      });
    }
  } catch (err) {
    // zlib and readline errors name no file; say which one broke.
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('Z_')) {
      throw new InputError('bad_option', `${name}: not a valid gzip file (${err.message})`);
    }
    throw err;
  }
  counter.finish(size);
}

/**
 * Every corpus file under a folder, depth first, each directory's entries in name order,
 * listed one directory at a time (a folder of millions of files is never listed whole).
 * Hidden entries and files of other types are skipped; `skipped` counts the latter.
 */
export async function* corpusFiles(root: string, skipped: { count: number }, relative = ''): AsyncGenerator<{ file: string; name: string; format: FileFormat }> {
  const dir = path.join(root, relative);
  const entries: { name: string; isDirectory: boolean }[] = [];
  for await (const entry of await opendir(dir)) {
    if (!entry.name.startsWith('.')) entries.push({ name: entry.name, isDirectory: entry.isDirectory() });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory) {
      yield* corpusFiles(root, skipped, rel);
    } else {
      const format = fileFormat(entry.name);
      if (format) yield { file: path.join(root, rel), name: rel, format };
      else skipped.count++;
    }
  }
}

/**
 * Open `--corpus`: a `.txt`, `.jsonl` or `.parquet` file (each also gzipped, `.gz`), a
 * folder of them (read recursively, in name order, other files skipped), or a Hugging Face
 * dataset id (its parquet export, streamed over HTTP range requests row group by row group).
 * Format comes from the extension; anything else fails at once with the list of formats.
 *
 * @example for await (const doc of openCorpus('owt.jsonl.gz').documents()) … // { id: 'owt.jsonl.gz#0', text: '…' }
 */
export async function openCorpus(spec: string, options: CorpusReadOptions = {}): Promise<CorpusReader> {
  const textField = options.textField ?? 'text';
  const txtDocuments = options.txtDocuments ?? 'blank-line';
  const parsed = parseCorpusSpec(spec);
  const counter = new ByteCounter();

  if (parsed.kind === 'file') {
    const { size } = await stat(parsed.path);
    const name = path.basename(parsed.path);
    return {
      format: parsed.format.kind,
      description: `${FORMAT_NAME(parsed.format)} file ${parsed.path}`,
      totalBytes: size,
      bytesRead: () => counter.read(),
      fileStart: () => counter.finished(),
      documents: () => readFile(parsed.path, name, parsed.format, { textField, txtDocuments }, counter),
    };
  }

  if (parsed.kind === 'folder') {
    const skipped = { count: 0 };
    let files = 0;
    const reader: CorpusReader = {
      format: 'folder',
      description: `folder ${parsed.path}`,
      bytesRead: () => counter.read(),
      fileStart: () => counter.finished(),
      async *documents() {
        for await (const entry of corpusFiles(parsed.path, skipped)) {
          files++;
          yield* readFile(entry.file, entry.name, entry.format, { textField, txtDocuments }, counter);
        }
        if (files === 0) {
          throw new InputError('bad_option', `folder ${parsed.path} holds no corpus files (.txt, .jsonl, .parquet, optionally .gz)`);
        }
        reader.description = `folder ${parsed.path} (${files} file${files === 1 ? '' : 's'}${skipped.count ? `, ${skipped.count} of other types skipped` : ''})`;
      },
    };
    return reader;
  }

  const endpoint = options.hubEndpoint ?? hubEndpoint();
  const files = await hubParquetFiles(parsed.id, endpoint, options.fetch);
  return {
    format: 'hub',
    description: `hub dataset ${parsed.id} (${files.length} parquet files)`,
    bytesRead: () => counter.read(),
    fileStart: () => counter.finished(),
    async *documents() {
      for (const file of files) yield* readHubFile(file.url, hubFileName(parsed.id, file), textField, counter, options.fetch);
    },
  };
}

/** A hub parquet file's name in document ids: `<dataset>/<config>/<split>/<file>`. */
export function hubFileName(id: string, file: HubParquetFile): string {
  return `${id}/${file.config}/${file.split}/${path.posix.basename(new URL(file.url).pathname)}`;
}

async function* readHubFile(url: string, name: string, textField: string, counter: ByteCounter, fetchImpl?: typeof fetch): AsyncGenerator<CorpusDocument> {
  // No cachedAsyncBuffer: it keeps every slice read, i.e. the whole file in the end.
  const buffer = await asyncBufferFromUrl({ url, fetch: fetchImpl });
  yield* readParquetDocuments(buffer, name, textField, (p) => counter.follow(() => Math.round((buffer.byteLength * p.rowsRead) / Math.max(1, p.rowsTotal))));
  counter.finish(buffer.byteLength);
}

/** One file of a corpus shard: a local path or a hub URL, its name in document ids, and where it starts in the corpus (bytes of the files before it). */
export type CorpusFileRef = { name: string; start: number; size: number } & ({ path: string } | { url: string });

/**
 * Open some files of a corpus (a shard): documents get the ids the whole corpus gives them
 * (names relative to the corpus), and `fileStart` counts from where the shard's first file
 * starts in the corpus, so a shard samples tokens exactly as the whole corpus would.
 */
export function openCorpusFiles(files: CorpusFileRef[], description: string, options: CorpusReadOptions = {}): CorpusReader {
  const textField = options.textField ?? 'text';
  const txtDocuments = options.txtDocuments ?? 'blank-line';
  const counter = new ByteCounter(files[0]?.start ?? 0);
  return {
    format: 'folder',
    description,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    bytesRead: () => counter.read() - (files[0]?.start ?? 0),
    fileStart: () => counter.finished(),
    async *documents() {
      for (const file of files) {
        if ('url' in file) {
          yield* readHubFile(file.url, file.name, textField, counter, options.fetch);
          continue;
        }
        const format = fileFormat(file.path);
        if (!format) throw new InputError('bad_option', `${file.name}: not a corpus file (${SUPPORTED_EXTENSIONS.join(', ')})`);
        yield* readFile(file.path, file.name, format, { textField, txtDocuments }, counter);
      }
    },
  };
}
