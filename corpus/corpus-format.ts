import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors.ts';

/** One file format the readers understand, and whether it is gzip-compressed. */
export interface FileFormat {
  kind: 'txt' | 'jsonl' | 'parquet';
  gzip: boolean;
}

const EXTENSIONS: [suffix: string, format: FileFormat][] = [
  ['.txt.gz', { kind: 'txt', gzip: true }],
  ['.jsonl.gz', { kind: 'jsonl', gzip: true }],
  ['.parquet.gz', { kind: 'parquet', gzip: true }],
  ['.txt', { kind: 'txt', gzip: false }],
  ['.jsonl', { kind: 'jsonl', gzip: false }],
  ['.parquet', { kind: 'parquet', gzip: false }],
];

export const SUPPORTED_EXTENSIONS = EXTENSIONS.map(([suffix]) => suffix);

/**
 * The format of a corpus file, from its name alone, or null for a name we do not read.
 *
 * @example fileFormat('owt/part-0.jsonl.gz') // { kind: 'jsonl', gzip: true }
 */
export function fileFormat(file: string): FileFormat | null {
  const lower = file.toLowerCase();
  for (const [suffix, format] of EXTENSIONS) if (lower.endsWith(suffix)) return format;
  return null;
}

/** Hub dataset ids: `owner/name`, `name`, or `hf://datasets/owner/name`. */
const HUB_ID = /^(?:hf:\/\/datasets\/)?[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)?$/;

export type CorpusSpec =
  | { kind: 'file'; path: string; format: FileFormat }
  | { kind: 'folder'; path: string }
  | { kind: 'hub'; id: string };

function unknownFormat(spec: string): InputError {
  return new InputError(
    'bad_option',
    `cannot read corpus "${spec}": unknown format; give a file ending in ${SUPPORTED_EXTENSIONS.join(', ')}, a folder of them, or a Hugging Face dataset id (owner/name)`,
  );
}

/**
 * Decide what `--corpus` names: an existing file (format by extension), an existing
 * folder, or else a hub dataset id. A missing path that looks like a file is "not found",
 * not a hub id, so a typo never turns into a network request.
 */
export function parseCorpusSpec(spec: string): CorpusSpec {
  if (spec.trim() === '') throw new InputError('bad_option', 'corpus must not be empty: give a file, a folder or a hub dataset id');
  if (existsSync(spec)) {
    if (statSync(spec).isDirectory()) return { kind: 'folder', path: spec };
    const format = fileFormat(spec);
    if (!format) throw unknownFormat(spec);
    return { kind: 'file', path: spec, format };
  }
  const looksLikeFile = fileFormat(spec) !== null || path.extname(spec) !== '' || spec.startsWith('.') || path.isAbsolute(spec);
  if (!looksLikeFile && HUB_ID.test(spec)) return { kind: 'hub', id: spec.replace(/^hf:\/\/datasets\//, '') };
  throw new InputError('not_found', `no corpus at "${spec}": no such file or folder`);
}
