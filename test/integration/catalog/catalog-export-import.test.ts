import { afterEach, describe, expect, test } from 'vitest';
import { formatExport, parseExport, type ExportFormat } from '../../../catalog/catalog-export.ts';
import type { CatalogRepository } from '../../../catalog/catalog-repository.ts';
import type { CatalogRecord } from '../../../catalog/catalog-record.schema.ts';
import { CATALOG_BACKENDS, freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';

const opened: TestCatalog[] = [];
async function open(backend: 'postgres' | 'pglite', threshold = 2): Promise<TestCatalog> {
  const catalog = await freshCatalog(backend, threshold);
  opened.push(catalog);
  return catalog;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.cleanup()));
});

/** Three tasks voted in (one with no evaluation; text that CSV must quote), one that was not. */
async function seed(repo: CatalogRepository): Promise<void> {
  const ioi = await repo.submitTask({
    definition: { id: 'ioi', title: 'IOI, "the classic"', description: 'line one\nline two, with a comma', templates: ['When {A} and {B}…'] },
    submitter: 'user-1',
    guildId: '111',
    channelId: '222',
    messageId: '333',
  });
  await repo.recordEvaluation({ taskId: ioi.id, jobId: 'evaluate-x', modelId: 'Xenova/gpt2', modelRevision: 'hub:main', metrics: { accuracy: 0.875, logit_diff: 3.25, n: 64 }, verdict: 'supported' });
  const acronym = await repo.submitTask({ definition: { id: 'acronym', title: 'Acronyms | pipes', description: 'ünïcödé ✓' }, submitter: 'user-2' });
  await repo.recordEvaluation({ taskId: acronym.id, modelId: 'local:tiny-gpt2', modelRevision: 'sha256:abc', metrics: { accuracy: 0.1 }, verdict: 'unsupported' });
  const bare = await repo.submitTask({ definition: { id: 'bare', title: 'no evaluation yet' }, submitter: 'user-3' });
  const ignored = await repo.submitTask({ definition: { id: 'ignored' }, submitter: 'user-4' });
  for (const id of [ioi.id, acronym.id, bare.id]) {
    await repo.vote(id, 'v1', 1);
    await repo.vote(id, 'v2', 1);
  }
  await repo.vote(ignored.id, 'v1', 1);
}

/** What an import must store of a record: the entry marked imported, the evaluation unverified with what it claimed kept apart. */
function asImported(raw: unknown): CatalogRecord {
  const record = raw as CatalogRecord;
  const e = record.evaluation;
  if (!e) return { ...record, provenance: 'imported' };
  const { id, job_id, provenance: _p, claimed: _c, ...claimed } = e;
  return {
    ...record,
    provenance: 'imported',
    evaluation: {
      id,
      job_id,
      model_id: e.model_id,
      model_revision: e.model_revision,
      evaluated_at: e.evaluated_at,
      metrics: {},
      verdict: 'unverified',
      provenance: 'imported',
      computed_by: null,
      model_file_hash: null,
      tool_version: null,
      seed: null,
      n: null,
      claimed,
    },
  };
}

describe.each(CATALOG_BACKENDS)('catalog export and import on %s', (backend) => {
  test.each<ExportFormat>(['jsonl', 'csv'])('GIVEN a %s export imported into an empty database THEN every entry is kept, marked imported and unverified, with the claimed figures apart', async (format) => {
    const source = await open(backend);
    await seed(source.repo);
    const exported = formatExport(await source.repo.exportRecords(), format);
    expect((await source.repo.exportRecords()).map((r) => r.slug)).toStrictEqual(['ioi', 'acronym', 'bare']);
    expect((await source.repo.exportRecords()).map((r) => [r.provenance, r.evaluation?.provenance])).toStrictEqual([['voted', 'computed'], ['voted', 'computed'], ['voted', undefined]]);

    const target = await open(backend);
    const input = parseExport(exported, format);
    expect(await target.repo.importRecords(input)).toStrictEqual({ imported: 3, skipped: 0, reevaluated: 0 });
    // before: the figures came back as if computed here, and entries with too few votes as if voted in
    expect(await target.repo.exportRecords({ imported: true })).toStrictEqual(input.map(asImported));
    // and the catalog itself holds only what was voted in here: nothing yet
    expect([await target.repo.exportRecords(), await target.repo.list()]).toStrictEqual([[], []]);

    // New rows after an import do not collide with the imported ids.
    const next = await target.repo.submitTask({ definition: { id: 'later' }, submitter: 'user-9' });
    expect(next.id).toBe(4); // the largest imported task id is 3
  });

  test('GIVEN the same export imported twice THEN the second import skips every entry', async () => {
    const source = await open(backend);
    await seed(source.repo);
    const records = await source.repo.exportRecords();
    const target = await open(backend);
    await target.repo.importRecords(records);
    expect(await target.repo.importRecords(records)).toStrictEqual({ imported: 0, skipped: 3, reevaluated: 0 });
  });

  test('GIVEN an export whose task id is taken by a different task THEN nothing is imported', async () => {
    const source = await open(backend);
    await seed(source.repo);
    const records = await source.repo.exportRecords();
    const target = await open(backend);
    await target.repo.submitTask({ definition: { id: 'someone-else' }, submitter: 'user-x' });
    await expect(target.repo.importRecords(records)).rejects.toThrow('task #1 already exists here with different content; nothing was imported');
    expect(await target.repo.exportRecords({ imported: true })).toStrictEqual([]);
  });
});

describe('catalog export formats', () => {
  test('GIVEN a Markdown export THEN it is a table for people and refuses to import', async () => {
    const source = await open('pglite');
    await seed(source.repo);
    const md = formatExport(await source.repo.exportRecords(), 'md');
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('| # | task | title | submitter | net votes | verdict | model | added |');
    expect(lines[2]).toMatch(/^\| 1 \| ioi \| IOI, "the classic" \| user-1 \| 2 \| supported \| Xenova\/gpt2 \| \d{4}-\d\d-\d\d \|$/);
    expect(lines[3]).toContain('| Acronyms \\| pipes |');
    expect(lines[4]).toContain('| bare | no evaluation yet | user-3 | 2 | — | — |');
    expect(() => parseExport(md, 'md')).toThrow('a Markdown export is for reading; import a .jsonl or .csv export');
  });

  test.each([
    [
      'jsonl',
      '{"task_id": 1}\n',
      'record 1 is not a catalog entry: slug: Invalid input: expected string, received undefined; definition: Invalid input: expected record, received undefined; submitter: Invalid input: expected string, received undefined; and 8 more (hunt catalog export writes the format)',
    ],
    ['jsonl', '{"task_id": 1, "slug": "x", "definition": {}, "submitter": "u", "guild_id": null, "channel_id": null, "message_id": null, "submitted_at": "2024-01-01T00:00:00Z", "net_votes": 3, "threshold": 3, "added_at": "2024-01-01T00:00:00Z", "evaluation": null, "extra": 1}\n', 'record 1 is not a catalog entry: (record): Unrecognized key: "extra"'],
    ['jsonl', 'not json\n', 'line 1 is not JSON'],
    ['csv', 'a,b\n1,2\n', 'the CSV header must be'],
  ] as const)('GIVEN a broken %s file THEN the import fails with a clear message', async (format, text, message) => {
    const target = await open('pglite');
    await expect(Promise.resolve().then(() => target.repo.importRecords(parseExport(text, format)))).rejects.toThrow(message);
  });
});
