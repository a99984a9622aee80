import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { startHubMirror, type HubMirror } from '../../helpers/hub-mirror.ts';
import { closeTo, deletePrefix, freshQueueConfig, spawnWorker } from '../../helpers/queue-harness.ts';
import { hasStackTrace, runCli } from '../../helpers/run-cli.ts';

// The fixture, served in the hub's URL layout from 127.0.0.1, stands in for the hub: the same
// code path as `npx hunt complete …` downloading Xenova/gpt2, with no network.
const REPO = 'hunt-test/tiny-gpt2';
const scratch = mkdtempSync(path.join(tmpdir(), 'hunt-hub-'));
const cacheDir = path.join(scratch, 'cache');
let mirror: HubMirror;

beforeAll(async () => {
  mirror = await startHubMirror(REPO, FIXTURE_MODEL);
});
afterAll(async () => {
  await mirror?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const hubEnv = (endpoint: string, cache = cacheDir) => ({ HF_ENDPOINT: endpoint, HUNT_CACHE_DIR: cache, HUNT_MODEL: '' });
const completeArgs = ['complete', 'Hello world', '--model', REPO, '--tokens', '3', '--top', '3', '--json'];

describe('a hub model through HF_ENDPOINT (a local mirror)', () => {
  test('GIVEN an empty cache WHEN `hunt complete --model <hub id>` THEN it downloads the files, says so, and answers as the folder does', async () => {
    const result = await runCli(completeArgs, hubEnv(mirror.endpoint));
    expect(result.code).toBe(0);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(result.stderr).toContain(`hunt: downloading ${REPO}/${file} (`);
      expect(mirror.requests).toContain(`/${REPO}/resolve/main/${file}`);
    }
    const expected = { ...(await completeReport(await fixtureEngine(), 'Hello world', { tokens: 3, top: 3 })), model: REPO };
    expect(closeTo(JSON.parse(result.stdout), expected)).toStrictEqual([]);
  });

  test('GIVEN the same cache WHEN `hunt score --engine graph --model <hub id>` THEN only the graph\'s weights are downloaded', async () => {
    const before = mirror.requests.length;
    const result = await runCli(['score', 'Hello world', '-a', ' there', '--model', REPO, '--engine', 'graph', '--json'], hubEnv(mirror.endpoint));
    expect(result.code).toBe(0);
    expect(mirror.requests.slice(before)).toStrictEqual([`/${REPO}/resolve/main/model.safetensors`]);
    expect(JSON.parse(result.stdout).model).toBe(REPO);
  });

  test('GIVEN a filled cache and the mirror stopped THEN complete, score --engine graph and a worker all run from the cache', async () => {
    await mirror.close();
    const complete = await runCli(completeArgs, hubEnv(mirror.endpoint));
    expect({ code: complete.code, stderr: complete.stderr }).toStrictEqual({ code: 0, stderr: '' });
    const graph = await runCli(['score', 'Hello world', '-a', ' there', '--model', REPO, '--engine', 'graph', '--json'], hubEnv(mirror.endpoint));
    expect({ code: graph.code, stderr: graph.stderr }).toStrictEqual({ code: 0, stderr: '' });

    const config = freshQueueConfig();
    const worker = spawnWorker(config, ['--model', REPO], hubEnv(mirror.endpoint));
    try {
      await worker.waitForLog('worker ready');
      const queued = await runCli(['enqueue', 'tokens', 'Hello world', '--model', REPO, '--wait', '--json', '--prefix', config.prefix, '--redis-url', config.redisUrl], { HUNT_DEFAULT_MODEL: '' });
      expect(queued.stderr).toBe('');
      expect(JSON.parse(queued.stdout).model).toBe(REPO);
      // one line per finished job in the worker's log
      await worker.waitForLog('"msg":"job done"');
      expect(worker.logs()).toMatch(/"job":"tokens-[0-9a-f]{32}","kind":"tokens","ms":\d+.*"msg":"job done"/);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await deletePrefix(config.prefix);
    }
  });

  test.each([
    ['not-found', 2, `^hunt: the hub at http://127\\.0\\.0\\.1:\\d+ has no config\\.json in "${REPO}" \\(404\\): check the model id`],
    ['server-error', 1, `^hunt: the hub at http://127\\.0\\.0\\.1:\\d+ answered 500 Internal Server Error for ${REPO}/config\\.json; try again later`],
    ['hang', 1, `^hunt: no answer from the hub at http://127\\.0\\.0\\.1:\\d+ for ${REPO}/config\\.json within 1 s \\(HUNT_HUB_TIMEOUT\\)`],
  ] as const)('GIVEN a mirror that answers %s THEN one clear line and exit code %i', async (mode, code, line) => {
    const failing = await startHubMirror(REPO, FIXTURE_MODEL, mode);
    try {
      const result = await runCli(completeArgs, { ...hubEnv(failing.endpoint, path.join(scratch, `cache-${mode}`)), HUNT_HUB_TIMEOUT: '1' });
      expect({ code: result.code, stdout: result.stdout, lines: result.stderr.trim().split('\n').length }).toStrictEqual({ code, stdout: '', lines: 1 });
      expect(result.stderr).toMatch(new RegExp(line));
      expect(hasStackTrace(result.stderr)).toBe(false);
    } finally {
      await failing.close();
    }
  });
});
