import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tokensReport } from '../../../reports/tokens-report.ts';
import { DEFAULT_MODEL } from '../../../models/model-source.ts';
import type { QueueConfig } from '../../../queue/queue-config.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { closeTo, deletePrefix, freshQueueConfig, testLogger } from '../../helpers/queue-harness.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

// As the README runs it: the default model stays GPT-2 small, and a worker serves the
// fixture folder, so its jobs go to the fixture's own queue (model@local%3Atiny-gpt2).
let config: QueueConfig;
let service: WorkerService;
const relativeFixture = path.relative(process.cwd(), FIXTURE_MODEL);
beforeAll(async () => {
  config = { ...freshQueueConfig(), defaultModel: DEFAULT_MODEL };
  service = await startWorkerService({ queue: config, source: { model: relativeFixture }, log: testLogger() });
});
afterAll(async () => {
  await service?.stop(10_000);
  await deletePrefix(config.prefix);
});

const queueArgs = () => ['--prefix', config.prefix, '--redis-url', config.redisUrl];
const env = { HUNT_DEFAULT_MODEL: '', HUNT_MODEL: '' };

describe('hunt enqueue --model and hunt result', () => {
  test('GIVEN a worker started with --model <folder> WHEN `hunt enqueue … --model <the same folder> --wait` THEN that worker answers it', async () => {
    expect(service.worker.queueName).toBe('model@local%3Atiny-gpt2');
    const result = await runCli(['enqueue', 'tokens', 'one two three', '--model', relativeFixture, '--wait', '--json', ...queueArgs()], env);
    expect(result.stderr).toBe('');
    expect(closeTo(JSON.parse(result.stdout), await tokensReport(await fixtureEngine(), 'one two three'))).toStrictEqual([]);
  });

  test('GIVEN no worker on the queue WHEN `hunt enqueue --wait` THEN it says so within seconds, naming the queue and the worker command that serves it', async () => {
    const started = Date.now();
    const result = await runCli(['enqueue', 'tokens', 'nobody home', '--model', 'Xenova/gpt2-medium', '--wait', ...queueArgs()], env);
    const seconds = (Date.now() - started) / 1000;
    const lines = result.stderr.trim().split('\n');
    expect({ code: result.code, stdout: result.stdout, lines: lines.length }).toStrictEqual({ code: 1, stdout: '', lines: 1 });
    expect(lines[0]).toMatch(
      new RegExp(
        `^hunt: no worker serves the queue model@Xenova%2Fgpt2-medium \\(model Xenova/gpt2-medium\\); start one with \`hunt worker --model Xenova/gpt2-medium --redis-url ${config.redisUrl.replace(/[./]/g, '\\$&')} --prefix ${config.prefix}\`\\. Job (tokens-[0-9a-f]{32}) stays queued: \`hunt result \\1\` prints it once a worker has run it$`,
      ),
    );
    // far below the 300 s default timeout: the 3 s grace plus one process start on a busy machine
    expect(seconds).toBeLessThan(60);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('GIVEN a job enqueued without --wait WHEN `hunt result <id> --wait --json` THEN it prints the result, found by the id alone', async () => {
    const enqueued = await runCli(['enqueue', 'tokens', 'four five six', '--model', relativeFixture, ...queueArgs()], env);
    const id = enqueued.stdout.trim();
    expect(id).toMatch(/^tokens-[0-9a-f]{32}$/);
    const result = await runCli(['result', id, '--wait', '--json', ...queueArgs()], env);
    expect(result.stderr).toBe('');
    expect(closeTo(JSON.parse(result.stdout), await tokensReport(await fixtureEngine(), 'four five six'))).toStrictEqual([]);
    const text = await runCli(['result', id, '--model', 'local:tiny-gpt2', ...queueArgs()], env);
    expect(text.stdout).toContain('Model: local:tiny-gpt2');
  });

  test('GIVEN a job that is still queued WHEN `hunt result <id>` THEN one line says it has no result yet', async () => {
    await runCli(['enqueue', 'tokens', 'queued forever', '--model', 'Xenova/gpt2-large', ...queueArgs()], env);
    const ids = await runCli(['enqueue', 'tokens', 'queued forever', '--model', 'Xenova/gpt2-large', '--json', ...queueArgs()], env);
    const { id } = JSON.parse(ids.stdout) as { id: string };
    const result = await runCli(['result', id, ...queueArgs()], env);
    expect({ code: result.code, stderr: result.stderr }).toStrictEqual({
      code: 1,
      stderr: `hunt: job ${id} (tokens, model Xenova/gpt2-large) has no result yet: it is prioritized; --wait waits for it\n`,
    });
  });

  test('GIVEN an id no queue holds WHEN `hunt result` THEN it fails with exit code 2 and one line', async () => {
    const result = await runCli(['result', 'tokens-0000', ...queueArgs()], env);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `hunt: no job tokens-0000 on any queue under prefix "${config.prefix}" (finished jobs are kept 1 h, failed ones 24 h)\n`,
    });
  });
});
