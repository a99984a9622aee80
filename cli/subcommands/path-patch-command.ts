import Table from 'cli-table3';
import { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { parseHeads } from '../../models/graph/circuit-ablation.ts';
import type { GraphEngine } from '../../models/graph/graph-engine.ts';
import { patchPairsFromTask } from '../../tasks/task-patch-pairs.ts';
import { PatchingRun } from '../../models/graph/patching-run.ts';
import { PATH_INPUTS, pathPatchGrid, type PathInput, type PathPatchGrid, type PathReceivers } from '../../models/graph/path-patching.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import { renderHeatMapPng } from '../format/heat-map-png.ts';
import { fixed } from '../../common/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { createRunProgress } from '../run-progress.ts';
import { runnerFor } from './head-scores-command.ts';
import { METRIC_TEXT, type PatchRunFigures } from './patch-command.ts';

/** The `--json` shape of `hunt path-patch`. */
export interface PathPatchReport extends PathPatchGrid, PatchRunFigures {}

export function parseVia(spec: string): PathInput[] {
  const inputs = [...new Set(spec.split(',').map((s) => s.trim()))];
  for (const i of inputs) if (!(PATH_INPUTS as readonly string[]).includes(i)) throw new InputError('bad_option', `--via must list q, k and/or v, comma-separated (got "${i}")`);
  return inputs as PathInput[];
}

export async function pathPatchReport(
  engine: GraphEngine,
  taskSpec: string,
  options: { receivers: string; via?: string; n?: number; seed?: number; onProgress?: (done: number, total: number) => void },
): Promise<PathPatchReport> {
  const { nLayer, nHead } = engine.graph.config;
  const receivers: PathReceivers = options.receivers === 'logits' ? { kind: 'logits' } : { kind: 'heads', heads: parseHeads(options.receivers, nLayer, nHead), inputs: parseVia(options.via ?? 'q,k,v') };
  if (receivers.kind === 'heads' && receivers.heads.every(([l]) => l === 0)) throw new InputError('bad_option', 'receivers in layer 0 have no earlier head to send to them: pick later heads, or "logits"');
  const task = resolveTask(taskSpec);
  const seed = options.seed ?? 0;
  const pairs = patchPairsFromTask(task, engine, options.n ?? 50, seed);
  const run = await PatchingRun.prepare(runnerFor(engine), pairs.pairs, pairs.metric);
  const grid = await pathPatchGrid(run, receivers, options.onProgress);
  return { model: engine.modelId, task: task.id, n: run.n, seed, metric: pairs.metric, clean_metric: run.cleanMetric, corrupt_metric: run.corruptMetric, ...grid };
}

export function formatPathPatch(r: PathPatchReport): string {
  const table = new Table({ head: ['sender', ...r.columns], style: { head: [], border: [], compact: true } });
  r.restored.forEach((row, l) => table.push([r.rows[l], ...row.map((v) => (Number.isNaN(v) ? '·' : fixed(v, 2)))]));
  return [
    `Model: ${r.model} · task ${r.task} · ${r.n} clean/corrupted pairs (seed ${r.seed})`,
    `Metric: ${METRIC_TEXT[r.metric]} · clean ${fixed(r.clean_metric)} · corrupted ${fixed(r.corrupt_metric)}`,
    `Path patching into ${r.receivers}: each sender head's clean output let through to the receivers only (everything else corrupted); share of the gap restored`,
    table.toString(),
  ].join('\n');
}

export function pathPatchCommand(): Command {
  const command = new Command('path-patch')
    .description('path patching (graph engine): which heads send what a set of receiver heads (their q, k or v), or the logits directly, need')
    .argument('<task>', 'a built-in task id or a task file (JSON/YAML); it needs control prompts')
    .requiredOption('--receivers <list>', '"logits", or receiver heads as layer.head, comma-separated, e.g. "9.6,9.9"')
    .option('--via <list>', "which of the receivers' inputs the sender may change: q, k, v, comma-separated", 'q,k,v')
    .option('--n <n>', 'clean/corrupted pairs to generate', wholeNumber('n', 1), 50)
    .option('--seed <n>', 'seed of the generated prompts', wholeNumber('seed', 0), 0)
    .option('--png <file>', 'also write the sender grid as a PNG heat map')
    .option('--json', 'print JSON (the documented, stable shape)');
  addModelOptions(command, { graphOnly: true });
  return command.action(async (taskSpec: string, options: { receivers: string; via: string; n: number; seed: number; png?: string; json?: boolean } & ModelCliOptions) => {
    parseVia(options.via);
    if (options.receivers !== 'logits') parseHeads(options.receivers, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    resolveTask(taskSpec);
    if (options.png) checkOutputFile('--png', options.png);
    const engine = await loadGraphEngine(options);
    const progress = createRunProgress('path patching');
    const report = await pathPatchReport(engine, taskSpec, { ...options, onProgress: (done, total) => progress.update(done, total) }).finally(() => progress.stop());
    if (options.png) {
      writeOutputFile(
        '--png',
        options.png,
        renderHeatMapPng([{ title: `${report.task} · path patching → ${report.receivers} · restored share`, values: report.restored, rowLabels: report.rows, columnLabels: report.columns, rowAxis: 'sender layer', columnAxis: 'sender head', scale: 'diverging' }]),
      );
    }
    console.log(options.json ? JSON.stringify(report, null, 2) : formatPathPatch(report));
    if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
  });
}
