import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { JobProducer } from '../../../queue/job-producer.ts';
import { bullConnection, QUEUE_NAME, queueNameFor, type QueueConfig } from '../../../queue/queue-config.ts';
import { ResultsByModel } from '../../../queue/results-by-model.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { FIXTURE_MODEL, FIXTURE_MODEL_ID, fixtureEngine } from '../../helpers/fixture-model.ts';
import { closeTo, deletePrefix, freshQueueConfig, spawnWorker, testLogger } from '../../helpers/queue-harness.ts';
import { runCli } from '../../helpers/run-cli.ts';

/**
 * A second model: the fixture's weights under another folder name, so a worker loading it
 * reports another model id (`local:<folder name>`) and serves another queue.
 */
const SECOND_MODEL_ID = 'local:second-gpt2';
let folder: string;
let secondModel: string;
let config: QueueConfig;
let producer: JobProducer;
let results: ResultsByModel;
let first: WorkerService;
let second: WorkerService;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hunt-models-'));
  secondModel = path.join(folder, 'second-gpt2');
  symlinkSync(FIXTURE_MODEL, secondModel, 'dir');
  config = freshQueueConfig();
  producer = new JobProducer(config);
  results = new ResultsByModel(config, [FIXTURE_MODEL_ID, SECOND_MODEL_ID]);
  await results.ready();
  first = await startWorkerService({ queue: config, source: { model: FIXTURE_MODEL, threads: 1 }, log: testLogger() });
  second = await startWorkerService({ queue: config, source: { model: secondModel, threads: 1 }, log: testLogger() });
}, 120_000);
afterAll(async () => {
  await first?.stop(5_000);
  await second?.stop(5_000);
  await results?.close();
  await producer?.close();
  await deletePrefix(config.prefix);
  rmSync(folder, { recursive: true, force: true });
});

describe('GIVEN a model id', () => {
  test.each([
    ['the default model', FIXTURE_MODEL_ID, QUEUE_NAME],
    ['a hub id', 'Xenova/gpt2-medium', 'model@Xenova%2Fgpt2-medium'],
    ['a local model', 'local:second-gpt2', 'model@local%3Asecond-gpt2'],
  ])('WHEN it is %s THEN its queue is %j (BullMQ refuses ":" in queue names)', (_, model, name) => {
    expect(queueNameFor(model, config)).toBe(name);
  });

  test.each([
    ['empty', '', 'model must not be empty'],
    ['with a space', 'gpt2 large', 'model must not contain spaces or control characters (got "gpt2 large")'],
    ['over 100 characters', 'm'.repeat(101), 'model must be at most 100 characters (got 101)'],
  ])('WHEN it is %s THEN enqueue refuses it as a bad option', async (_, model, message) => {
    await expect(producer.enqueue('tokens', { text: 'Hi' }, { userId: 'u', model })).rejects.toMatchObject({ code: 'bad_option', message });
  });
});

describe('GIVEN a worker for the default model and one for a second model, on one Redis', () => {
  test('WHEN a job names the second model THEN only that model’s worker runs it, and its result comes back on that model’s queue', async () => {
    const before = { first: first.worker.stats.jobs, second: second.worker.stats.jobs };
    const job = await producer.enqueue('complete', { prompt: 'Hello world', tokens: 3, top: 3 }, { userId: 'u', model: SECOND_MODEL_ID });
    expect(job).toStrictEqual({ id: expect.stringMatching(/^complete-[0-9a-f]{32}$/), name: 'complete', model: SECOND_MODEL_ID, deduplicated: false });
    const outcome = await results.for(SECOND_MODEL_ID).wait(job.id, 'complete', 60_000);
    if (outcome.status !== 'completed') throw new Error(`job failed: ${outcome.failure.message}`);
    const expected = await completeReport(await fixtureEngine(), 'Hello world', { tokens: 3, top: 3 });
    expect(closeTo(outcome.result, { ...expected, model: SECOND_MODEL_ID })).toStrictEqual([]);
    expect({ first: first.worker.stats.jobs - before.first, second: second.worker.stats.jobs - before.second }).toStrictEqual({ first: 0, second: 1 });
    expect([first.worker.queueName, second.worker.queueName]).toStrictEqual([QUEUE_NAME, 'model@local%3Asecond-gpt2']);
  });

  test('WHEN the same request goes to each model THEN each model’s worker answers its own, under the same content id', async () => {
    const input = { prompt: 'One two three', tokens: 2 };
    const [a, b] = [await producer.enqueue('complete', input, { userId: 'u' }), await producer.enqueue('complete', input, { userId: 'u', model: SECOND_MODEL_ID })];
    expect([a.model, b.model, b.id, b.deduplicated]).toStrictEqual([FIXTURE_MODEL_ID, SECOND_MODEL_ID, a.id, false]);
    const [ra, rb] = await Promise.all([results.for(FIXTURE_MODEL_ID).wait(a.id, 'complete', 60_000), results.for(SECOND_MODEL_ID).wait(b.id, 'complete', 60_000)]);
    expect([ra.status === 'completed' && ra.result.model, rb.status === 'completed' && rb.result.model]).toStrictEqual([FIXTURE_MODEL_ID, SECOND_MODEL_ID]);
  });
});

describe('GIVEN `hunt worker --model <second model>` as a process', () => {
  test('WHEN `hunt enqueue complete --model` names that model THEN the process takes the job from its queue and the CLI prints its result', async () => {
    const cli = freshQueueConfig();
    const worker = spawnWorker(cli, ['--model', secondModel]);
    try {
      await worker.waitForLog('worker ready');
      expect(worker.logs()).toContain('"queue":"model@local%3Asecond-gpt2"');
      const args = ['enqueue', 'complete', 'Hello world', '--tokens', '2', '--top', '3', '--model', SECOND_MODEL_ID, '--wait', '--json', '--prefix', cli.prefix, '--redis-url', cli.redisUrl];
      const result = await runCli(args, { HUNT_DEFAULT_MODEL: cli.defaultModel });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).model).toBe(SECOND_MODEL_ID);
      // Nothing went to the default model's queue, which no worker serves here.
      const plain = new Queue(QUEUE_NAME, { connection: bullConnection(cli), prefix: cli.prefix });
      expect(await plain.getJobCountByTypes('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed')).toBe(0);
      await plain.close();
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await deletePrefix(cli.prefix);
    }
  }, 120_000);
});
