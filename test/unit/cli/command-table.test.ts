import { describe, expect, test } from 'vitest';
import { COMMAND_TABLE } from '../../../cli/command-table.ts';
import { buildProgram } from '../../../cli/main.ts';

describe('the lazily loaded command table', () => {
  test.each(COMMAND_TABLE.map((entry) => [entry.name, entry] as const))('GIVEN `%s` THEN the line `hunt --help` lists is the loaded command\'s own name, description and usage', async (_, entry) => {
    const command = await entry.load();
    expect({ name: command.name(), description: command.description(), usage: command.usage() }).toStrictEqual({
      name: entry.name,
      description: entry.description,
      usage: entry.usage,
    });
  });

  test('GIVEN `hunt complete …` THEN only complete is loaded; the others are placeholders without options', async () => {
    const program = await buildProgram(['node', 'hunt', 'complete', 'Hi', '--top', '3']);
    const optionsOf = (name: string) => program.commands.find((c) => c.name() === name)!.options.map((o) => o.long);
    expect(optionsOf('complete')).toContain('--top');
    expect(optionsOf('score')).toStrictEqual([]);
  });

  test('GIVEN `hunt help score` THEN score is loaded, so its help lists its options', async () => {
    const program = await buildProgram(['node', 'hunt', 'help', 'score']);
    expect(program.commands.find((c) => c.name() === 'score')!.options.map((o) => o.long)).toContain('--answer');
  });
});
