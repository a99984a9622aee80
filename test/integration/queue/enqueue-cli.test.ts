import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { bullConnection, QUEUE_NAME, type QueueConfig } from '../../../queue/queue-config.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { closeTo, deletePrefix, freshQueueConfig, testLogger } from '../../helpers/queue-harness.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

let config: QueueConfig;
let service: WorkerService;
beforeAll(async () => {
  config = freshQueueConfig();
  service = await startWorkerService({ queue: config, source: { model: FIXTURE_MODEL }, log: testLogger() });
});
afterAll(async () => {
  await service?.stop(10_000);
  await deletePrefix(config.prefix);
});

const queueArgs = () => ['--prefix', config.prefix, '--redis-url', config.redisUrl];

describe('hunt enqueue', () => {
  test('GIVEN `hunt enqueue complete --wait --json` THEN it prints what `hunt complete --json` computes', async () => {
    const result = await runCli(['enqueue', 'complete', 'Hello world', '--tokens', '4', '--top', '3', '--wait', '--json', ...queueArgs()]);
    expect(result.stderr).toBe('');
    const expected = await completeReport(await fixtureEngine(), 'Hello world', { tokens: 4, top: 3 });
    expect(closeTo(JSON.parse(result.stdout), expected)).toStrictEqual([]);
  });

  test('GIVEN `hunt enqueue tokens` without --wait THEN it prints the job id, and the same request again says it shares that job', async () => {
    const first = await runCli(['enqueue', 'tokens', 'one two three', ...queueArgs()]);
    expect(first.stdout).toMatch(/^tokens-[0-9a-f]{32}\n$/);
    const second = await runCli(['enqueue', 'tokens', 'one two three', ...queueArgs()]);
    expect(second.stdout).toBe(`${first.stdout.trim()} (an identical job was already queued: sharing its result)\n`);
  });

  test.each([
    ['a score job without answers', ['enqueue', 'score', 'Hi'], 'hunt: score job: answers: give at least one answer\n'],
    ['an unknown task', ['enqueue', 'evaluate', 'no-such-task'], expect.stringMatching(/^hunt: no built-in task "no-such-task" \(built-in: .*\); a task file must end in \.json, \.yaml or \.yml\n$/)],
    ['a text over 20,000 characters', ['enqueue', 'tokens', 'x'.repeat(20_001)], 'hunt: tokens job: text: the prompt is over 20000 characters\n'],
  ])('GIVEN `hunt enqueue` with %s THEN it fails with exit code 2 and one line, and queues nothing', async (_, args, stderr) => {
    const queue = new Queue(QUEUE_NAME, { connection: bullConnection(config), prefix: config.prefix });
    const before = await queue.getJobCountByTypes('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed');
    const result = await runCli([...args, ...queueArgs()]);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toStrictEqual({ code: 2, stdout: '', stderr });
    expect(await queue.getJobCountByTypes('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed')).toBe(before);
    await queue.close();
  });

  test('GIVEN Redis unreachable THEN `hunt enqueue` retries with backoff, one line per try, then gives up with one line', async () => {
    const result = await runCli(['enqueue', 'tokens', 'x', '--redis-url', 'redis://127.0.0.1:1'], { HUNT_CONNECT_ATTEMPTS: '2' });
    expect({ code: result.code, lines: result.stderr.trim().split('\n') }).toStrictEqual({
      code: 1,
      lines: [
        'hunt: Redis at redis://127.0.0.1:1 is unreachable (connect ECONNREFUSED 127.0.0.1:1); retrying in 500 ms (try 2 of 2)',
        'hunt: Redis at redis://127.0.0.1:1 is unreachable (connect ECONNREFUSED 127.0.0.1:1)',
      ],
    });
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
