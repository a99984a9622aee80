import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { discoverCommand, shardSpec } from '../../../cli/subcommands/discover-command.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-discover-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `hunt discover` in process with these flags; commander's own errors are caught as its messages. */
async function run(args: string[]): Promise<void> {
  const command = discoverCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  await command.parseAsync(args, { from: 'user' });
}

describe('hunt discover flags', () => {
  test.each([
    [['--min-prob', '1.5'], 'min-prob must be a number > 0 and ≤ 1 (got "1.5")'],
    [['--min-prob', '0'], 'min-prob must be a number > 0 and ≤ 1 (got "0")'],
    [['--margin', '-1'], 'margin must be a number ≥ 0 and ≤ 50 (got "-1")'],
    [['--short-context', '0'], 'short-context must be a whole number ≥ 1 (got "0")'],
    [['--window', '1'], 'window must be a whole number ≥ 2 (got "1")'],
    [['--shard', '4/4'], 'shard must be i/n with 0 ≤ i < n, e.g. 0/4 (got "4/4")'],
    [['--n-docs', '1000000'], 'n-docs must be at most 20,000 (got 1000000): each document is kept in memory with its n-gram counts.'],
  ])('GIVEN %j THEN it fails before any work, saying what the flag takes', async (args, message) => {
    await expect(run(['--corpus', 'unused.txt', ...args])).rejects.toThrow(message);
  });

  test('GIVEN a shard as i/n THEN it reads as index and count', () => {
    expect(shardSpec('2/5')).toStrictEqual({ index: 2, count: 5 });
  });

  test.each([
    [[], 'give either --corpus (a scan) or --merge (the partial results of a sharded scan)'],
    [['--corpus', 'a.txt', '--merge', 'p.json'], 'give either --corpus (a scan) or --merge (the partial results of a sharded scan)'],
  ])('GIVEN %j THEN it says to give a corpus or partial results', async (args, message) => {
    await expect(run(args)).rejects.toThrow(message);
  });

  test('GIVEN --merge of a file that is not a partial result THEN one line names the file and what is wrong', async () => {
    const file = path.join(dir, 'report.json');
    writeFileSync(file, JSON.stringify({ candidates: [] }));
    await expect(run(['--merge', file])).rejects.toThrow(new RegExp(`^--merge ${file} is not a partial result of hunt discover --partial-out: kind: `));
  });
});
