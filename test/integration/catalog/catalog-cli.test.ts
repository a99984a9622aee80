import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openCatalog } from '../../../catalog/open-catalog.ts';
import { CATALOG_BACKENDS, freshCatalog, seedPgliteFolder, TEST_DATABASE_URL, type CatalogBackend, type TestCatalog } from '../../helpers/catalog-db.ts';
import type { CatalogRecord } from '../../../catalog/catalog-record.schema.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hunt-catalog-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A database the CLI can open too: a PGlite folder, or a PostgreSQL schema; plus the env that points `hunt` at it. */
async function database(backend: CatalogBackend): Promise<{ env: NodeJS.ProcessEnv; seed: (fn: (c: TestCatalog['repo']) => Promise<void>) => Promise<void> }> {
  if (backend === 'postgres') {
    const catalog = await freshCatalog('postgres', 1);
    cleanups.push(() => catalog.cleanup());
    return { env: { DATABASE_URL: TEST_DATABASE_URL, HUNT_DB_SCHEMA: catalog.schema }, seed: (fn) => fn(catalog.repo) };
  }
  const dataDir = tempDir();
  // a migrated, empty catalog folder (initdb in every fresh folder cost seconds each)
  await seedPgliteFolder(path.join(dataDir, 'pglite'));
  return {
    env: { DATABASE_URL: '', HUNT_DATA_DIR: dataDir },
    async seed(fn) {
      // PGlite is single-process: close before the CLI opens the folder.
      const catalog = await openCatalog({ pgliteDir: path.join(dataDir, 'pglite'), threshold: 1 }, {});
      try {
        await fn(catalog.repo);
      } finally {
        await catalog.close();
      }
    },
  };
}

describe.each(CATALOG_BACKENDS)('hunt catalog on %s', (backend) => {
  test('GIVEN a catalog exported with `hunt catalog export` THEN `hunt catalog import` into an empty database keeps every entry, marked imported and unverified, the claimed figures apart', async () => {
    const source = await database(backend);
    await source.seed(async (repo) => {
      const task = await repo.submitTask({ definition: { id: 'ioi', title: 'IOI, "quoted", with commas' }, submitter: 'user-1', guildId: '1', channelId: '2', messageId: '3' });
      await repo.recordEvaluation({ taskId: task.id, jobId: 'j1', modelId: 'Xenova/gpt2', modelRevision: 'hub:main', metrics: { mean_prob: 0.31 }, verdict: 'strong' });
      await repo.vote(task.id, 'voter', 1);
    });
    const dir = tempDir();
    // Both formats on both backends are covered in process (catalog-export-import.test.ts); here
    // the CLI's files and flags: both formats on PostgreSQL, JSONL through a PGlite folder, whose
    // every CLI run pays for starting the embedded database.
    const formats = backend === 'pglite' ? (['jsonl'] as const) : (['jsonl', 'csv'] as const);
    for (const format of formats) {
      const file = path.join(dir, `catalog.${format}`);
      const exported = await runCli(['catalog', 'export', '--format', format, '--out', file], source.env);
      expect(exported, exported.stderr).toMatchObject({ code: 0, stderr: '' });

      const target = await database(backend);
      await target.seed(async () => {}); // an empty, migrated database
      const imported = await runCli(['catalog', 'import', file], target.env);
      expect(imported).toMatchObject({ code: 0, stdout: 'imported 1 entry (1 unverified): hunt catalog list --imported shows them\n' });
      // not in the catalog (only votes cast here put a task there), but listed apart
      expect((await runCli(['catalog', 'list', '--json'], target.env)).stdout).toBe('[]\n');
      expect((await runCli(['catalog', 'list', '--imported'], target.env)).stdout).toMatch(/│ 1 +│ ioi +│ IOI, "quoted", with commas │ user-1 +│ 1 +│ unverified │ Xenova\/gpt2 │/);
      const again = await runCli(['catalog', 'export', '--imported', '--format', format], target.env);
      const original = readFileSync(file, 'utf8');
      if (format === 'jsonl') {
        // before: the figures came back as if computed here, and the entry as if voted in
        const [before] = original.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown> & { evaluation: Record<string, unknown> });
        const [after] = again.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
        const { id, job_id, evaluated_at, model_id, model_revision, metrics, verdict, computed_by, tool_version, model_file_hash, seed, n } = before.evaluation;
        expect(after).toStrictEqual({
          ...before,
          provenance: 'imported',
          evaluation: {
            id, job_id, model_id, model_revision, evaluated_at,
            metrics: {},
            verdict: 'unverified',
            provenance: 'imported',
            computed_by: null, model_file_hash: null, tool_version: null, seed: null, n: null,
            claimed: { model_id, model_revision, metrics, verdict, evaluated_at, computed_by, tool_version, model_file_hash, seed, n },
          },
        });
      } else {
        expect(again.stdout.split('\n')[1]).toContain(',unverified,');
        expect(again.stdout.split('\n')[0]).toContain(',provenance,evaluation_provenance,computed_by,model_file_hash,tool_version,seed,n,claimed');
      }
    }
    const list = await runCli(['catalog', 'list'], source.env);
    expect(list.stdout).toMatch(/│ 1 +│ ioi +│ IOI, "quoted", with commas │ user-1 +│ 1 +│ strong +│ Xenova\/gpt2 │ \d{4}-\d\d-\d\d │/);
    const show = await runCli(['catalog', 'show', '1'], source.env);
    expect(show.stdout.split('\n').slice(0, 4)).toStrictEqual([
      'Task #1 ioi: IOI, "quoted", with commas',
      expect.stringMatching(/^Submitted by user-1 at \S+ \(guild 1, channel 2, message 3\)$/),
      expect.stringMatching(/^In the catalog since \S+ with 1 net votes \(threshold 1\)$/),
      expect.stringMatching(/^Evaluation #1: strong on Xenova\/gpt2 \(hub:main\) at \S+$/),
    ]);
  }, 120_000);
});

