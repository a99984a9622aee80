import { afterEach, describe, expect, test } from 'vitest';
import { formatExport, parseExport } from '../../../catalog/catalog-export.ts';
import { catalogRecordSchema, type CatalogRecord } from '../../../catalog/catalog-record.schema.ts';
import { catalogFields } from '../../../catalog/evaluation-fields.ts';
import { loadMigrations, migrate } from '../../../catalog/migrate.ts';
import { reevaluateRecords } from '../../../catalog/reevaluate-records.ts';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { fixtureEngine, FIXTURE_MODEL_ID } from '../../helpers/fixture-model.ts';
import { FIXTURE_WEIGHTS_SHA256, PACKAGE_VERSION } from '../../helpers/fixture-provenance.ts';

const opened: TestCatalog[] = [];
async function open(threshold = 3): Promise<TestCatalog> {
  const catalog = await freshCatalog('postgres', threshold);
  opened.push(catalog);
  return catalog;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.cleanup()));
});

const POOL_REPEAT = {
  id: 'pool-repeat',
  title: 'Repeat after a pool word',
  template: ' {A} {B} {C} {A}',
  lists: { w: ['applic', 'higher', 'required', 'air', 'page', 'top', 'full', 'report'] },
  slots: { A: 'w', B: 'w', C: 'w' },
  expected: ' {B}',
};

/** What an attacker's file says: a task "in the catalog" with none of the votes it needs, strong on GPT-2 with figures no worker here computed. */
function forged(taskId: number, definition: Record<string, unknown>): CatalogRecord {
  return catalogRecordSchema.parse({
    task_id: taskId,
    slug: String(definition.id),
    definition,
    submitter: 'mallory',
    guild_id: null,
    channel_id: null,
    message_id: null,
    submitted_at: '2025-01-01T00:00:00.000Z',
    net_votes: 0,
    threshold: 3,
    added_at: '2025-01-02T00:00:00.000Z',
    provenance: 'voted',
    evaluation: { id: 100 + taskId, job_id: null, model_id: 'Xenova/gpt2', model_revision: 'hub:main', metrics: { mean_prob: 0.99 }, verdict: 'strong', evaluated_at: '2025-01-01T01:00:00.000Z', seed: 4, n: 12 },
  });
}

