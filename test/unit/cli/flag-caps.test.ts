import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { capTokens, capTop, checkSamplingFlags, maxWorkers } from '../../../cli/flag-caps.ts';
import { wholeNumber } from '../../../cli/options.ts';

describe('numeric flags have limits, and say when they apply', () => {
  test('GIVEN --top within the vocabulary THEN it is kept without a note; beyond it THEN every token is listed, with a note', () => {
    expect(capTop(10, 50_257)).toStrictEqual({ value: 10 });
    expect(capTop(50_257, 50_257)).toStrictEqual({ value: 50_257 });
    expect(capTop(100_000, 50_257)).toStrictEqual({ value: 50_257, note: 'note: --top 100000 is more than the vocabulary (50,257 tokens): listing all of them' });
  });

  test('GIVEN --tokens past the context THEN the continuation stops where the context ends, with a note saying where', () => {
    expect(capTokens(20, 15, 1024)).toStrictEqual({ value: 20 });
    expect(capTokens(1009, 15, 1024)).toStrictEqual({ value: 1009 });
    expect(capTokens(1_000_000_000, 15, 1024)).toStrictEqual({
      value: 1009,
      note: 'note: --tokens 1000000000 does not fit: the context holds 1,024 tokens and the prompt takes 15, so the continuation stops after 1,009',
    });
  });

  test('GIVEN a machine with 2 cores THEN at most 4 worker threads', () => {
    expect(maxWorkers(2)).toBe(4);
    expect(() => wholeNumber('workers', 1, maxWorkers(2), "twice this machine's 2 cores")('64')).toThrow("workers must be at most 4 (got 64): twice this machine's 2 cores.");
    expect(wholeNumber('workers', 1, maxWorkers(2))('4')).toBe(4);
  });

  const sampling = () =>
    new Command('complete')
      .exitOverride()
      .option('--sample')
      .option('--temperature <t>', 'temperature', Number, 1)
      .option('--seed <n>', 'seed', Number, 0)
      .action(() => {});

  test.each([
    [['--temperature', '2'], '--temperature only shapes sampling: add --sample (greedy decoding ignores it)'],
    [['--temperature', '2', '--seed', '3'], '--temperature and --seed only shape sampling: add --sample (greedy decoding ignores them)'],
  ])('GIVEN %j without --sample THEN it is an error that says to add --sample', (args, message) => {
    const command = sampling();
    command.parse(args, { from: 'user' });
    expect(() => checkSamplingFlags(command)).toThrow(message);
  });

  test('GIVEN --temperature with --sample, or neither flag THEN there is nothing to object to', () => {
    for (const args of [['--sample', '--temperature', '2'], []]) {
      const command = sampling();
      command.parse(args, { from: 'user' });
      expect(() => checkSamplingFlags(command)).not.toThrow();
    }
  });
});
