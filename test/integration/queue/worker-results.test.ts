import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { scoreReport } from '../../../reports/score-report.ts';
import { tokensReport } from '../../../reports/tokens-report.ts';
import type { ScoringEngine } from '../../../models/scoring-engine.ts';
import { JobProducer } from '../../../queue/job-producer.ts';
import { QueueEventsResults } from '../../../queue/job-results.ts';
import type { HuntJob } from '../../../queue/job-schemas.ts';
import { parseJob } from '../../../queue/job-schemas.ts';
import { QUEUE_NAME, type QueueConfig } from '../../../queue/queue-config.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { closeTo, deletePrefix, freshQueueConfig, jobEvents, testLogger } from '../../helpers/queue-harness.ts';

let engine: ScoringEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});

interface Harness {
  config: QueueConfig;
  producer: JobProducer;
  results: QueueEventsResults;
  service?: WorkerService;
}
const harnesses: Harness[] = [];

async function harness(): Promise<Harness> {
  const config = freshQueueConfig();
  const h: Harness = { config, producer: new JobProducer(config, { quota: { limit: 1_000 } }), results: new QueueEventsResults(config) };
  harnesses.push(h);
  await h.results.ready();
  return h;
}

async function startWorker(h: Harness, batchSize = 16): Promise<WorkerService> {
  h.service = await startWorkerService({ queue: h.config, source: { model: FIXTURE_MODEL }, batching: { batchSize }, log: testLogger() });
  return h.service;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.service?.stop(10_000);
    await h.results.close();
    await h.producer.close();
    await deletePrefix(h.config.prefix);
  }
});

/** The report the CLI would print for the same job: what a queued job must equal. */
function directReport(job: HuntJob): Promise<unknown> {
  switch (job.name) {
    case 'complete':
      return completeReport(engine, job.data.prompt, job.data);
    case 'score':
      return scoreReport(engine, job.data.prompt, job.data.answers, job.data);
    case 'tokens':
      return tokensReport(engine, job.data.text, job.data);
    case 'evaluate':
    case 'discover':
      throw new Error('not in this mix');
  }
}

/** 50 jobs of three kinds, with options that must not be mixed up inside a batch. */
function mixedJobs(): HuntJob[] {
  const words = ['apple', 'river', 'stone', 'cloud', 'music', 'paper', 'light', 'green', 'house', 'table'];
  const inputs: [string, unknown][] = [];
  for (let i = 0; i < 22; i++) {
    const prompt = `The ${words[i % 10]} and the ${words[(i * 3) % 10]} went to ${i}`;
    if (i % 7 === 3) inputs.push(['complete', { prompt, tokens: 6, sample: true, temperature: 0.8, seed: i }]);
    else if (i % 5 === 1) inputs.push(['complete', { prompt, top: 3, tokens: 8 }]);
    else if (i === 20) inputs.push(['complete', { prompt, bos: false, tokens: 4 }]);
    else inputs.push(['complete', { prompt, tokens: 5 }]);
  }
  for (let i = 0; i < 15; i++) {
    const prompt = `On day ${i}, when ${words[i % 10]} met ${words[(i + 4) % 10]}, ${words[i % 10]} gave a gift to`;
    inputs.push(['score', { prompt, answers: [` ${words[(i + 4) % 10]}`, ` ${words[i % 10]}`], top: i % 4 === 0 ? 5 : 10 }]);
  }
  for (let i = 0; i < 13; i++) {
    inputs.push(['tokens', { text: `${words[i % 10]} ${words[(i + 2) % 10]} ${words[(i + 5) % 10]} number ${i}`, bos: i % 6 !== 0 }]);
  }
  return inputs.map(([name, data]) => {
    const parsed = parseJob(name, data);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.job;
  });
}

