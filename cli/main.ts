import { Command, CommanderError } from 'commander';
import { describeError, HuntError } from '../common/errors.ts';
import { COMMAND_TABLE, type CommandEntry } from './command-table.ts';

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

/** A stand-in listed by `hunt --help`: the real command loads only when it runs. */
function placeholder(entry: CommandEntry): Command {
  return new Command(entry.name).description(entry.description).usage(entry.usage);
}

/**
 * The program for these arguments: the subcommand named in `argv` loaded for real, every
 * other one a placeholder (enough for the command list and "did you mean …?").
 * `loadAll` loads every command (tests; the README's command table).
 */
export async function buildProgram(argv: readonly string[] = [], { loadAll = false }: { loadAll?: boolean } = {}): Promise<Command> {
  const program = new Command('hunt')
    .description('Find behaviours GPT-2 small implements: score prompts, evaluate heuristic tasks, share a catalog.')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    // A placeholder knows its usage, not its options and arguments: list every command by its usage.
    .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}` })
    .exitOverride();
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  // `hunt help <command>` shows that command's help: load it too.
  const named = words[0] === 'help' ? words[1] : words[0];
  for (const entry of COMMAND_TABLE) {
    const command = loadAll || entry.name === named ? await entry.load() : placeholder(entry);
    program.addCommand(command.exitOverride());
  }
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
    await (await buildProgram(argv)).parseAsync(argv);
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
