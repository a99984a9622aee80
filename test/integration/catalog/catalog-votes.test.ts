import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CATALOG_BACKENDS, freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';

const IOI = { id: 'ioi', title: 'Indirect object identification', description: 'who gets the gift' };

describe.each(CATALOG_BACKENDS)('catalog votes on %s', (backend) => {
  let catalog: TestCatalog;
  beforeEach(async () => {
    catalog = await freshCatalog(backend, 3);
  });
  afterEach(async () => {
    await catalog.cleanup();
  });

  test('GIVEN 20 users voting up at the same moment THEN every vote is counted and the task enters the catalog exactly once', async () => {
    const task = await catalog.repo.submitTask({ definition: IOI, submitter: 'u-author', guildId: 'g1', channelId: 'c1', messageId: 'm1' });
    await catalog.repo.recordEvaluation({ taskId: task.id, jobId: 'evaluate-1', modelId: 'Xenova/gpt2', modelRevision: 'hub:main', metrics: { accuracy: 0.9 }, verdict: 'supported' });

    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => catalog.repo.vote(task.id, `user-${i}`, 1)));

    expect(outcomes.filter((o) => o.added)).toHaveLength(1);
    // Votes are counted one after another: the running totals are exactly 1..20.
    expect(outcomes.map((o) => o.net).sort((a, b) => a - b)).toStrictEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(outcomes.find((o) => o.added)!.net).toBe(3);
    const [counts] = await catalog.sql.query<{ votes: number; entries: number }>(
      'SELECT (SELECT count(*)::int FROM votes) AS votes, (SELECT count(*)::int FROM catalog_entries) AS entries',
    );
    expect(counts).toStrictEqual({ votes: 20, entries: 1 });
    const entry = await catalog.repo.show(task.id);
    expect(entry).toMatchObject({ task_id: task.id, net_votes: 3, threshold: 3, evaluation: { job_id: 'evaluate-1', verdict: 'supported', metrics: { accuracy: 0.9 } } });
  });

  test('GIVEN a user who votes again THEN the vote changes instead of adding one', async () => {
    const task = await catalog.repo.submitTask({ definition: IOI, submitter: 'u-author' });
    expect(await catalog.repo.vote(task.id, 'alice', 1)).toStrictEqual({ net: 1, up: 1, down: 0, vote: 'new', added: false, inCatalog: false });
    expect(await catalog.repo.vote(task.id, 'alice', 1)).toStrictEqual({ net: 1, up: 1, down: 0, vote: 'same', added: false, inCatalog: false });
    expect(await catalog.repo.vote(task.id, 'alice', -1)).toStrictEqual({ net: -1, up: 0, down: 1, vote: 'changed', added: false, inCatalog: false });
    const [row] = await catalog.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM votes WHERE task_id = $1', [task.id]);
    expect(row.n).toBe(1);
  });

  test('GIVEN net votes reaching the threshold THEN the entry keeps the latest evaluation of that moment, and later votes do not add it again', async () => {
    const task = await catalog.repo.submitTask({ definition: IOI, submitter: 'u-author' });
    await catalog.repo.recordEvaluation({ taskId: task.id, jobId: 'old', modelId: 'm', modelRevision: 'r1', metrics: { accuracy: 0.1 }, verdict: 'unsupported' });
    const latest = await catalog.repo.recordEvaluation({ taskId: task.id, jobId: 'new', modelId: 'm', modelRevision: 'r2', metrics: { accuracy: 0.8 }, verdict: 'supported' });
    await catalog.repo.vote(task.id, 'a', 1);
    await catalog.repo.vote(task.id, 'b', -1);
    await catalog.repo.vote(task.id, 'c', 1);
    expect((await catalog.repo.vote(task.id, 'd', 1)).inCatalog).toBe(false); // net 2
    const crossing = await catalog.repo.vote(task.id, 'b', 1); // b changes its mind: net 4
    expect(crossing).toMatchObject({ net: 4, vote: 'changed', added: true, inCatalog: true });
    await catalog.repo.recordEvaluation({ taskId: task.id, jobId: 'newer', modelId: 'm', modelRevision: 'r3', metrics: {}, verdict: 'unsupported' });
    expect(await catalog.repo.vote(task.id, 'e', 1)).toMatchObject({ net: 5, added: false, inCatalog: true });
    expect((await catalog.repo.show(task.id))?.evaluation?.id).toBe(latest.id);
    expect(await catalog.repo.list()).toHaveLength(1);
  });

  test('GIVEN the same job recording its evaluation twice THEN one row is kept and its id returned both times', async () => {
    const task = await catalog.repo.submitTask({ definition: IOI, submitter: 'u-author' });
    const entry = { taskId: task.id, jobId: 'evaluate-abc', modelId: 'm', modelRevision: 'r', metrics: { accuracy: 1 }, verdict: 'supported' };
    const first = await catalog.repo.recordEvaluation(entry);
    const second = await catalog.repo.recordEvaluation({ ...entry, metrics: { accuracy: 0 } });
    expect(second).toStrictEqual({ id: first.id, created: false });
    expect(first.created).toBe(true);
    const rows = await catalog.sql.query<{ metrics: unknown }>('SELECT metrics FROM evaluations');
    expect(rows).toStrictEqual([{ metrics: { accuracy: 1 } }]);
  });

  test.each([
    ['a task that does not exist', 999, 1, 'there is no task #999'],
    ['a vote that is neither +1 nor -1', 0, 2, 'a vote is +1 or -1 (got 2)'],
  ])('GIVEN %s THEN the vote fails with a clear message', async (_, taskId, value, message) => {
    await expect(catalog.repo.vote(taskId, 'alice', value as 1)).rejects.toThrow(message);
  });

  test('GIVEN a definition without an id THEN submitting fails with a clear message', async () => {
    await expect(catalog.repo.submitTask({ definition: { title: 'x' }, submitter: 'u' })).rejects.toThrow('a task definition needs an "id"');
  });
});