describe('GIVEN hunt catalog import of a file that claims catalog entries', () => {
  test('WHEN imported THEN the entries stay out of the catalog (listed apart) and votes here still put the task in, as a voted entry', async () => {
    const { repo } = await open();
    await repo.importRecords([forged(1, POOL_REPEAT)]);
    expect([await repo.list(), await repo.exportRecords(), await repo.show(1)]).toStrictEqual([[], [], undefined]);
    expect((await repo.list({ imported: true })).map((e) => [e.task_id, e.net_votes, e.verdict])).toStrictEqual([[1, 0, 'unverified']]);
    expect((await repo.taskDetail(1))!.tally.inCatalog).toBe(false);
    // only the vote path makes an entry: three others vote it in
    const outcomes = [];
    for (const voter of ['v1', 'v2', 'v3']) outcomes.push(await repo.vote(1, voter, 1));
    expect(outcomes.map((o) => o.added)).toStrictEqual([false, false, true]);
    expect(await repo.show(1)).toMatchObject({ task_id: 1, provenance: 'voted', net_votes: 3 });
    expect((await repo.list({ imported: true })).map((e) => e.task_id)).toStrictEqual([1]);
  });

  test('WHEN the database refuses an imported row in the catalog table THEN nothing but the vote path can write one there', async () => {
    const { repo, sql } = await open();
    const task = await repo.submitTask({ definition: POOL_REPEAT, submitter: 'alice' });
    await expect(sql.query("INSERT INTO catalog_entries (task_id, net_votes, threshold, provenance) VALUES ($1, 9, 3, 'imported')", [task.id])).rejects.toThrow(/catalog_entries_voted_only/);
  });

  test('WHEN imported with --reevaluate THEN our figures from the local model are stored with their provenance, the claim beside them; a task that cannot run imports unverified, reported', async () => {
    const engine = await fixtureEngine();
    const good = forged(1, POOL_REPEAT);
    const broken = forged(2, { id: 'broken', title: 'Bad', template: 'no slots here', expected: ' {Z}' });
    const { ours, problems } = await reevaluateRecords([good, broken], engine, { kind: 'transformers', computedBy: 'test import' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^task #2 \(broken\) was not re-evaluated, it imports unverified: /);
    expect(problems[0].length).toBeLessThanOrEqual(300);

    const { repo } = await open();
    expect(await repo.importRecords([good, broken], { reevaluated: ours })).toStrictEqual({ imported: 2, skipped: 0, reevaluated: 1 });
    // the same run, directly: the claimed seed and n, the fixture model
    const direct = await evaluateTask(engine, parseDeclarativeTask(POOL_REPEAT, 'direct'), { n: 12, seed: 4 });
    const { id: _id, job_id: _job, provenance: _p, claimed: _c, ...claim } = good.evaluation!;
    const stored = (await repo.show(1, { imported: true }))!.evaluation!;
    expect({ ...stored, id: 0, evaluated_at: '' }).toStrictEqual({
      id: 0,
      job_id: null,
      evaluated_at: '',
      provenance: 'computed',
      model_id: FIXTURE_MODEL_ID,
      model_revision: `sha256:${FIXTURE_WEIGHTS_SHA256.slice(0, 16)}`,
      model_file_hash: FIXTURE_WEIGHTS_SHA256,
      tool_version: PACKAGE_VERSION,
      computed_by: 'test import',
      seed: 4,
      n: 12,
      ...JSON.parse(JSON.stringify(catalogFields(direct))),
      claimed: claim,
    });
    expect((await repo.show(2, { imported: true }))!.evaluation).toMatchObject({ provenance: 'imported', verdict: 'unverified', metrics: {}, claimed: { verdict: 'strong', metrics: { mean_prob: 0.99 } } });
  }, 60_000);
});

describe('GIVEN a catalog export as CSV', () => {
  test('WHEN written THEN it carries the provenance columns, and reads back to the JSON export record for record', async () => {
    const { repo } = await open(1);
    const task = await repo.submitTask({ definition: POOL_REPEAT, submitter: 'alice' });
    await repo.recordEvaluation({ taskId: task.id, jobId: 'j1', modelId: 'local:tiny-gpt2', modelRevision: 'sha256:0123456789abcdef', modelFileHash: 'ab'.repeat(32), computedBy: 'worker h:1', toolVersion: '9.9.9', seed: 5, n: 40, metrics: { mean_prob: 0.4 }, verdict: 'weak' });
    await repo.vote(task.id, 'bob', 1);
    const records = await repo.exportRecords();
    const csv = formatExport(records, 'csv');
    expect(csv.split('\r\n')[0].split(',').slice(-8)).toStrictEqual(['provenance', 'evaluation_provenance', 'computed_by', 'model_file_hash', 'tool_version', 'seed', 'n', 'claimed']);
    expect(parseExport(csv, 'csv').map((r) => catalogRecordSchema.parse(r))).toStrictEqual(records);
    expect(records[0].evaluation).toMatchObject({ computed_by: 'worker h:1', model_file_hash: 'ab'.repeat(32), tool_version: '9.9.9', seed: 5, n: 40 });
  });

  test('WHEN it is an export from before the provenance columns THEN it still imports', async () => {
    const { repo } = await open(1);
    const csv = formatExport([forged(1, POOL_REPEAT)], 'csv')
      .split('\r\n')
      .map((line) => (line === '' ? line : line.split(',').slice(0, -8).join(',')))
      .join('\r\n');
    expect(await repo.importRecords(parseExport(csv, 'csv'))).toStrictEqual({ imported: 1, skipped: 0, reevaluated: 0 });
    expect((await repo.show(1, { imported: true }))!.evaluation).toMatchObject({ verdict: 'unverified', claimed: { verdict: 'strong' } });
  });
});

test('GIVEN entries imported before migration 004 THEN it moves them out of the catalog, keeping voted ones', async () => {
  const { sql } = await open();
  await sql.exec('DROP TABLE imported_entries; ALTER TABLE catalog_entries DROP CONSTRAINT catalog_entries_voted_only; DELETE FROM schema_migrations WHERE version = 4');
  await sql.query("INSERT INTO tasks (id, slug, definition, submitter) VALUES (1, 'a', '{}', 'x'), (2, 'b', '{}', 'y')");
  await sql.query("INSERT INTO catalog_entries (task_id, net_votes, threshold, provenance) VALUES (1, 0, 3, 'imported'), (2, 3, 3, 'voted')");
  expect(await migrate(sql, loadMigrations())).toStrictEqual(['004_imported_entries']);
  expect(await sql.query('SELECT task_id, provenance FROM catalog_entries')).toStrictEqual([{ task_id: 2, provenance: 'voted' }]);
  expect(await sql.query('SELECT task_id, net_votes FROM imported_entries')).toStrictEqual([{ task_id: 1, net_votes: 0 }]);
});
