import { hostname, userInfo } from 'node:os';
import { Command } from 'commander';
import { prepareSubmission, submitEvaluatedTask } from '../../catalog/submit-evaluated-task.ts';
import { terminalSubmitter } from '../../catalog/submitter.ts';
import { resolveEngineKind } from '../../models/engine-kind.ts';
import { readTaskFileSync } from '../../tasks/declarative-task.ts';
import { DEFAULT_N, DEFAULT_SEED } from '../../tasks/evaluate-task.ts';
import { addDatabaseOptions, withCatalog, type CatalogCliOptions } from '../catalog-connection.ts';
import { EVAL_N_MAX } from '../flag-caps.ts';
import { formatSubmission } from '../format/format-submission.ts';
import { loadEngine } from '../load-engine.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { createTaskProgress } from '../progress-bar.ts';

interface SubmitCliOptions extends CatalogCliOptions, ModelCliOptions {
  as?: string;
  n?: number;
  seed?: number;
  json?: boolean;
}

/** `hunt submit <task file>`: what `/task submit` does, from a terminal, evaluated by this machine's model. */
export function submitCommand(): Command {
  const command = new Command('submit')
    .description('submit a task file to the catalog without Discord: validate it, warn about near-duplicates, evaluate it and store both (seed, n, model revision, tool version)')
    .argument('<task file>', 'a JSON or YAML task file (see tasks/README.md)')
    .option('--as <name>', 'the submitter the catalog records, as cli:<name> (default: your OS user)')
    .option('--n <count>', `prompts to evaluate (default ${DEFAULT_N})`, wholeNumber('n', 1, EVAL_N_MAX, 'more prompts only narrow the intervals a little further (see README)'))
    .option('--seed <seed>', `seed of the prompts, controls and bootstrap (default ${DEFAULT_SEED})`, wholeNumber('seed', 0))
    .option('--json', 'print JSON: task_id, evaluation_id, submitter, near_duplicates, report, provenance');
  addModelOptions(command);
  addDatabaseOptions(command);
  return command.action(async (file: string, options: SubmitCliOptions) => {
    // the file and the name first: a bad one is one line, before any database or model is opened
    const prepared = prepareSubmission(readTaskFileSync(file), file);
    const submitter = terminalSubmitter(options.as ?? userInfo().username);
    const engineKind = resolveEngineKind(options.engine);
    const result = await withCatalog(options, async ({ repo }) => {
      const engine = await loadEngine(options);
      const progress = createTaskProgress();
      try {
        return await submitEvaluatedTask(repo, engine, prepared, submitter, {
          n: options.n,
          seed: options.seed,
          engineKind,
          computedBy: `hunt submit on ${hostname()}`,
          onProgress: progress.forTask(prepared.task.id),
        });
      } finally {
        progress.stop();
      }
    });
    console.log(options.json ? JSON.stringify(result, null, 2) : formatSubmission(result));
  });
}
