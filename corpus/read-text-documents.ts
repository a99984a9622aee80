import type { Readable } from 'node:stream';
import { readLines } from './read-lines.ts';
import type { CorpusDocument, TxtDocuments } from './corpus-types.ts';

/**
 * Documents of a `.txt` file's text (gunzipped already for `.txt.gz`).
 *
 * `blank-line` (the default): documents are separated by one or more blank lines (lines
 * holding only whitespace), and a document's lines are joined with `\n`. This is what
 * lets one 10 GB text file stream in constant memory; multi-paragraph documents need
 * JSONL or parquet, or `file` mode.
 * `file`: the whole file is one document, with its text unchanged apart from a byte order
 * mark (OpenWebText's original layout: one web page per .txt file).
 *
 * Ids: `name#index` (0-based) in `blank-line` mode, `name` in `file` mode.
 */
export async function* readTextDocuments(stream: Readable, name: string, mode: TxtDocuments): AsyncGenerator<CorpusDocument> {
  if (mode === 'file') {
    stream.setEncoding('utf8');
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk as string);
    const text = parts.join('');
    yield { id: name, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    return;
  }
  let lines: string[] = [];
  let index = 0;
  for await (const line of readLines(stream)) {
    if (line.trim() === '') {
      if (lines.length > 0) {
        yield { id: `${name}#${index++}`, text: lines.join('\n') };
        lines = [];
      }
    } else {
      lines.push(line);
    }
  }
  if (lines.length > 0) yield { id: `${name}#${index}`, text: lines.join('\n') };
}
