import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openCatalog } from '../../../catalog/open-catalog.ts';
import { runCli } from '../../helpers/run-cli.ts';

const root = mkdtempSync(path.join(tmpdir(), 'hunt-pglite-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the embedded database folder', () => {
  test('GIVEN a process holding the folder THEN `hunt catalog list` in another is refused with one line naming it, before touching the folder', async () => {
    const catalog = await openCatalog({ pgliteDir: path.join(root, 'pglite') }, {});
    try {
      const second = await runCli(['catalog', 'list'], { HUNT_DATA_DIR: root, DATABASE_URL: undefined });
      // before: the second process opened the folder too (and a fresh folder was left unopenable)
      expect({ code: second.code, stderr: second.stderr }).toStrictEqual({
        code: 2,
        stderr: `hunt: the embedded database folder ${path.join(root, 'pglite')} is in use by another hunt process (pid ${process.pid}); stop it, give this one another HUNT_DATA_DIR, or share a PostgreSQL server with DATABASE_URL\n`,
      });
      await expect(catalog.repo.list()).resolves.toStrictEqual([]);
    } finally {
      await catalog.close();
    }
    expect(existsSync(path.join(root, 'pglite.lock'))).toBe(false);
  }, 60_000);
});
