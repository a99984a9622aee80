import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadHubFiles, hubEndpoint } from '../../../models/hub-download.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { startHubMirror, type HubMirror } from '../../helpers/hub-mirror.ts';

// In-process downloads from a local mirror: the wording of each failure, and that none of them
// takes the process down. (hub-mirror.test.ts runs the CLI itself against the same mirror.)
const REPO = 'hunt-test/tiny-gpt2';
const FILES = [{ path: 'config.json', required: true }];
const scratch = mkdtempSync(path.join(tmpdir(), 'hunt-hub-errors-'));
let mirror: HubMirror;

beforeAll(async () => {
  mirror = await startHubMirror(REPO, FIXTURE_MODEL);
});
afterAll(async () => {
  await mirror?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const freshCache = (name: string) => path.join(scratch, name);

describe('HF_ENDPOINT that is not a URL', () => {
  test.each(['mirror.local:8080', 'huggingface.co', 'ftp://mirror.local'])('GIVEN HF_ENDPOINT=%s THEN it is a configuration error that names the variable, not an outage', (value) => {
    expect(() => hubEndpoint({ HF_ENDPOINT: value })).toThrow(expect.objectContaining({ code: 'bad_option', permanent: true, message: expect.stringMatching(/^HF_ENDPOINT must be the hub's base URL, http:\/\/ or https:\/\/ .*; got "/) }));
  });

  test('GIVEN http(s) URLs, with or without a trailing slash, or none set THEN they are used as given', () => {
    expect(hubEndpoint({ HF_ENDPOINT: 'http://mirror.local:8080/' })).toBe('http://mirror.local:8080');
    expect(hubEndpoint({ HF_ENDPOINT: 'https://hf-mirror.com' })).toBe('https://hf-mirror.com');
    expect(hubEndpoint({})).toBe('https://huggingface.co');
  });

  test('GIVEN a bad endpoint WHEN a file must be downloaded THEN that line, and no request', async () => {
    const before = mirror.requests.length;
    await expect(downloadHubFiles({ repo: REPO, files: FILES, cacheDir: freshCache('bad-endpoint'), endpoint: mirror.endpoint.replace('http://', '') })).rejects.toMatchObject({
      code: 'bad_option',
      message: expect.stringContaining('HF_ENDPOINT must be'),
    });
    expect(mirror.requests.length).toBe(before);
  });

  test('GIVEN a bad endpoint WHEN every file is cached THEN the model still loads: nothing is asked of the hub', async () => {
    const cacheDir = freshCache('cached');
    mkdirSync(path.join(cacheDir, REPO), { recursive: true });
    writeFileSync(path.join(cacheDir, REPO, 'config.json'), '{}');
    await expect(downloadHubFiles({ repo: REPO, files: FILES, cacheDir, endpoint: 'not a url' })).resolves.toBe(path.join(cacheDir, REPO));
  });
});

describe('the hub refusing a repository', () => {
  test.each([
    ['no-repo', undefined, /^the hub at http:\/\/127\.0\.0\.1:\d+ has no model "hunt-test\/tiny-gpt2" it will show \(401\): not found or private: check the id, or set HF_TOKEN if it is private$/],
    ['no-repo', 'hf_x', /\(401\): not found or private: check the id, or that HF_TOKEN has access to it$/],
    ['gated', undefined, /^"hunt-test\/tiny-gpt2" on the hub at http:\/\/127\.0\.0\.1:\d+ is gated \(401\): accept its terms on the model's page, then set HF_TOKEN/],
  ] as const)('GIVEN a mirror answering as the hub does for %s (token %s) THEN the line says what to check', async (mode, token, line) => {
    const refusing = await startHubMirror(REPO, FIXTURE_MODEL, mode);
    try {
      await expect(downloadHubFiles({ repo: REPO, files: FILES, cacheDir: freshCache(`${mode}-${token}`), endpoint: refusing.endpoint, token })).rejects.toMatchObject({
        code: 'model_load_failed',
        message: expect.stringMatching(line),
      });
    } finally {
      await refusing.close();
    }
  });
});

describe('a model cache that cannot be written', () => {
  test('GIVEN a cache folder under a file THEN one line naming the folder and --cache-dir, and nothing fetched', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const before = mirror.requests.length;
    await expect(downloadHubFiles({ repo: REPO, files: FILES, cacheDir: path.join(file, 'cache'), endpoint: mirror.endpoint })).rejects.toMatchObject({
      code: 'model_load_failed',
      message: expect.stringMatching(/^cannot write the model cache at .*a-file\/cache\/hunt-test\/tiny-gpt2 \(ENOTDIR: .*\): set --cache-dir \(or HUNT_CACHE_DIR\) to a writable folder$/),
    });
    expect(mirror.requests.length - before).toBeLessThanOrEqual(1);
  });

  test('GIVEN a disk that fills up while writing (the part file is /dev/full) THEN one line saying so, the process goes on, and no file is left', async () => {
    const cacheDir = freshCache('full');
    const folder = path.join(cacheDir, REPO);
    mkdirSync(folder, { recursive: true });
    // downloadHubFiles writes <file>.<pid>.part, then renames it
    symlinkSync('/dev/full', path.join(folder, `config.json.${process.pid}.part`));
    await expect(downloadHubFiles({ repo: REPO, files: FILES, cacheDir, endpoint: mirror.endpoint })).rejects.toMatchObject({
      code: 'model_load_failed',
      message: expect.stringMatching(/^cannot write the model cache at .*\/full\/hunt-test\/tiny-gpt2 \(ENOSPC: .*\): free some space, or set --cache-dir/),
    });
    expect(existsSync(path.join(folder, 'config.json'))).toBe(false);
    expect(readdirSync(folder)).toStrictEqual([]);
  });
});
