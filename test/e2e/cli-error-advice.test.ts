import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cudaProviderPath } from '../../models/cuda-provider.ts';
import { FIXTURE_MODEL } from '../helpers/fixture-model.ts';
import { TEST_REDIS_URL } from '../helpers/queue-harness.ts';
import { hasStackTrace, runCli } from '../helpers/run-cli.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'hunt-advice-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('errors give the fix for their cause, in one line', () => {
  test('GIVEN --dtype fp16 on a folder with only the fp32 export THEN it says which --dtype the folder has, not generic folder advice', async () => {
    const result = await runCli(['complete', 'Hi', '--model', FIXTURE_MODEL, '--dtype', 'fp16']);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `hunt: model folder ${FIXTURE_MODEL} has no fp16 export (onnx/model_fp16.onnx): use --dtype fp32 (what it has), or add onnx/model_fp16.onnx to it\n`,
    });
  });

  test.skipIf(cudaProviderPath() !== undefined && existsSync(cudaProviderPath()!))(
    'GIVEN --device cuda without onnxruntime-node\'s CUDA provider THEN one line says how to install it, with no native log',
    async () => {
      const result = await runCli(['complete', 'Hi', '--model', FIXTURE_MODEL, '--device', 'cuda']);
      expect({ code: result.code, stdout: result.stdout, lines: result.stderr.trim().split('\n').length }).toStrictEqual({ code: 2, stdout: '', lines: 1 });
      expect(result.stderr).toMatch(/^hunt: --device cuda: onnxruntime-node's CUDA provider is not installed .*`ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci`.*drop --device cuda/);
    },
  );

  test('GIVEN --database-url "not a url" THEN it fails at once, without connection retries', async () => {
    const result = await runCli(['catalog', 'list', '--database-url', 'not a url'], { HUNT_CONNECT_ATTEMPTS: '6' });
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: 'hunt: --database-url must be a postgres:// URL, e.g. postgres://127.0.0.1:5432/hunt (got "not a url")\n',
    });
  });

  test('GIVEN --temperature without --sample THEN it is refused before any model loads', async () => {
    const result = await runCli(['complete', 'Hi', '--model', FIXTURE_MODEL, '--temperature', '0.7']);
    expect({ code: result.code, stderr: result.stderr }).toStrictEqual({ code: 2, stderr: 'hunt: --temperature only shapes sampling: add --sample (greedy decoding ignores it)\n' });
  });

  test('GIVEN a bot whose login fails (a made-up token; Discord out of reach here) THEN one line says why and the process exits non-zero', async () => {
    const result = await runCli(['bot'], {
      DISCORD_TOKEN: 'not-a-real-token',
      DISCORD_APP_ID: '123456789012345678',
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: '',
      HUNT_DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(hasStackTrace(result.stderr)).toBe(false);
    // With a network Discord refuses the token; without one it cannot be reached: either is one line with its fix.
    const last = result.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^hunt: (Discord refused DISCORD_TOKEN \(.+\): copy the token again|cannot reach Discord \(.+\): check this machine's network)/);
  });
});
