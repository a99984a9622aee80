import { hostname } from 'node:os';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ScoringEngine } from '../../../models/scoring-engine.ts';
import { JobProducer } from '../../../queue/job-producer.ts';
import { QueueEventsResults } from '../../../queue/job-results.ts';
import { parseJob, type EvaluateJobData } from '../../../queue/job-schemas.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { QUEUE_NAME, type QueueConfig } from '../../../queue/queue-config.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';
import { hasStackTrace } from '../../helpers/run-cli.ts';
import { alive, closeTo, completedEvents, deletePrefix, eventually, freshQueueConfig, spawnWorker, type WorkerProcess } from '../../helpers/queue-harness.ts';

/**
 * A job that runs for several seconds on the fixture model, so signals land mid-run: an
 * evaluation of the e-mail task, whose many long answers make it the slowest built-in
 * (scoring itself got too fast for a `complete` job to be reliably slow).
 */
const SLOW: EvaluateJobData = (() => {
  const parsed = parseJob('evaluate', { task: { builtin: 'email-address' }, n: 80, seed: 0 });
  if (!parsed.ok || parsed.job.name !== 'evaluate') throw new Error('bad fixture job');
  return parsed.job.data;
})();
/** Short locks so a dead worker's job comes back in seconds (renewal keeps live ones). */
const FAST_RECOVERY = ['--lock-duration', '2000', '--stalled-interval', '500'];

let engine: ScoringEngine;
let expectedSlow: unknown;
beforeAll(async () => {
  engine = await fixtureEngine();
  expectedSlow = { report: await evaluateTask(engine, findBuiltinTask('email-address')!, { n: 80, seed: 0 }) };
}, 120_000);

interface Harness {
  config: QueueConfig;
  producer: JobProducer;
  results: QueueEventsResults;
  workers: WorkerProcess[];
}
const harnesses: Harness[] = [];
async function harness(): Promise<Harness> {
  const config = freshQueueConfig();
  const h = { config, producer: new JobProducer(config), results: new QueueEventsResults(config), workers: [] };
  harnesses.push(h);
  await h.results.ready();
  return h;
}
function worker(h: Harness, args: string[] = []): WorkerProcess {
  const w = spawnWorker(h.config, [...FAST_RECOVERY, ...args]);
  h.workers.push(w);
  return w;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    for (const w of h.workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(h.workers.map((w) => w.exited));
    await h.results.close();
    await h.producer.close();
    await deletePrefix(h.config.prefix);
  }
});

function modelPidOf(w: WorkerProcess): number {
  const match = /"modelPid":(\d+)/.exec(w.logs());
  if (!match) throw new Error(`no modelPid in the worker's log:\n${w.logs()}`);
  return Number(match[1]);
}

async function stateOf(h: Harness, id: string): Promise<string> {
  return (await h.producer.queue.getJobState(id)) as string;
}

