import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { lockPgliteFolder } from '../../../catalog/pglite-folder-lock.ts';

const root = mkdtempSync(path.join(tmpdir(), 'hunt-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the PGlite folder lock', () => {
  test('GIVEN a folder locked by a live process THEN a second lock is refused naming the pid, and released the file is gone', () => {
    const dir = path.join(root, 'a');
    const lock = lockPgliteFolder(dir);
    expect(readFileSync(`${dir}.lock`, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    expect(() => lockPgliteFolder(dir)).toThrow(`the embedded database folder ${dir} is in use by another hunt process (pid ${process.pid})`);
    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockPgliteFolder(dir).release();
  });

  test('GIVEN a lock whose process has died THEN it is taken over', () => {
    const dir = path.join(root, 'b');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(`${dir}.lock`, `${dead} ${hostname()}\n`);
    const lock = lockPgliteFolder(dir);
    expect(readFileSync(`${dir}.lock`, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    lock.release();
  });

  test('GIVEN a lock held on another host THEN it is refused naming the host (a shared volume)', () => {
    const dir = path.join(root, 'c');
    writeFileSync(`${dir}.lock`, `1 other-host\n`);
    expect(() => lockPgliteFolder(dir)).toThrow('is in use by another hunt process (pid 1 on other-host)');
  });
});
