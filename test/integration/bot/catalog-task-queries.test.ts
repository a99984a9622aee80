import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CATALOG_BACKENDS, freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';

// The catalog queries the bot added for /task list, /task show and withdrawing a vote.
const task = (id: string, title: string) => ({ definition: { id, title }, submitter: 'author' });

describe.each(CATALOG_BACKENDS)('GIVEN submitted tasks on %s', (backend) => {
  let catalog: TestCatalog;
  beforeEach(async () => {
    catalog = await freshCatalog(backend, 2);
  });
  afterEach(async () => {
    await catalog.cleanup();
  });

  test('WHEN a user withdraws a vote THEN the tally drops, and a task already in the catalog stays there', async () => {
    const t = await catalog.repo.submitTask(task('a', 'A'));
    await catalog.repo.vote(t.id, 'u1', 1);
    expect((await catalog.repo.vote(t.id, 'u2', 1)).added).toBe(true);
    expect(await catalog.repo.withdrawVote(t.id, 'u2')).toStrictEqual({ net: 1, up: 1, down: 0, inCatalog: true });
    expect(await catalog.repo.withdrawVote(t.id, 'u2')).toStrictEqual({ net: 1, up: 1, down: 0, inCatalog: true });
    await expect(catalog.repo.withdrawVote(999, 'u2')).rejects.toThrow('there is no task #999');
  });

  test('WHEN tasks are listed THEN top sorts by net votes, new by submission, and a verdict filters on the latest evaluation', async () => {
    const a = await catalog.repo.submitTask(task('a', 'A'));
    const b = await catalog.repo.submitTask(task('b', 'B'));
    const c = await catalog.repo.submitTask(task('c', 'C'));
    await catalog.repo.vote(b.id, 'u1', 1);
    await catalog.repo.vote(c.id, 'u1', -1);
    await catalog.repo.recordEvaluation({ taskId: a.id, jobId: 'j1', modelId: 'm', modelRevision: 'r', metrics: {}, verdict: 'none' });
    await catalog.repo.recordEvaluation({ taskId: a.id, jobId: 'j2', modelId: 'm', modelRevision: 'r', metrics: {}, verdict: 'strong' });
    await catalog.repo.recordEvaluation({ taskId: b.id, jobId: 'j3', modelId: 'm', modelRevision: 'r', metrics: {}, verdict: 'weak' });

    const top = await catalog.repo.listTasks({ sort: 'top' });
    expect(top.map((t) => [t.id, t.net, t.up, t.down, t.verdict, t.in_catalog, t.title])).toStrictEqual([
      [b.id, 1, 1, 0, 'weak', false, 'B'],
      [a.id, 0, 0, 0, 'strong', false, 'A'],
      [c.id, -1, 0, 1, null, false, 'C'],
    ]);
    expect((await catalog.repo.listTasks({ sort: 'new' })).map((t) => t.id)).toStrictEqual([c.id, b.id, a.id]);
    expect((await catalog.repo.listTasks({ sort: 'top', verdict: 'strong' })).map((t) => t.id)).toStrictEqual([a.id]);
    expect((await catalog.repo.listTasks({ sort: 'top', verdict: 'none' })).map((t) => t.id)).toStrictEqual([]);
    // the limit keeps the first rows of the order asked for, not any rows
    expect((await catalog.repo.listTasks({ sort: 'new', limit: 1 })).map((t) => t.id)).toStrictEqual([c.id]);
    expect((await catalog.repo.listTasks({ sort: 'top', limit: 2 })).map((t) => t.id)).toStrictEqual([b.id, a.id]);
  });

  test('WHEN one task is shown THEN it comes with its tally and latest evaluation', async () => {
    const a = await catalog.repo.submitTask(task('a', 'A'));
    expect(await catalog.repo.taskDetail(a.id)).toStrictEqual({ task: a, tally: { net: 0, up: 0, down: 0, inCatalog: false }, evaluation: null });
    await catalog.repo.recordEvaluation({ taskId: a.id, jobId: 'j1', modelId: 'm', modelRevision: 'r', metrics: { mean_prob: 0.2 }, verdict: 'strong' });
    const detail = await catalog.repo.taskDetail(a.id);
    expect(detail?.evaluation).toMatchObject({ model_id: 'm', model_revision: 'r', metrics: { mean_prob: 0.2 }, verdict: 'strong' });
    expect(await catalog.repo.taskDetail(999)).toBeUndefined();
  });
});
