import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * The lines of a UTF-8 stream, without their line breaks (`\n` or `\r\n`), a UTF-8 byte
 * order mark dropped from the first. Memory: one line at a time plus the stream's buffer.
 */
export async function* readLines(stream: Readable): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const line of lines) {
      if (first) {
        first = false;
        yield line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      } else {
        yield line;
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
