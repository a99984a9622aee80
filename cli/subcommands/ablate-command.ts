import { Command, Option } from 'commander';
import { ablateCircuit, CIRCUIT_ABLATIONS, parseHeads, type CircuitAblationMode, type CircuitAblationResult } from '../../models/graph/circuit-ablation.ts';
import type { GraphEngine } from '../../models/graph/graph-engine.ts';
import type { PatchMetric } from '../../models/graph/patch-pair.ts';
import { patchPairsFromTask } from '../../tasks/task-patch-pairs.ts';
import { PatchingRun } from '../../models/graph/patching-run.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import { fixed } from '../../common/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { runnerFor } from './head-scores-command.ts';
import { METRIC_TEXT } from './patch-command.ts';

/** The `--json` shape of `hunt ablate`. */
export interface AblateReport extends CircuitAblationResult {
  model: string;
  task: string;
  n: number;
  seed: number;
  metric: PatchMetric;
}

export async function ablateReport(engine: GraphEngine, taskSpec: string, options: { heads: string; keep?: boolean; mode?: CircuitAblationMode; n?: number; seed?: number }): Promise<AblateReport> {
  const { nLayer, nHead } = engine.graph.config;
  const heads = parseHeads(options.heads, nLayer, nHead);
  const task = resolveTask(taskSpec);
  const seed = options.seed ?? 0;
  const pairs = patchPairsFromTask(task, engine, options.n ?? 50, seed);
  const run = await PatchingRun.prepare(runnerFor(engine), pairs.pairs, pairs.metric);
  const result = await ablateCircuit(run, heads, { mode: options.mode, keep: options.keep });
  return { model: engine.modelId, task: task.id, n: run.n, seed, metric: pairs.metric, ...result };
}

export function formatAblate(r: AblateReport): string {
  const what = r.selection === 'keep' ? `kept ${r.heads.join(', ')}; the other ${r.ablated_heads} heads ${r.mode}-ablated` : `${r.mode}-ablated ${r.heads.join(', ')}`;
  return [
    `Model: ${r.model} · task ${r.task} · ${r.n} prompts (seed ${r.seed}) · ${what}`,
    `Metric: ${METRIC_TEXT[r.metric]}`,
    `  clean ${fixed(r.clean_metric)} · corrupted (control) ${fixed(r.corrupt_metric)} · clean with ablation ${fixed(r.ablated_metric)}`,
    `Retained: ${fixed(r.retained, 2)} of the clean − corrupted gap (1 = the behaviour is untouched, 0 = as bad as the control)`,
  ].join('\n');
}

export function ablateCommand(): Command {
  const command = new Command('ablate')
    .description('circuit ablation (graph engine): ablate a set of heads at once, or keep only that set, and see how much of a task\'s behaviour survives')
    .argument('<task>', 'a built-in task id or a task file (JSON/YAML); it needs control prompts')
    .requiredOption('--heads <list>', 'heads as layer.head, comma-separated, e.g. "0.1,1.2"')
    .option('--keep', 'keep these heads and ablate every other one (is this circuit enough?)')
    .addOption(new Option('--mode <mode>', "what an ablated head writes: zeros, its mean over the control prompts, or its output on the paired control prompt").choices([...CIRCUIT_ABLATIONS]).default('mean'))
    .option('--n <n>', 'prompts to generate', wholeNumber('n', 1), 50)
    .option('--seed <n>', 'seed of the generated prompts', wholeNumber('seed', 0), 0)
    .option('--json', 'print JSON (the documented, stable shape)');
  addModelOptions(command, { graphOnly: true });
  return command.action(async (taskSpec: string, options: { heads: string; keep?: boolean; mode: CircuitAblationMode; n: number; seed: number; json?: boolean } & ModelCliOptions) => {
    parseHeads(options.heads, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER); // syntax, before the model loads
    resolveTask(taskSpec);
    const engine = await loadGraphEngine(options);
    const report = await ablateReport(engine, taskSpec, options);
    console.log(options.json ? JSON.stringify(report, null, 2) : formatAblate(report));
  });
}
