import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A file's bytes as a stream (gunzipped when asked), counting the bytes read from disk. */
export interface CountedStream {
  stream: Readable;
  /** bytes read from disk so far (compressed bytes for gzip) */
  bytesRead(): number;
}

/** 1 MiB reads: fewer syscalls than the 64 KiB default, still a small, constant buffer. */
const READ_CHUNK = 1 << 20;

export function openFileStream(file: string, gzip: boolean): CountedStream {
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK });
  let read = 0;
  raw.on('data', (chunk: Buffer | string) => {
    read += chunk.length;
  });
  if (!gzip) return { stream: raw, bytesRead: () => read };
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  // pipe() does not forward errors: a missing file must fail the gunzip stream we hand out.
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  return { stream: gunzip, bytesRead: () => read };
}
