import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../../../corpus/corpus-types.ts';
import { openCorpus, openCorpusFiles } from '../../../corpus/open-corpus.ts';
import { planShards } from '../../../corpus/shard-plan.ts';
import { plantedDocuments, writePlantedCorpus, type PlantedFormat } from '../../helpers/planted-corpus.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(spec: string, options = {}): Promise<CorpusDocument[]> {
  const docs: CorpusDocument[] = [];
  for await (const doc of (await openCorpus(spec, options)).documents()) docs.push(doc);
  return docs;
}

/** A local port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const { docs } = plantedDocuments(11, 90);

describe('reading corpora', () => {
  it.each(['txt', 'txt.gz', 'jsonl', 'jsonl.gz', 'parquet', 'parquet.gz'] as PlantedFormat[])('GIVEN a %s file THEN every document comes back, in order, with its id, and progress ends at the file size', async (format) => {
    const file = writePlantedCorpus(path.join(dir, format), format, docs);
    const reader = await openCorpus(file);
    const size = statSync(file).size;
    expect(reader.totalBytes).toBe(size);
    expect(reader.bytesRead()).toBe(0);
    const read: CorpusDocument[] = [];
    for await (const doc of reader.documents()) read.push(doc);
    expect(read.map((d) => d.text)).toStrictEqual(docs);
    expect(read.map((d) => d.id)).toStrictEqual(docs.map((_, i) => `corpus.${format}#${i}`));
    expect(reader.bytesRead()).toBe(size);
  });

  it('GIVEN a folder THEN its corpus files are read depth first in name order, other files skipped', async () => {
    const folder = writePlantedCorpus(path.join(dir, 'folder'), 'folder', docs);
    const reader = await openCorpus(folder);
    const read: CorpusDocument[] = [];
    for await (const doc of reader.documents()) read.push(doc);
    expect(read.map((d) => d.text)).toStrictEqual(docs);
    expect(read.map((d) => d.id)).toStrictEqual([
      ...Array.from({ length: 30 }, (_, i) => `a.txt.gz#${i}`),
      ...Array.from({ length: 30 }, (_, i) => `b-nested/c.jsonl#${i}`),
      ...Array.from({ length: 30 }, (_, i) => `d.parquet#${i}`),
    ]);
    expect(reader.description).toBe(`folder ${folder} (3 files, 1 of other types skipped)`);
  });

  it('GIVEN a .txt file in file mode THEN the whole file is one document', async () => {
    const file = path.join(dir, 'page.txt');
    writeFileSync(file, '\ufeffTitle\n\nFirst paragraph.\r\n\r\nSecond.\n');
    expect(await readAll(file, { txtDocuments: 'file' })).toStrictEqual([{ id: 'page.txt', text: 'Title\n\nFirst paragraph.\r\n\r\nSecond.\n' }]);
    expect(await readAll(file)).toStrictEqual([
      { id: 'page.txt#0', text: 'Title' },
      { id: 'page.txt#1', text: 'First paragraph.' },
      { id: 'page.txt#2', text: 'Second.' },
    ]);
  });

  it('GIVEN a JSONL file with another text field THEN --text-field picks it', async () => {
    const file = path.join(dir, 'body.jsonl');
    writeFileSync(file, '{"body":"one"}\n\n{"body":"two"}\n');
    expect((await readAll(file, { textField: 'body' })).map((d) => d.text)).toStrictEqual(['one', 'two']);
  });

  it.each([
    ['a JSONL line that is not JSON', 'bad.jsonl', '{"text":"ok"}\n{"text": nope}\n', 'bad.jsonl:2: not valid JSON'],
    ['a JSONL line without a text field', 'notext.jsonl', '{"text":"ok"}\n{"body":"x"}\n', 'notext.jsonl:2: no string field "text"'],
    ['a .gz file that is not gzip', 'broken.jsonl.gz', 'plain text, not gzip', 'broken.jsonl.gz: not a valid gzip file'],
    ['a truncated .gz file', 'cut.txt.gz', () => gzipSync('a'.repeat(100_000)).subarray(0, 50), 'cut.txt.gz: not a valid gzip file'],
    ['a .parquet file that is not parquet', 'fake.parquet', 'PAR1 but not really', 'fake.parquet: not a readable parquet file'],
  ])('GIVEN %s THEN reading fails with the file and the reason', async (_what, name, content, message) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'function' ? content() : content);
    await expect(readAll(file)).rejects.toMatchObject({ code: 'bad_option', message: expect.stringContaining(message) });
  });

  it('GIVEN a parquet file without a text column THEN it fails listing the columns it has', async () => {
    const file = path.join(dir, 'body.parquet');
    parquetWriteFile({ filename: file, columnData: [{ name: 'body', data: ['x'], type: 'STRING' }] });
    await expect(readAll(file)).rejects.toMatchObject({ code: 'bad_option', message: 'body.parquet: no column "text" (columns: body)' });
  });
});

describe('reading a Hugging Face hub dataset', () => {
  it('GIVEN no network THEN it fails at once, as a transient fault, saying how to mine a local copy', async () => {
    const port = await closedPort();
    await expect(openCorpus('Skylion007/openwebtext', { hubEndpoint: `http://127.0.0.1:${port}` })).rejects.toMatchObject({
      code: 'unavailable',
      permanent: false,
      message: expect.stringMatching(
        /^"Skylion007\/openwebtext" is no local file or folder, and the Hugging Face hub could not be reached to list it as a dataset \(http:\/\/127\.0\.0\.1:\d+\/api\/datasets\/Skylion007\/openwebtext\/parquet: ECONNREFUSED\); download its parquet files/,
      ),
    });
  });

  it('GIVEN a hub that serves parquet THEN documents stream from range requests, never a whole-file download', async () => {
    const file = writePlantedCorpus(path.join(dir, 'hub'), 'parquet', docs);
    const bytes = readFileSync(file);
    const url = 'https://hub.test/api/datasets/me/owt/parquet/plain_text/train/0.parquet';
    const requests: string[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const target = String(input);
      if (target === 'https://hub.test/api/datasets/me/owt/parquet') return Response.json({ plain_text: { train: [url] } });
      if (target !== url) return new Response('no', { status: 404 });
      if (init?.method === 'HEAD') return new Response(null, { headers: { 'Content-Length': String(bytes.length) } });
      const range = new Headers(init?.headers).get('Range') ?? '';
      requests.push(range);
      const [, start, end] = /bytes=(\d+)-(\d*)/.exec(range)!;
      return new Response(bytes.subarray(Number(start), end ? Number(end) + 1 : bytes.length), { status: 206 });
    }) as typeof fetch;
    const read = await readAll('me/owt', { hubEndpoint: 'https://hub.test', fetch: fakeFetch });
    expect(read.map((d) => d.text)).toStrictEqual(docs);
    expect(read[0].id).toBe('me/owt/plain_text/train/0.parquet#0');
    expect(requests.length).toBeGreaterThan(3); // the footer, then one read per row group
    expect(requests.every((r) => /^bytes=\d+-\d+$/.test(r))).toBe(true);
  });

  it('GIVEN a hub dataset of two parquet files planned as shards THEN each file is a shard, sized, and the shards read the documents the whole corpus reads, with the same ids', async () => {
    const bytes = [0, 1].map((i) => readFileSync(writePlantedCorpus(path.join(dir, `hub-shard-${i}`), 'parquet', docs.slice(i * 45, i * 45 + 45))));
    const urls = [0, 1].map((i) => `https://hub.test/api/datasets/me/owt/parquet/plain_text/train/${i}.parquet`);
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const target = String(input);
      if (target === 'https://hub.test/api/datasets/me/owt/parquet') return Response.json({ plain_text: { train: urls } });
      const body = bytes[urls.indexOf(target)];
      if (!body) return new Response('no', { status: 404 });
      if (init?.method === 'HEAD') return new Response(null, { headers: { 'Content-Length': String(body.length) } });
      const [, start, end] = /bytes=(\d+)-(\d*)/.exec(new Headers(init?.headers).get('Range') ?? '')!;
      return new Response(body.subarray(Number(start), end ? Number(end) + 1 : body.length), { status: 206 });
    }) as typeof fetch;
    const read = { hubEndpoint: 'https://hub.test', fetch: fakeFetch };
    const plan = await planShards('me/owt', 1, read);
    expect(plan.corpus).toBe('hub dataset me/owt (2 parquet files)');
    expect(plan.shards.map((s) => s.files)).toStrictEqual([
      [{ url: urls[0], name: 'me/owt/plain_text/train/0.parquet', size: bytes[0].length, start: 0 }],
      [{ url: urls[1], name: 'me/owt/plain_text/train/1.parquet', size: bytes[1].length, start: bytes[0].length }],
    ]);
    const sharded: CorpusDocument[] = [];
    for (const shard of plan.shards) for await (const doc of openCorpusFiles(shard.files, 'shard', read).documents()) sharded.push(doc);
    expect(sharded).toStrictEqual(await readAll('me/owt', read));
    expect(sharded).toHaveLength(90);
  });

  it('GIVEN a dataset the hub does not know THEN it fails as not found', async () => {
    const fakeFetch = (async () => new Response('{}', { status: 404 })) as typeof fetch;
    await expect(openCorpus('me/nothing', { hubEndpoint: 'https://hub.test', fetch: fakeFetch })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no dataset "me/nothing" on the Hugging Face hub (or it is private/gated; HTTP 404), and no such local file or folder',
    });
  });
});
