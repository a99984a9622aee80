import type { Readable } from 'node:stream';
import { InputError } from '../common/errors.ts';
import { readLines } from './read-lines.ts';
import type { CorpusDocument } from './corpus-types.ts';

/**
 * Documents of a `.jsonl` file's text (gunzipped already for `.jsonl.gz`): one JSON object per line, its `textField`
 * (default `text`) a string. Empty lines are skipped; a line that is not such an object
 * fails at once with its line number (a corpus with a broken line is not mined half-way
 * silently). Ids: `name#index`, the 0-based index among the file's documents.
 */
export async function* readJsonlDocuments(stream: Readable, name: string, textField: string): AsyncGenerator<CorpusDocument> {
  let lineNumber = 0;
  let index = 0;
  for await (const line of readLines(stream)) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      throw new InputError('bad_option', `${name}:${lineNumber}: not valid JSON (${(err as Error).message})`);
    }
    const text = record !== null && typeof record === 'object' ? (record as Record<string, unknown>)[textField] : undefined;
    if (typeof text !== 'string') {
      throw new InputError('bad_option', `${name}:${lineNumber}: no string field "${textField}" (each line must be an object like {"${textField}": "..."})`);
    }
    yield { id: `${name}#${index++}`, text };
  }
}