test('GIVEN an export claiming a strong result WHEN `hunt catalog import --reevaluate` runs THEN it stores the local model\'s own figures and says so', async () => {
  const target = await database('postgres');
  await target.seed(async () => {});
  const file = path.join(tempDir(), 'claims.jsonl');
  const definition = { id: 'pool-repeat', title: 'Repeat', template: ' {A} {B} {C} {A}', lists: { w: ['applic', 'higher', 'required', 'air', 'page', 'top'] }, slots: { A: 'w', B: 'w', C: 'w' }, expected: ' {B}' };
  const claim = { id: 7, job_id: null, model_id: 'Xenova/gpt2', model_revision: 'hub:main', metrics: { mean_prob: 0.99 }, verdict: 'strong', evaluated_at: '2025-01-01T00:00:00Z' };
  const record = { task_id: 1, slug: 'pool-repeat', definition, submitter: 'mallory', guild_id: null, channel_id: null, message_id: null, submitted_at: '2025-01-01T00:00:00Z', net_votes: 0, threshold: 3, added_at: '2025-01-01T00:00:00Z', evaluation: claim };
  writeFileSync(file, `${JSON.stringify(record)}\n`);
  const imported = await runCli(['catalog', 'import', file, '--reevaluate', '--model', FIXTURE_MODEL, '--n', '8'], target.env);
  expect({ code: imported.code, stdout: imported.stdout, stderr: imported.stderr }).toStrictEqual({
    code: 0,
    stdout: 'imported 1 entry (1 re-evaluated on local:tiny-gpt2): hunt catalog list --imported shows them\n',
    stderr: '',
  });
  const shown = JSON.parse((await runCli(['catalog', 'show', '1', '--imported', '--json'], target.env)).stdout) as CatalogRecord;
  expect(shown.evaluation).toMatchObject({ provenance: 'computed', model_id: 'local:tiny-gpt2', n: 8, seed: 0, claimed: { verdict: 'strong', metrics: { mean_prob: 0.99 } } });
  expect(shown.evaluation!.computed_by).toMatch(/^hunt catalog import .+:\d+$/);
  expect(shown.evaluation!.model_file_hash).toMatch(/^[0-9a-f]{64}$/);
  expect((await runCli(['catalog', 'list', '--json'], target.env)).stdout).toBe('[]\n');
  // again: the entry is there, so nothing is evaluated or stored
  const again = await runCli(['catalog', 'import', file, '--reevaluate', '--model', FIXTURE_MODEL, '--n', '8'], target.env);
  expect({ code: again.code, stdout: again.stdout }).toStrictEqual({ code: 0, stdout: 'imported 0 entries, skipped 1 already present\n' });
}, 120_000);

