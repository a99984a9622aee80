import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/run-cli.ts';

// Bad input to `hunt enqueue mine` is one line before Redis is asked anything: with no Redis
// at all (a closed port), the user still reads what to fix, never "not answering".
const dir = mkdtempSync(path.join(tmpdir(), 'hunt-enqueue-mine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'a.txt'), 'The Big Government Agency (BGA) said so.\n');
const NO_REDIS = ['--redis-url', 'redis://127.0.0.1:1', '--prefix', 'hunt-test-no-redis'];

describe('hunt enqueue mine with bad input and no Redis', () => {
  it.each([
    ['--out without --wait', ['--out', path.join(dir, 'out.jsonl')], /^hunt: --out is written by this command when the merged report arrives: give --wait too/],
    ['--out in a folder that does not exist', ['--wait', '--out', path.join(dir, 'missing', 'out.jsonl')], /^hunt: .*--out/],
    ['--sample without --out', ['--sample', '5'], /^hunt: --sample picks the instances written to --out: give --out too/],
    ['a corpus that is not there', ['--corpus-override'], /^hunt: /],
  ])('GIVEN %s THEN it exits 2 with one line naming the fix, not an outage', async (_, extra, message) => {
    const corpus = extra[0] === '--corpus-override' ? path.join(dir, 'nothing-here') : dir;
    const args = extra[0] === '--corpus-override' ? [] : extra;
    const result = await runCli(['enqueue', 'mine', 'acronym', '--corpus', corpus, ...args, ...NO_REDIS], { HUNT_CONNECT_ATTEMPTS: '1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/not answering|unavailable|ECONNREFUSED/i);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(result.stderr)).toBe(false);
  }, 30_000);
});
