import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshCatalog, TEST_DATABASE_URL, type TestCatalog } from '../../helpers/catalog-db.ts';
import { BIN, hasStackTrace } from '../../helpers/run-cli.ts';

let catalog: TestCatalog;
beforeAll(async () => {
  catalog = await freshCatalog('postgres');
});
afterAll(async () => catalog?.cleanup());

it('GIVEN hunt serve on a free port WHEN pages are asked for THEN it answers them, and it stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--public-url', 'https://hunt.example.org'], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, HUNT_DB_SCHEMA: catalog.schema, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /pages at https:\/\/hunt\.example\.org \(listening on (http:\/\/127\.0\.0\.1:\d+)\)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`hunt serve exited: ${stderr}`)));
  });
  expect(stderr).toContain(`schema ${catalog.schema}`);
  const home = await fetch(`${url}/`);
  expect([home.status, await home.text()]).toStrictEqual([200, expect.stringContaining('Nothing shared yet')]);
  const missing = await fetch(`${url}/r/0123456789abcdef0123`);
  expect([missing.status, await missing.text()]).toStrictEqual([404, expect.stringContaining('No result has the id 0123456789abcdef0123')]);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(hasStackTrace(stderr)).toBe(false);
});
