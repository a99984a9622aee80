import { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import type { ScoringEngine } from '../../models/scoring-engine.ts';
import { BUILTIN_TASKS } from '../../tasks/builtin/index.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import { DEFAULT_N, DEFAULT_SEED } from '../../tasks/evaluate-task.ts';
import { evaluateTasks, outFileLines, type TasksEvaluation } from '../../tasks/evaluate-tasks.ts';
import { baselineEngines, readBaselineCorpusText, tokenizeBaselineCorpus } from '../../models/baselines/baseline-engines.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { evalProvenance } from './eval-provenance.ts';
import { readInstancesFile } from '../../tasks/instances-file.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';
import { formatEvalReport, formatEvalTable } from '../format/format-eval-report.ts';
import { loadEngine } from '../load-engine.ts';
import { EVAL_N_MAX } from '../flag-caps.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { createTaskProgress } from '../progress-bar.ts';
import { printShareLine } from '../print-share-line.ts';

export interface EvalCommandOptions {
  n?: number;
  seed?: number;
  bos?: boolean;
  /** JSONL file of corpus instances to evaluate instead of generated ones */
  instances?: string;
  /** text file the unigram and bigram baselines learn from */
  baselineCorpus?: string;
  /** JSONL file for every prompt's record */
  out?: string;
}

/** `hunt eval`'s tasks with its flags: instances and baseline corpus read from their files. */
async function evalReports(
  engine: ScoringEngine,
  tasks: readonly TaskDefinition[],
  options: EvalCommandOptions & { baselineText?: string } = {},
  onProgress?: (task: string) => (done: number, total: number) => void,
): Promise<TasksEvaluation> {
  const instances = options.instances ? await readInstancesFile(options.instances) : undefined;
  const baselines = options.baselineText !== undefined ? baselineEngines(engine.loaded, tokenizeBaselineCorpus(options.baselineText, engine.loaded)) : undefined;
  return evaluateTasks(engine, tasks, { n: options.n, seed: options.seed, bos: options.bos, instances, baselines }, onProgress);
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
    .option('--baseline-corpus <file>', 'text file the unigram and bigram baselines count tokens in (default: copier, and a unigram from the merge order)')
    .option('--out <file>', 'write every prompt\'s record (prompt, control, answers, every figure) as JSON lines; the report can be recomputed from it (with --all each line also has its task and the task\'s p and Holm-corrected p_holm)')
    .option('--json', 'print JSON (the documented, stable shape; an array with --all)')
    .option('--share', 'store each report in the catalog and print its permanent link (served by hunt serve; HUNT_PUBLIC_URL)');
  addModelOptions(command);
  return command.action(
    async (
      taskSpec: string | undefined,
      options: EvalCommandOptions & { all?: boolean; list?: boolean; json?: boolean; share?: boolean } & ModelCliOptions,
    ) => {
      if (options.list) {
        console.log(formatTaskList(BUILTIN_TASKS));
        return;
      }
      if (options.all && taskSpec) throw new InputError('bad_option', 'give a task or --all, not both');
      if (!options.all && !taskSpec) throw new InputError('bad_option', 'give a task to evaluate (see hunt eval --list), a task file, or --all');
      if (options.all && options.instances) throw new InputError('bad_option', '--instances belongs to one task: give the task instead of --all');
      const tasks = options.all ? BUILTIN_TASKS : [resolveTask(taskSpec!)];
      if (options.out) checkOutputFile('--out', options.out);
      // read before the model loads: a bad corpus file is one line at once
      const baselineText = options.baselineCorpus ? await readBaselineCorpusText(options.baselineCorpus) : undefined;
      const engine = await loadEngine(options);
      const progress = createTaskProgress();
      let result: TasksEvaluation;
      try {
        result = await evalReports(engine, tasks, { ...options, baselineText }, (id) => progress.forTask(id));
      } finally {
        progress.stop();
      }
      const reproduce = await evalProvenance(engine, {
        engine: options.engine,
        seed: options.seed ?? DEFAULT_SEED,
        n: options.n ?? (options.instances ? null : DEFAULT_N),
        baselineCorpus: options.baselineCorpus,
      });
      const reports = result.reports.map((r) => ({ ...r, reproduce }));
      if (options.out) {
        writeOutputFile('--out', options.out, `${outFileLines(result).join('\n')}\n`);
      }
      if (options.json) console.log(JSON.stringify(options.all ? reports : reports[0], null, 2));
      else console.log(options.all ? formatEvalTable(reports) : formatEvalReport(reports[0]));
      for (const report of options.share ? reports : []) {
        await printShareLine(engine, options, { kind: 'evaluation', seed: report.seed, input: { task: report.task, n: report.n, seed: report.seed, instances: options.instances ?? null }, output: report });
      }
    },
  );
}