describe('worker processes', () => {
  test('GIVEN a worker SIGKILLed mid-job THEN another worker completes the job, and its result is recorded exactly once', async () => {
    const h = await harness();
    const a = worker(h);
    await a.waitForLog('worker ready');
    const modelPid = modelPidOf(a);
    const job = await h.producer.enqueue('evaluate', SLOW, { userId: 'u' });
    // The model host has the batch: killed now, the job is mid-run (its result comes only after "batch done").
    await a.waitForLog('"msg":"batch started"');
    expect(await stateOf(h, job.id)).toBe('active');

    a.child.kill('SIGKILL');
    expect(await a.exited).toStrictEqual({ code: null, signal: 'SIGKILL' });
    expect(a.logs()).not.toContain('"msg":"batch done"');
    await eventually(async () => !alive(modelPid), 10_000); // its model process goes too: no orphan burning CPU

    const b = worker(h);
    const outcome = await h.results.wait(job.id, 'evaluate', 120_000);
    expect(outcome.status).toBe('completed');
    expect(outcome.status === 'completed' && closeTo({ report: outcome.result.report }, expectedSlow)).toStrictEqual([]);
    // the result names the worker that computed it: b, not the dead a
    expect(outcome.status === 'completed' && outcome.result.provenance?.computed_by).toBe(`worker ${hostname()}:${/"pid":(\d+)/.exec(b.logs())?.[1]}`);
    expect(await completedEvents(h.config.prefix, QUEUE_NAME, job.id)).toBe(1);
    const stored = await h.producer.queue.getJob(job.id);
    expect({ stalledCounter: stored!.stalledCounter, attemptsMade: stored!.attemptsMade, attemptsStarted: stored!.attemptsStarted }).toStrictEqual({
      stalledCounter: 1,
      attemptsMade: 1,
      attemptsStarted: 2,
    });
    expect(b.logs()).toContain('"kind":"evaluate","jobs":1'); // b is the worker that ran it
    expect(b.logs()).not.toContain('could not record a result');
  });

  test('GIVEN SIGTERM while a job runs THEN the worker finishes it, takes nothing new, exits 0, and the waiting jobs stay for others', async () => {
    const h = await harness();
    const a = worker(h, ['--shutdown-deadline', '120']);
    await a.waitForLog('worker ready');
    const slow = await h.producer.enqueue('evaluate', SLOW, { userId: 'u' });
    await eventually(async () => (await stateOf(h, slow.id)) === 'active');
    const quick = await Promise.all([1, 2, 3].map((i) => h.producer.enqueue('tokens', { text: `quick job ${i}` }, { userId: 'u' })));

    a.child.kill('SIGTERM');
    expect(await a.exited).toStrictEqual({ code: 0, signal: null });
    expect(await stateOf(h, slow.id)).toBe('completed');
    expect(await Promise.all(quick.map((q) => stateOf(h, q.id)))).toStrictEqual(['prioritized', 'prioritized', 'prioritized']);
    expect(a.logs()).toContain('"handedBack":0');
    expect(hasStackTrace(a.logs())).toBe(false);

    worker(h);
    const outcomes = await Promise.all(quick.map((q) => h.results.wait(q.id, 'tokens', 60_000)));
    expect(outcomes.map((o) => o.status)).toStrictEqual(['completed', 'completed', 'completed']);
    for (const id of [slow.id, ...quick.map((q) => q.id)]) expect(await completedEvents(h.config.prefix, QUEUE_NAME, id)).toBe(1);
  });

  test('GIVEN SIGTERM with a deadline shorter than the running job THEN the job is handed back untouched and another worker completes it', async () => {
    const h = await harness();
    const a = worker(h, ['--shutdown-deadline', '0.5']);
    await a.waitForLog('worker ready');
    const job = await h.producer.enqueue('evaluate', SLOW, { userId: 'u' });
    await eventually(async () => (await stateOf(h, job.id)) === 'active');

    const started = Date.now();
    a.child.kill('SIGTERM');
    expect(await a.exited).toStrictEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(a.logs()).toContain('"handedBack":1');
    const handedBack = await h.producer.queue.getJob(job.id);
    expect({ state: await handedBack!.getState(), attemptsMade: handedBack!.attemptsMade }).toStrictEqual({ state: 'prioritized', attemptsMade: 0 });

    worker(h);
    const outcome = await h.results.wait(job.id, 'evaluate', 120_000);
    expect(outcome.status === 'completed' && closeTo({ report: outcome.result.report }, expectedSlow)).toStrictEqual([]);
    expect(await completedEvents(h.config.prefix, QUEUE_NAME, job.id)).toBe(1);
  });

  test('GIVEN HUNT_SHUTDOWN_DEADLINE that is not a number THEN the worker refuses it in one line before connecting, instead of running with NaN', async () => {
    const h = await harness();
    const w = spawnWorker({ ...h.config, redisUrl: 'redis://127.0.0.1:1' }, [], { HUNT_SHUTDOWN_DEADLINE: 'soon' });
    h.workers.push(w);
    expect(await w.exited).toStrictEqual({ code: 1, signal: null });
    expect(w.logs()).toBe(`error: option '--shutdown-deadline <s>' value 'soon' from env 'HUNT_SHUTDOWN_DEADLINE' is invalid. shutdown deadline must be a number > 0 (got "soon").\n`);
  });

  test('GIVEN Redis unreachable at start THEN the worker says so in one line per try and keeps retrying, without stack traces', async () => {
    const h = await harness();
    const w = spawnWorker({ ...h.config, redisUrl: 'redis://127.0.0.1:1' });
    h.workers.push(w);
    await w.waitForLog('(try 3)', 20_000);
    expect(w.child.exitCode).toBe(null);
    const lines = w.logs().trim().split('\n');
    expect(lines[0]).toBe('hunt: Redis at redis://127.0.0.1:1 is unreachable (connect ECONNREFUSED 127.0.0.1:1); retrying in 500 ms (try 2)');
    expect(lines[1]).toBe('hunt: Redis at redis://127.0.0.1:1 is unreachable (connect ECONNREFUSED 127.0.0.1:1); retrying in 1 s (try 3)');
    expect(hasStackTrace(w.logs())).toBe(false);
  });
});