describe('queue workers', () => {
  test('GIVEN 50 mixed jobs enqueued at once THEN all complete, in fewer batches than jobs, and each result equals the direct call', async () => {
    const h = await harness();
    const jobs = mixedJobs();
    expect(jobs).toHaveLength(50);
    const enqueued = await Promise.all(jobs.map((job) => h.producer.enqueue(job.name, job.data, { userId: 'tester' })));
    expect(new Set(enqueued.map((e) => e.id)).size).toBe(50);

    const service = await startWorker(h);
    const outcomes = await Promise.all(enqueued.map((e) => h.results.wait(e.id, e.name, 120_000)));

    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.status, `${jobs[i].name} job ${i}`).toBe('completed');
      if (outcome.status !== 'completed') continue;
      const expected = await directReport(jobs[i]);
      expect(closeTo(outcome.result, expected), `${jobs[i].name} job ${i}: ${JSON.stringify(jobs[i].data)}`).toStrictEqual([]);
    }
    expect(service.worker.stats.jobs).toBe(50);
    expect(service.worker.stats.batches).toBeLessThan(25);
  });

  test('GIVEN complete jobs run as one batch THEN each publishes its next tokens as progress before its result, equal to that result without the continuation, and a late watcher still hears them', async () => {
    const h = await harness();
    const prompts = ['When John and Mary went to the store, Mary gave a flower to', 'one two three one two', 'The cat sat on the'];
    const enqueued = await Promise.all(prompts.map((prompt) => h.producer.enqueue('complete', { prompt, top: 4, tokens: 5 }, { userId: 'tester' })));
    const seen = enqueued.map(() => ({ progress: [] as unknown[], finishedFirst: false }));
    const finished = new Set<number>();
    enqueued.forEach((e, i) =>
      h.results.watchProgress(e.id, 'complete', (view) => {
        seen[i].progress.push(view);
        if (finished.has(i)) seen[i].finishedFirst = true;
      }),
    );
    const service = await startWorker(h);
    const outcomes = await Promise.all(enqueued.map((e, i) => h.results.wait(e.id, 'complete', 60_000).then((o) => (finished.add(i), o))));
    expect(service.worker.stats.batches).toBe(1);

    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status !== 'completed') throw new Error(`job ${i} failed: ${outcome.failure.message}`);
      const { continuation: _text, continuation_tokens: _tokens, ...firstView } = outcome.result;
      expect(seen[i]).toStrictEqual({ progress: [firstView], finishedFirst: false });
      expect(outcome.result.continuation_tokens).toHaveLength(5);
      // watching a job that has already published: told at once, from the job's stored progress
      const late = await new Promise((resolve) => h.results.watchProgress(enqueued[i].id, 'complete', resolve));
      expect(late).toStrictEqual(firstView);
    }
  });

  test('GIVEN the same request twice THEN both get one job id and the model computes it once', async () => {
    const h = await harness();
    const first = await h.producer.enqueue('complete', { prompt: 'Hello world', tokens: 3 }, { userId: 'a' });
    const second = await h.producer.enqueue('complete', { tokens: 3, prompt: 'Hello world', top: 10 }, { userId: 'b' });
    expect(second).toStrictEqual({ id: first.id, name: 'complete', model: h.config.defaultModel, deduplicated: true });
    expect(first.deduplicated).toBe(false);
    const service = await startWorker(h);
    const outcome = await h.results.wait(first.id, 'complete', 60_000);
    expect(outcome.status).toBe('completed');
    // Asked again after it finished: answered from the kept result, nothing recomputed.
    expect((await h.producer.enqueue('complete', { prompt: 'Hello world', tokens: 3 }, { userId: 'c' })).deduplicated).toBe(true);
    expect(await h.results.wait(first.id, 'complete', 5_000)).toStrictEqual(outcome);
    expect(service.worker.stats.jobs).toBe(1);
  });

  test('GIVEN a payload that bypassed the producer and fails validation THEN the worker fails it at once with the reason, without retrying', async () => {
    const h = await harness();
    await startWorker(h);
    const bad = await h.producer.queue.add('score', { prompt: 'Hi', answers: [], surprise: 1 }, { jobId: 'bad-score', attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    const unknown = await h.producer.queue.add('mine', { corpus: 'x' }, { jobId: 'bad-kind', attempts: 3 });

    expect(bad.id).toBe('bad-score');
    expect(await h.results.wait('bad-score', 'score', 30_000)).toStrictEqual({
      id: 'bad-score',
      name: 'score',
      status: 'failed',
      failure: { code: 'bad_payload', message: 'score job: answers: give at least one answer; Unrecognized key: "surprise"' },
    });
    // A retry would have shown in the queue's event stream as "retrying"/"delayed" instead of the final "failed".
    const stored = await h.producer.queue.getJob('bad-score');
    expect({ state: await stored!.getState(), attemptsMade: stored!.attemptsMade }).toStrictEqual({ state: 'failed', attemptsMade: 1 });
    expect((await jobEvents(h.config.prefix, QUEUE_NAME, 'bad-score')).filter((e) => e !== 'added' && e !== 'waiting')).toStrictEqual(['active', 'failed']);

    const kind = await h.producer.queue.getJob(unknown.id!);
    await expect.poll(() => kind!.getState(), { timeout: 10_000 }).toBe('failed');
    const reloaded = await h.producer.queue.getJob(unknown.id!);
    expect(reloaded!.failedReason).toBe('[bad_payload] unknown job kind "mine" (known: complete, score, tokens, evaluate, discover)');
    expect(reloaded!.attemptsMade).toBe(1);
  });

  test('GIVEN one over-long prompt among batched jobs THEN only that job fails, permanently, and the others complete', async () => {
    const h = await harness();
    const long = 'word '.repeat(1_100);
    const ok1 = await h.producer.enqueue('tokens', { text: 'one two three' }, { userId: 'u' });
    const bad = await h.producer.enqueue('tokens', { text: long }, { userId: 'u' });
    const ok2 = await h.producer.enqueue('tokens', { text: 'four five six' }, { userId: 'u' });
    const service = await startWorker(h);
    const [o1, ob, o2] = await Promise.all([ok1, bad, ok2].map((e) => h.results.wait(e.id, 'tokens', 60_000)));
    expect([o1.status, o2.status]).toStrictEqual(['completed', 'completed']);
    expect(ob).toMatchObject({ status: 'failed', failure: { code: 'prompt_too_long' } });
    expect(ob.status === 'failed' && ob.failure.message).toContain("over the model's context of 1024");
    expect((await h.producer.queue.getJob(bad.id))!.attemptsMade).toBe(1);
    expect(service.worker.stats.batches).toBe(1);
  });
});

