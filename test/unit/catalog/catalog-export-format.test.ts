import { describe, expect, test } from 'vitest';
import { formatOfFile, parseCsv } from '../../../catalog/catalog-export.ts';

describe('CSV', () => {
  test('GIVEN quoted cells with commas, quotes and newlines THEN they parse back to the original text', () => {
    expect(parseCsv('a,"b, with comma","say ""hi""",\r\n"line1\nline2",x,,\r\n')).toStrictEqual([
      ['a', 'b, with comma', 'say "hi"', ''],
      ['line1\nline2', 'x', '', ''],
    ]);
  });

  test('GIVEN a quoted cell that never closes THEN parsing fails with a clear message', () => {
    expect(() => parseCsv('a,"b\n')).toThrow('the CSV ends inside a quoted cell');
  });
});

test.each([
  ['catalog.jsonl', 'jsonl'],
  ['CATALOG.NDJSON', 'jsonl'],
  ['export.csv', 'csv'],
  ['table.md', 'md'],
  ['notes.txt', undefined],
])('GIVEN a file named %s THEN its format is %s', (file, format) => {
  expect(formatOfFile(file)).toBe(format);
});
