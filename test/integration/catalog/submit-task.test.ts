import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { prepareSubmission, submitEvaluatedTask, type SubmissionResult } from '../../../catalog/submit-evaluated-task.ts';
import { terminalSubmitter } from '../../../catalog/submitter.ts';
import { InputError } from '../../../common/errors.ts';
import { toolVersion } from '../../../common/tool-version.ts';
import { modelRevision } from '../../../models/model-revision.ts';
import { freshCatalog, TEST_DATABASE_URL, type TestCatalog } from '../../helpers/catalog-db.ts';
import { fixtureEngine, FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-submit-'));

/** The fixture's weight file hashed here, apart from the code under test: what every stored evaluation must name. */
const FIXTURE_WEIGHTS_SHA256 = createHash('sha256').update(readFileSync(path.join(FIXTURE_MODEL, 'onnx', 'model.onnx'))).digest('hex');

/** Induction on the fixture's own words: a task the fixture does, so the stored verdict is not "none". */
const TASK = {
  id: 'repeat-the-pair',
  title: 'Repeat the word that followed before',
  status: 'known', // a submission cannot claim this: stored as submitted
  template: ' {a} {b} {c} {d} {e} {f} {g} {h} {a} {b} {c} {d} {e} {f} {g}',
  lists: { words: ['time', 'people', 'year', 'way', 'day', 'man', 'thing', 'woman', 'life', 'child', 'world', 'school', 'state', 'family'] },
  slots: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => [s, 'words'])),
  expected: ' {h}',
};

interface EvaluationRow {
  task_id: number;
  model_id: string;
  model_revision: string;
  model_file_hash: string | null;
  tool_version: string | null;
  seed: number | null;
  n: number | null;
  verdict: string;
  computed_by: string | null;
  provenance: string;
}

describe('submitting a task file without Discord', () => {
  let catalog: TestCatalog;
  beforeAll(async () => {
    catalog = await freshCatalog('postgres');
  });
  afterAll(async () => {
    await catalog.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async () => ({
    tasks: await catalog.sql.query<{ id: number; slug: string; submitter: string; definition: Record<string, unknown> }>('SELECT id, slug, submitter, definition FROM tasks ORDER BY id'),
    evaluations: await catalog.sql.query<EvaluationRow>('SELECT task_id, model_id, model_revision, model_file_hash, tool_version, seed, n, verdict, computed_by, provenance FROM evaluations ORDER BY id'),
  });

  it('GIVEN a task file THEN the task is stored as a submission by its submitter, with its evaluation, seed, n, model revision and tool version', async () => {
    const engine = await fixtureEngine();
    const prepared = prepareSubmission(TASK, 'repeat.yaml');
    const result = await submitEvaluatedTask(catalog.repo, engine, prepared, terminalSubmitter('ada'), { n: 40, seed: 3, engineKind: 'transformers', computedBy: 'hunt submit on test' });
    const revision = await modelRevision(engine.loaded.source, 'transformers');
    expect(revision).toBe(`sha256:${FIXTURE_WEIGHTS_SHA256.slice(0, 16)}`);
    const { tasks, evaluations } = await rows();
    expect(tasks).toStrictEqual([{ id: result.task_id, slug: 'repeat-the-pair', submitter: 'cli:ada', definition: { ...TASK, status: 'submitted' } }]);
    expect(evaluations).toStrictEqual([
      { task_id: result.task_id, model_id: 'local:tiny-gpt2', model_revision: revision, model_file_hash: FIXTURE_WEIGHTS_SHA256, tool_version: toolVersion(), seed: 3, n: 40, verdict: result.report.verdict, computed_by: 'hunt submit on test', provenance: 'computed' },
    ]);
    // the evaluation is the fixture's: it does induction, and the stored figures are the report's
    expect(result.report.scored).toBe(40);
    expect(result.report.verdict).not.toBe('none');
    const detail = await catalog.repo.taskDetail(result.task_id);
    expect(detail?.evaluation?.metrics).toMatchObject({ verdict: result.report.verdict, n: 40, seed: 3, scored: 40 });
    expect(result.near_duplicates.map((d) => d.label)).toContain('built-in induction-random-tokens');
  });

  it.each([
    ['an empty name', ''],
    ['a name with a space', 'Ada Lovelace'],
    ['a name of 65 characters', 'a'.repeat(65)],
  ])('GIVEN --as with %s THEN it is refused with one line naming the flag', (_, name) => {
    expect(() => terminalSubmitter(name)).toThrow(InputError);
    expect(() => terminalSubmitter(name)).toThrow(/^--as must be a name of 1 to 64 characters/);
  });

  it('GIVEN hunt submit on a good file and then a bad one THEN the first is stored with its provenance and the second is one line, nothing stored', async () => {
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, YAML.stringify({ ...TASK, id: 'repeat-from-cli' }));
    const db = ['--database-url', TEST_DATABASE_URL, '--schema', catalog.schema];
    const stored = await runCli(['submit', good, '--model', FIXTURE_MODEL, '--n', '20', '--seed', '1', '--as', 'bob', '--json', ...db]);
    expect(stored.code).toBe(0);
    const result = JSON.parse(stored.stdout) as SubmissionResult;
    expect([result.submitter, result.report.n, result.provenance.seed, result.provenance.model, result.provenance.tool_version]).toStrictEqual(['cli:bob', 20, 1, 'local:tiny-gpt2', toolVersion()]);
    expect(result.provenance.model_revision).toMatch(/^sha256:/);
    const before = await rows();
    expect(before.tasks.at(-1)).toMatchObject({ id: result.task_id, slug: 'repeat-from-cli', submitter: 'cli:bob' });
    expect(before.evaluations.at(-1)).toMatchObject({ task_id: result.task_id, seed: 1, n: 20, model_file_hash: FIXTURE_WEIGHTS_SHA256 });
    expect(result.provenance.model_file_hash).toBe(FIXTURE_WEIGHTS_SHA256);

    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, YAML.stringify({ ...TASK, id: 'broken', expected: '{initals(a, b)}' }));
    const refused = await runCli(['submit', bad, '--model', FIXTURE_MODEL, '--n', '20', ...db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim()).toBe(`hunt: ${bad}: expected: {initals(a, b)}: no helper "initals" (helpers: initials, add, lower, upper, title, join, range)`);
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(await rows()).toStrictEqual(before);
  });
});
