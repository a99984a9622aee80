import { describe, expect, test } from 'vitest';
import { discoverCommand } from '../../../cli/commands/discover-command.ts';

describe('hunt discover flags', () => {
  test.each([
    [['--min-prob', '1.5'], 'min-prob must be a number > 0 and ≤ 1 (got "1.5")'],
    [['--min-prob', '0'], 'min-prob must be a number > 0 and ≤ 1 (got "0")'],
    [['--margin', '-1'], 'margin must be a number ≥ 0 and ≤ 50 (got "-1")'],
    [['--short-context', '0'], 'short-context must be a whole number ≥ 1 (got "0")'],
    [['--window', '1'], 'window must be a whole number ≥ 2 (got "1")'],
  ])('GIVEN %j THEN it fails before any work, saying what the flag takes', async (args, message) => {
    const errors: string[] = [];
    const command = discoverCommand()
      .exitOverride()
      .configureOutput({ writeErr: (text) => errors.push(text) });
    await expect(command.parseAsync(['--corpus', 'unused.txt', ...args], { from: 'user' })).rejects.toThrow(message);
    expect(errors.join('')).toContain(message);
  });
});
