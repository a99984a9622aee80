import zlib from 'node:zlib';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type CompressionCodec, type Compressors } from 'hyparquet';
import { InputError } from '../common/errors.ts';
import type { CorpusDocument } from './corpus-types.ts';

type ZstdZlib = typeof zlib & { zstdDecompressSync?: (input: Uint8Array) => Buffer };

/**
 * Decompressors beyond hyparquet's built-in snappy, from node's zlib: gzip and brotli
 * always, zstd where this node has it (22.15+). LZ4 is not available.
 */
function zlibCompressors(): Compressors {
  const exact = (out: Buffer): Uint8Array => new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const compressors: Compressors = {
    GZIP: (input) => exact(zlib.gunzipSync(input)),
    BROTLI: (input) => exact(zlib.brotliDecompressSync(input)),
  };
  const zstd = (zlib as ZstdZlib).zstdDecompressSync;
  if (zstd) compressors.ZSTD = (input) => exact(zstd(input));
  return compressors;
}

const COMPRESSORS = zlibCompressors();
const READABLE_CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', ...(Object.keys(COMPRESSORS) as CompressionCodec[])]);

/** How far a parquet read has got, for progress: rows done of all rows. */
export interface ParquetProgress {
  rowsRead: number;
  rowsTotal: number;
}

/**
 * Documents of a parquet file (OpenWebText's hub layout: a string column `text`),
 * read one row group at a time from an AsyncBuffer over the file or a URL, so memory
 * holds one row group's text column and never the whole file. Ids: `name#row`.
 */
export async function* readParquetDocuments(
  file: AsyncBuffer,
  name: string,
  textField: string,
  progress: (p: ParquetProgress) => void = () => {},
): AsyncGenerator<CorpusDocument> {
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw new InputError('bad_option', `${name}: not a readable parquet file (${(err as Error).message})`);
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  if (!columns.includes(textField)) {
    throw new InputError('bad_option', `${name}: no column "${textField}" (columns: ${columns.join(', ')})`);
  }
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const codec = chunk.meta_data?.codec;
      if (chunk.meta_data?.path_in_schema[0] === textField && codec && !READABLE_CODECS.has(codec)) {
        throw new InputError('bad_option', `${name}: column "${textField}" is compressed with ${codec}, which this node cannot read (readable: ${[...READABLE_CODECS].join(', ')})`);
      }
    }
  }
  const rowsTotal = Number(metadata.num_rows);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, columns: [textField], rowStart, rowEnd, compressors: COMPRESSORS });
    for (let i = 0; i < rows.length; i++) {
      const text = rows[i][textField];
      if (text === null || text === undefined) continue; // a null cell is no document
      if (typeof text !== 'string') {
        throw new InputError('bad_option', `${name}: row ${rowStart + i} has a ${typeof text} in column "${textField}", not a string`);
      }
      yield { id: `${name}#${rowStart + i}`, text };
    }
    rowStart = rowEnd;
    progress({ rowsRead: rowStart, rowsTotal });
  }
}
