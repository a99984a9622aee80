import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JobProducer } from '../../../queue/job-producer.ts';
import { QueueEventsResults } from '../../../queue/job-results.ts';
import type { QueueConfig } from '../../../queue/queue-config.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { catalogFields } from '../../../catalog/evaluation-fields.ts';
import { catalogRecorder } from '../../../worker/catalog-recorder.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { FIXTURE_WEIGHTS_SHA256, fixtureProvenance, IN_PROCESS_WORKER, PACKAGE_VERSION } from '../../helpers/fixture-provenance.ts';
import { closeTo, deletePrefix, freshQueueConfig, testLogger } from '../../helpers/queue-harness.ts';

/** A declarative task over the fixture's word pool: "A B C A" → " B" (induction, as the fixture learned it). */
const POOL_REPEAT = {
  id: 'pool-repeat',
  title: 'Repeat after a pool word',
  template: ' {A} {B} {C} {A}',
  lists: { w: ['applic', 'higher', 'required', 'air', 'page', 'top', 'full', 'report'] },
  slots: { A: 'w', B: 'w', C: 'w' },
  expected: ' {B}',
};

let config: QueueConfig;
let producer: JobProducer;
let results: QueueEventsResults;
let catalog: TestCatalog;
let service: WorkerService;

beforeAll(async () => {
  config = freshQueueConfig();
  producer = new JobProducer(config);
  results = new QueueEventsResults(config);
  catalog = await freshCatalog('postgres');
  service = await startWorkerService({ queue: config, source: { model: FIXTURE_MODEL }, recorder: catalogRecorder(catalog.repo), log: testLogger() });
});

afterAll(async () => {
  await service?.stop(10_000);
  await results?.close();
  await producer?.close();
  await catalog?.cleanup();
  await deletePrefix(config.prefix);
});

describe('evaluate jobs', () => {
  test('GIVEN a built-in task and a declarative task THEN each job returns the report of evaluateTask run directly', async () => {
    const engine = await fixtureEngine();
    const builtin = await producer.enqueue('evaluate', { task: { builtin: 'induction' }, n: 16, seed: 1 }, { userId: 'u' });
    const declared = await producer.enqueue('evaluate', { task: { definition: POOL_REPEAT, origin: 'pool-repeat.yaml' }, n: 12, seed: 2 }, { userId: 'u' });
    const [a, b] = await Promise.all([results.wait(builtin.id, 'evaluate', 120_000), results.wait(declared.id, 'evaluate', 120_000)]);
    expect(a.status === 'completed' && b.status === 'completed').toBe(true);
    if (a.status !== 'completed' || b.status !== 'completed') return;
    expect(closeTo({ report: a.result.report }, { report: await evaluateTask(engine, findBuiltinTask('induction')!, { n: 16, seed: 1 }) })).toStrictEqual([]);
    expect(closeTo({ report: b.result.report }, { report: await evaluateTask(engine, parseDeclarativeTask(POOL_REPEAT, 'pool-repeat.yaml'), { n: 12, seed: 2 }) })).toStrictEqual([]);
    // and who computed it: this worker, the fixture's weights, this tool, the job's seed and n
    expect([a.result.provenance, b.result.provenance]).toStrictEqual([
      fixtureProvenance(1, 16),
      fixtureProvenance(2, 12),
    ]);
    // the fixture learned induction: 16 prompts allow "strong" but are too few to decide it (the report says so)
    expect([a.result.report.verdict_upper, a.result.report.small_n !== null]).toStrictEqual(['strong', true]);
  });

  test('GIVEN an evaluate job for a catalog task THEN its evaluation is recorded there once, under the job id', async () => {
    const task = await catalog.repo.submitTask({ definition: POOL_REPEAT, submitter: 'user-1', guildId: 'g', channelId: 'c', messageId: 'm' });
    const job = await producer.enqueue('evaluate', { task: { definition: POOL_REPEAT }, n: 8, catalog_task_id: task.id }, { userId: 'u' });
    const outcome = await results.wait(job.id, 'evaluate', 120_000);
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    const rows = await catalog.sql.query<{ id: number; job_id: string; task_id: number; model_id: string; model_revision: string; verdict: string; metrics: unknown }>(
      'SELECT id, job_id, task_id, model_id, model_revision, verdict, metrics, computed_by, model_file_hash, tool_version, seed, n FROM evaluations',
    );
    expect(rows).toStrictEqual([
      {
        id: outcome.result.evaluation_id,
        job_id: job.id,
        task_id: task.id,
        model_id: 'local:tiny-gpt2',
        model_revision: service.model.modelRevision,
        verdict: outcome.result.report.verdict,
        metrics: catalogFields(outcome.result.report).metrics,
        computed_by: IN_PROCESS_WORKER,
        model_file_hash: FIXTURE_WEIGHTS_SHA256,
        tool_version: PACKAGE_VERSION,
        seed: 0,
        n: 8,
      },
    ]);
    expect(service.model.modelRevision).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  test.each([
    ['a definition the task parser rejects', { task: { definition: { id: 'Bad Id', title: 'x' } } }, /^queue: 2 problems in the task definition:\n {2}queue: id: must be kebab-case/],
    ['a built-in id that names a file on the worker', { task: { builtin: '/etc/passwd' } }, /^no built-in task "\/etc\/passwd" \(built-in: .*ioi.*\)$/],
  ])('GIVEN %s THEN the job fails at once as bad_task, without retrying', async (_, data, message) => {
    const job = await producer.enqueue('evaluate', data, { userId: 'u' });
    const outcome = await results.wait(job.id, 'evaluate', 60_000);
    expect(outcome).toMatchObject({ status: 'failed', failure: { code: 'bad_task', message: expect.stringMatching(message) } });
    expect((await producer.queue.getJob(job.id))!.attemptsMade).toBe(1);
  });
});
