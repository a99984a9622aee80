import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluatedTaskMessage } from '../../../bot/submit-task.ts';
import { jobResultRecord } from '../../../web/bot-result-link.ts';
import { JobProducer } from '../../../queue/job-producer.ts';
import { QueueEventsResults } from '../../../queue/job-results.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { fixtureProvenance } from '../../helpers/fixture-provenance.ts';
import { deletePrefix, freshQueueConfig } from '../../helpers/queue-harness.ts';

const POOL_REPEAT = {
  id: 'pool-repeat',
  title: 'Repeat after a pool word',
  template: ' {A} {B} {C} {A}',
  lists: { w: ['applic', 'higher', 'required', 'air', 'page', 'top', 'full', 'report'] },
  slots: { A: 'w', B: 'w', C: 'w' },
  expected: ' {B}',
};

describe('GIVEN a worker with no catalog of its own (an embedded database belongs to the bot)', () => {
  const queue = freshQueueConfig();
  let catalog: TestCatalog;
  let producer: JobProducer;
  let results: QueueEventsResults;
  let worker: WorkerService;
  beforeAll(async () => {
    catalog = await freshCatalog('postgres');
    producer = new JobProducer(queue);
    results = new QueueEventsResults(queue);
    worker = await startWorkerService({ queue, source: { model: FIXTURE_MODEL, threads: 1 }, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await worker?.stop(5_000);
    await results?.close();
    await producer?.close();
    await catalog?.cleanup();
    await deletePrefix(queue.prefix);
  });

  test('WHEN the bot stores the evaluation a worker computed THEN the row names the model, the weights sha256, the tool version, seed, n and the worker', async () => {
    const task = await catalog.repo.submitTask({ definition: POOL_REPEAT, submitter: 'alice' });
    const job = await producer.enqueue('evaluate', { task: { definition: POOL_REPEAT }, n: 10, seed: 3, catalog_task_id: task.id }, { userId: 'alice' });
    const outcome = await results.wait(job.id, 'evaluate', 120_000);
    if (outcome.status !== 'completed') throw new Error(`the job did not complete: ${JSON.stringify(outcome)}`);
    expect(outcome.result.evaluation_id).toBeUndefined(); // the worker recorded nothing: the bot does
    await evaluatedTaskMessage({ catalog: catalog.repo }, { id: task.id, submitter: 'alice' }, job.id, outcome.result);
    const rows = await catalog.sql.query('SELECT job_id, provenance, model_id, model_revision, model_file_hash, tool_version, seed, n, computed_by, verdict FROM evaluations');
    const p = fixtureProvenance(3, 10);
    expect(rows).toStrictEqual([
      { job_id: job.id, provenance: 'computed', model_id: p.model_id, model_revision: p.model_revision, model_file_hash: p.model_file_hash, tool_version: p.tool_version, seed: 3, n: 10, computed_by: p.computed_by, verdict: outcome.result.report.verdict },
    ]);
    // and the result's web page names the weights the worker ran, not "unknown"
    expect(jobResultRecord('evaluation', {}, outcome.result.report, 3, outcome.result.provenance).model).toStrictEqual({ id: p.model_id, revision: p.model_revision });
  }, 120_000);
});