describe('hunt catalog errors', () => {
  test.each([
    [['catalog', 'show', '42'], 2, 'hunt: task #42 is not in the catalog (hunt catalog list shows what is; --imported shows imported entries)\n'],
    [['catalog', 'import', 'catalog.md'], 2, 'hunt: a Markdown export is for reading; import a .jsonl or .csv export\n'],
    [['catalog', 'import', 'catalog.txt'], 2, 'hunt: cannot tell the format of catalog.txt: name it .jsonl or .csv, or pass --format\n'],
    [['catalog', 'import', 'catalog.jsonl'], 2, 'hunt: cannot read catalog.jsonl (ENOENT)\n'],
    [['catalog', 'export', '--out', 'no-such-folder/catalog.jsonl'], 2, 'hunt: cannot write --out no-such-folder/catalog.jsonl: ENOENT\n'],
    [['catalog', 'import', 'catalog.txt', '--format', 'jsonl', '--model', 'x'], 2, 'hunt: --model belongs to --reevaluate (run each task on a local model): add --reevaluate\n'],
  ])('GIVEN `hunt %j` THEN it fails with exit code %i and one clear line', async (args, code, stderr) => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'catalog.md'), '| # |\n');
    writeFileSync(path.join(dataDir, 'catalog.txt'), '');
    const result = await runCli(args.map((a) => (a.startsWith('catalog.') ? path.join(dataDir, a) : a)), { DATABASE_URL: '', HUNT_DATA_DIR: dataDir });
    expect({ code: result.code, stderr: result.stderr.replaceAll(`${dataDir}/`, '') }).toStrictEqual({ code, stderr });
  });

  test('GIVEN `--data-dir` naming a file THEN `hunt catalog list` fails at once with one line, without retrying (a bad path is not transient)', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'not-a-folder');
    writeFileSync(file, '');
    const started = Date.now();
    const result = await runCli(['catalog', 'list', '--data-dir', file], { DATABASE_URL: '', HUNT_CONNECT_ATTEMPTS: '6' });
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `hunt: cannot use ${file} as the embedded database folder (it is a file; name a folder)\n`,
    });
    expect(Date.now() - started).toBeLessThan(10_000); // six tries would wait 15.5 s between them
  });

  test('GIVEN a JSONL file of something else THEN `hunt catalog import` names the first problems in one short line and imports nothing', async () => {
    const dataDir = tempDir();
    await seedPgliteFolder(path.join(dataDir, 'pglite')); // `catalog show 42` above runs hunt on a fresh folder
    const file = path.join(dataDir, 'instances.jsonl');
    writeFileSync(file, `${JSON.stringify({ prompt: 'When Mary and John', answers: [' Mary'], meta: { n: 1 } })}\n`.repeat(50));
    const result = await runCli(['catalog', 'import', file], { DATABASE_URL: '', HUNT_DATA_DIR: dataDir });
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        'hunt: record 1 is not a catalog entry: task_id: Invalid input: expected number, received undefined; slug: Invalid input: expected string, received undefined; definition: Invalid input: expected record, received undefined; and 10 more (hunt catalog export writes the format)\n',
    });
    expect((await runCli(['catalog', 'list', '--json'], { DATABASE_URL: '', HUNT_DATA_DIR: dataDir })).stdout).toBe('[]\n');
  });

  test('GIVEN PostgreSQL unreachable THEN `hunt catalog list` retries with backoff, one line per try, then gives up with one line', async () => {
    const result = await runCli(['catalog', 'list', '--database-url', 'postgres://postgres@127.0.0.1:1/test'], { HUNT_CONNECT_ATTEMPTS: '3' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toStrictEqual([
      'hunt: PostgreSQL at 127.0.0.1:1/test is unreachable (connect ECONNREFUSED 127.0.0.1:1); retrying in 500 ms (try 2 of 3)',
      'hunt: PostgreSQL at 127.0.0.1:1/test is unreachable (connect ECONNREFUSED 127.0.0.1:1); retrying in 1 s (try 3 of 3)',
      'hunt: PostgreSQL at 127.0.0.1:1/test is unreachable (connect ECONNREFUSED 127.0.0.1:1)',
    ]);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
