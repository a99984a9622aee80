import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HuntError } from '../../../common/errors.ts';
import { fileFormat, parseCorpusSpec } from '../../../corpus/corpus-format.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detecting a corpus format', () => {
  it.each([
    ['a.txt', { kind: 'txt', gzip: false }],
    ['a.TXT.GZ', { kind: 'txt', gzip: true }],
    ['dir/a.jsonl', { kind: 'jsonl', gzip: false }],
    ['a.jsonl.gz', { kind: 'jsonl', gzip: true }],
    ['train-00000-of-00080.parquet', { kind: 'parquet', gzip: false }],
    ['a.parquet.gz', { kind: 'parquet', gzip: true }],
    ['a.csv', null],
    ['a.json', null],
    ['a.gz', null],
  ])('GIVEN %s THEN the format is %j', (name, format) => {
    expect(fileFormat(name)).toStrictEqual(format);
  });

  it('GIVEN existing files and folders THEN --corpus names them; other specs are hub ids or not found', () => {
    const file = path.join(dir, 'c.jsonl');
    writeFileSync(file, '');
    mkdirSync(path.join(dir, 'folder'));
    expect(parseCorpusSpec(file)).toStrictEqual({ kind: 'file', path: file, format: { kind: 'jsonl', gzip: false } });
    expect(parseCorpusSpec(path.join(dir, 'folder'))).toStrictEqual({ kind: 'folder', path: path.join(dir, 'folder') });
    expect(parseCorpusSpec('Skylion007/openwebtext')).toStrictEqual({ kind: 'hub', id: 'Skylion007/openwebtext' });
    expect(parseCorpusSpec('hf://datasets/stas/openwebtext-10k')).toStrictEqual({ kind: 'hub', id: 'stas/openwebtext-10k' });
  });

  it.each([
    ['an existing file of an unknown type', () => (writeFileSync(path.join(dir, 'x.csv'), ''), path.join(dir, 'x.csv')), 'bad_option', 'unknown format; give a file ending in .txt.gz, .jsonl.gz, .parquet.gz, .txt, .jsonl, .parquet'],
    ['a missing file', () => path.join(dir, 'missing.jsonl'), 'not_found', 'no such file or folder'],
    ['a missing relative path', () => './data/owt', 'not_found', 'no such file or folder'],
    ['an empty spec', () => ' ', 'bad_option', 'corpus must not be empty'],
  ])('GIVEN %s THEN it fails at once with a clear message', (_what, spec, code, message) => {
    let thrown: unknown;
    try {
      parseCorpusSpec(spec());
    } catch (err) {
      thrown = err;
    }
    expect((thrown as HuntError).code).toBe(code);
    expect((thrown as HuntError).message).toContain(message);
  });
});
