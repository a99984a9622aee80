import { Command, CommanderError } from 'commander';
import { describeError, HuntError } from '../common/errors.ts';
import { ablateCommand } from './commands/ablate-command.ts';
import { attentionCommand } from './commands/attention-command.ts';
import { botCommand } from './commands/bot-command.ts';
import { catalogCommand } from './commands/catalog-command.ts';
import { completeCommand } from './commands/complete-command.ts';
import { enqueueCommand } from './commands/enqueue-command.ts';
import { evalCommand } from './commands/eval-command.ts';
import { headScoresCommand } from './commands/head-scores-command.ts';
import { headsCommand } from './commands/heads-command.ts';
import { lensCommand } from './commands/lens-command.ts';
import { mineCommand } from './commands/mine-command.ts';
import { patchCommand } from './commands/patch-command.ts';
import { pathPatchCommand } from './commands/path-patch-command.ts';
import { registerCommandsCommand } from './commands/register-commands-command.ts';
import { scoreCommand } from './commands/score-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { tokensCommand } from './commands/tokens-command.ts';
import { workerCommand } from './commands/worker-command.ts';

/** Every `hunt` subcommand, wired explicitly so a reader can follow each one with grep. */
const COMMANDS: (() => Command)[] = [completeCommand, scoreCommand, tokensCommand, evalCommand, attentionCommand, headsCommand, headScoresCommand, lensCommand, patchCommand, pathPatchCommand, ablateCommand, mineCommand, workerCommand, enqueueCommand, catalogCommand, botCommand, registerCommandsCommand, serveCommand];

const IOI = 'When John and Mary went to the store, Mary gave a flower to';

const EXAMPLES = `
Examples:
  hunt complete "${IOI}"
  hunt score "${IOI}" -a " John" -a " Mary"
  hunt eval --list
  hunt eval ioi --n 100
  hunt mine acronym --corpus owt.jsonl.gz --out instances.jsonl

Model commands fetch GPT-2 small (Xenova/gpt2) from the Hugging Face hub once; --model <folder>
(or HUNT_MODEL) runs a local copy. "hunt <command> --help" lists a command's options.
HUNT_DEBUG=1 adds the stack trace to an unexpected error.`;

export function buildProgram(): Command {
  const program = new Command('hunt')
    .description('Find behaviours GPT-2 small implements: score prompts, evaluate heuristic tasks, share a catalog.')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const make of COMMANDS) program.addCommand(make().exitOverride());
  return program;
}

/**
 * A reader that stops early (`hunt tokens … --json | head`) closes the pipe: stop quietly,
 * as Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') process.stderr.write(`hunt: cannot write the output (${err.code ?? err.message})\n`);
  process.exit(err.code === 'EPIPE' ? 0 : 1);
}

/** Run the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  process.stdout.on('error', onStdoutError);
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
