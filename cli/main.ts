import { Command, CommanderError } from 'commander';
import { describeError, HuntError } from '../common/errors.ts';
import { attentionCommand } from './commands/attention-command.ts';
import { botCommand } from './commands/bot-command.ts';
import { catalogCommand } from './commands/catalog-command.ts';
import { completeCommand } from './commands/complete-command.ts';
import { enqueueCommand } from './commands/enqueue-command.ts';
import { evalCommand } from './commands/eval-command.ts';
import { headsCommand } from './commands/heads-command.ts';
import { mineCommand } from './commands/mine-command.ts';
import { registerCommandsCommand } from './commands/register-commands-command.ts';
import { scoreCommand } from './commands/score-command.ts';
import { tokensCommand } from './commands/tokens-command.ts';
import { workerCommand } from './commands/worker-command.ts';

/** Every `hunt` subcommand, wired explicitly so a reader can follow each one with grep. */
const COMMANDS: (() => Command)[] = [completeCommand, scoreCommand, tokensCommand, evalCommand, attentionCommand, headsCommand, mineCommand, workerCommand, enqueueCommand, catalogCommand, botCommand, registerCommandsCommand];

export function buildProgram(): Command {
  const program = new Command('hunt')
    .description('Find behaviours GPT-2 small implements: score prompts, evaluate heuristic tasks, share a catalog.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const make of COMMANDS) program.addCommand(make().exitOverride());
  return program;
}

/** Run the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its one-line message (or the help text)
      return err.exitCode === 0 ? 0 : err.exitCode || 2;
    }
    process.stderr.write(`hunt: ${describeError(err)}\n`);
    if (process.env.HUNT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return err instanceof HuntError && err.permanent ? 2 : 1;
  }
}
