import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultRepository } from '../../../web/result-repository.ts';
import { freshCatalog, TEST_DATABASE_URL, type TestCatalog } from '../../helpers/catalog-db.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { runCli } from '../../helpers/run-cli.ts';

const WEIGHTS = `sha256:${createHash('sha256').update(readFileSync(path.join(FIXTURE_MODEL, 'onnx/model.onnx'))).digest('hex').slice(0, 16)}`;

describe('GIVEN a catalog database and the hunt binary', () => {
  let catalog: TestCatalog;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    catalog = await freshCatalog('postgres');
    env = { DATABASE_URL: TEST_DATABASE_URL, HUNT_DB_SCHEMA: catalog.schema, HUNT_PUBLIC_URL: 'https://hunt.example.org/' };
  });
  afterAll(async () => catalog?.cleanup());

  it('WHEN hunt complete --share --json runs THEN stdout is the JSON alone, stderr has the link, and the link’s record holds that JSON, the weights hash and the seed', async () => {
    const args = ['complete', 'applic higher required applic higher', '--model', FIXTURE_MODEL, '--top', '3', '--tokens', '2', '--sample', '--seed', '7', '--json', '--share'];
    const run = await runCli(args, env);
    expect(run.code).toBe(0);
    const link = /^Shared: https:\/\/hunt\.example\.org\/r\/([0-9a-f]{20})$/m.exec(run.stderr);
    expect(link).not.toBeNull();
    const record = await new ResultRepository(catalog.sql).get(link![1]);
    expect(record).toMatchObject({ kind: 'complete', model: { id: 'local:tiny-gpt2', revision: WEIGHTS }, seed: 7, output: JSON.parse(run.stdout) });
    expect(record!.input).toMatchObject({ prompt: 'applic higher required applic higher', top: 3, tokens: 2, sample: true });

  });

  it('WHEN hunt tokens --share runs THEN the stored surprise view has the top-5 at every predicted token', async () => {
    const run = await runCli(['tokens', 'applic higher required applic higher', '--model', FIXTURE_MODEL, '--share'], env);
    expect(run.code).toBe(0);
    const id = /^Shared: https:\/\/hunt\.example\.org\/r\/([0-9a-f]{20})$/m.exec(run.stdout)![1];
    const record = await new ResultRepository(catalog.sql).get(id);
    const tokens = (record!.output as { tokens: { logprob: number | null; top: unknown[] }[] }).tokens;
    expect(tokens.map((t) => t.top.length)).toStrictEqual(tokens.map((t) => (t.logprob === null ? 0 : 5)));
  });
});