describe('queue producer', () => {
  test.each([
    ['complete', { prompt: '' }, 'complete job: prompt: the prompt is empty'],
    ['complete', { prompt: 'x', top: 0 }, 'complete job: top: Too small: expected number to be >=1'],
    ['score', { prompt: 'x', answers: [''] }, 'score job: answers.0: an answer is empty'],
    ['tokens', { text: 'x', extra: true }, 'tokens job: Unrecognized key: "extra"'],
    ['evaluate', { task: {} }, 'evaluate job: task: Invalid input'],
  ] as const)('GIVEN a %s job with a bad payload %j THEN enqueue refuses it before it reaches Redis', async (name, data, message) => {
    const h = await harness();
    await expect(h.producer.enqueue(name, data as never, { userId: 'u' })).rejects.toMatchObject({ code: 'bad_payload', message });
    expect(await h.producer.queue.getJobCountByTypes('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed')).toBe(0);
  });

  test('GIVEN a user over the quota THEN enqueue is refused with the wait, other users are not affected, and nothing extra is queued', async () => {
    const config = freshQueueConfig();
    const producer = new JobProducer(config, { quota: { limit: 3, windowMs: 60_000 } });
    harnesses.push({ config, producer, results: new QueueEventsResults(config) });
    for (let i = 0; i < 3; i++) await producer.enqueue('tokens', { text: `text ${i}` }, { userId: 'greedy' });
    await expect(producer.enqueue('tokens', { text: 'one more' }, { userId: 'greedy' })).rejects.toMatchObject({
      code: 'quota_exceeded',
      message: expect.stringMatching(/^quota reached: at most 3 jobs per 60 s per user; try again in (59|60) s$/),
    });
    await producer.enqueue('tokens', { text: 'someone else' }, { userId: 'polite' });
    expect(await producer.queue.getJobCountByTypes('waiting', 'prioritized')).toBe(4);
  });
});
