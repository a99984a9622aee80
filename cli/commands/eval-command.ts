import { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import type { ScoringEngine } from '../../models/scoring-engine.ts';
import { BUILTIN_TASKS } from '../../tasks/builtin/index.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import type { EvalReport } from '../../tasks/eval-report.ts';
import { DEFAULT_N, DEFAULT_SEED, evaluateTask } from '../../tasks/evaluate-task.ts';
import { readInstancesFile } from '../../tasks/instances-file.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';
import { formatEvalReport, formatEvalTable } from '../format/format-eval-report.ts';
import { loadEngine } from '../load-engine.ts';
import { EVAL_N_MAX } from '../flag-caps.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { createTaskProgress } from '../progress-bar.ts';

export interface EvalCommandOptions {
  n?: number;
  seed?: number;
  bos?: boolean;
  /** JSONL file of corpus instances to evaluate instead of generated ones */
  instances?: string;
}

/**
 * Evaluate tasks one after another with one engine: the data behind `hunt eval` and
 * `hunt eval --all`. `onProgress` gets each task's id with its progress.
 */
async function evalReports(
  engine: ScoringEngine,
  tasks: readonly TaskDefinition[],
  options: EvalCommandOptions = {},
  onProgress?: (task: string) => (done: number, total: number) => void,
): Promise<EvalReport[]> {
  const instances = options.instances ? await readInstancesFile(options.instances) : undefined;
  const reports: EvalReport[] = [];
  for (const task of tasks) {
    reports.push(
      // evaluateTask fills in the defaults (n: DEFAULT_N, or every instance; seed: DEFAULT_SEED; bos: true)
      await evaluateTask(engine, task, { n: options.n, seed: options.seed, bos: options.bos, instances, onProgress: onProgress?.(task.id) }),
    );
  }
  return reports;
}

/** `hunt eval --list`: the built-in tasks. */
function formatTaskList(tasks: readonly TaskDefinition[]): string {
  const width = Math.max(...tasks.map((t) => t.id.length));
  return tasks.map((t) => `${t.id.padEnd(width)}  ${t.status.padEnd(8)}  ${t.title}`).join('\n');
}

export function evalCommand(): Command {
  const command = new Command('eval')
    .description('evaluate how well the model implements a behaviour: a built-in task (see --list) or a JSON/YAML task file')
    .argument('[task]', 'built-in task id (e.g. ioi, induction) or the path of a task file')
    .option('--n <count>', `prompts to generate (default ${DEFAULT_N}; with --instances: how many of them, default all)`, wholeNumber('n', 1, EVAL_N_MAX, 'more prompts only narrow the intervals a little further (see README)'))
    .option('--seed <seed>', `seed of the prompts, controls and bootstrap (default ${DEFAULT_SEED}): same seed, same numbers`, wholeNumber('seed', 0))
    .option('--all', 'evaluate every built-in task into one table')
    .option('--list', 'list the built-in tasks and exit')
    .option('--instances <file>', 'evaluate these prompts instead of generated ones: JSONL lines {"prompt": …, "actual"?: …}, as hunt mine writes them')
    .option('--no-bos', 'do not prepend <|endoftext|> (prepended by default, as TransformerLens does)')
    .option('--json', 'print JSON (the documented, stable shape; an array with --all)');
  addModelOptions(command);
  return command.action(
    async (
      taskSpec: string | undefined,
      options: EvalCommandOptions & { all?: boolean; list?: boolean; json?: boolean } & ModelCliOptions,
    ) => {
      if (options.list) {
        console.log(formatTaskList(BUILTIN_TASKS));
        return;
      }
      if (options.all && taskSpec) throw new InputError('bad_option', 'give a task or --all, not both');
      if (!options.all && !taskSpec) throw new InputError('bad_option', 'give a task to evaluate (see hunt eval --list), a task file, or --all');
      if (options.all && options.instances) throw new InputError('bad_option', '--instances belongs to one task: give the task instead of --all');
      const tasks = options.all ? BUILTIN_TASKS : [resolveTask(taskSpec!)];
      const engine = await loadEngine(options);
      const progress = createTaskProgress();
      let reports: EvalReport[];
      try {
        reports = await evalReports(engine, tasks, options, (id) => progress.forTask(id));
      } finally {
        progress.stop();
      }
      if (options.json) console.log(JSON.stringify(options.all ? reports : reports[0], null, 2));
      else console.log(options.all ? formatEvalTable(reports) : formatEvalReport(reports[0]));
    },
  );
}
