import Table from 'cli-table3';
import { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { parsePositions, PATCH_TARGETS, patchGrid, type PatchGrid, type PatchTarget } from '../../models/graph/activation-patching.ts';
import { activationTensors } from '../../models/graph/activation-export.ts';
import type { GraphEngine } from '../../models/graph/graph-engine.ts';
import { serializeSafetensors } from '../../models/graph/safetensors-writer.ts';
import type { PatchMetric, PatchPairs } from '../../models/graph/patch-pair.ts';
import { patchPairsFromTask } from '../../tasks/task-patch-pairs.ts';
import { PatchingRun } from '../../models/graph/patching-run.ts';
import { visibleToken } from '../../models/token-text.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import { renderHeatMapPng, sharedMax } from '../format/heat-map-png.ts';
import { fixed } from '../../common/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { createRunProgress } from '../run-progress.ts';
import { runnerFor } from './head-scores-command.ts';

/** What every patching report starts with: the run, its metric, and the metric's clean and corrupted means. */
export interface PatchRunFigures {
  model: string;
  task: string;
  n: number;
  seed: number;
  metric: PatchMetric;
  /** mean metric on the clean prompts and on their corrupted twins (the task's controls) */
  clean_metric: number;
  corrupt_metric: number;
}

/** The `--json` shape of `hunt patch`. */
export interface PatchReport extends PatchRunFigures {
  dropped: PatchPairs['dropped'];
  /** the shortest and longest sequence run (BOS included) */
  lengths: { min: number; max: number };
  /** one grid per --what */
  grids: PatchGrid[];
  examples: { clean: string; corrupt: string; answer: string; distractor?: string }[];
}

export const METRIC_TEXT: Record<PatchMetric, string> = {
  logit_diff: 'logit(answer) − logit(distractor) at the last position',
  answer_logprob: "log-prob of the clean prompt's whole answer",
};

export function parseTargets(spec: string): PatchTarget[] {
  const targets = spec.split(',').map((s) => s.trim());
  for (const t of targets) {
    if (!(PATCH_TARGETS as readonly string[]).includes(t)) throw new InputError('bad_option', `--what must be one or more of ${PATCH_TARGETS.join(', ')}, comma-separated (got "${t}")`);
  }
  return [...new Set(targets)] as PatchTarget[];
}

export function checkPositionsSyntax(spec: string): void {
  if (spec !== 'all' && spec !== 'last' && !/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/.test(spec)) {
    throw new InputError('bad_option', `--positions must be "all", "last" or a comma list of positions such as "3,-1" (got "${spec}")`);
  }
}

export async function patchReport(
  engine: GraphEngine,
  taskSpec: string,
  options: { n?: number; seed?: number; what?: PatchTarget[]; positions?: string; onProgress?: (done: number, total: number) => void; onCached?: (run: PatchingRun) => void } = {},
): Promise<PatchReport> {
  const task = resolveTask(taskSpec);
  const seed = options.seed ?? 0;
  const pairs = patchPairsFromTask(task, engine, options.n ?? 50, seed);
  const run = await PatchingRun.prepare(runnerFor(engine), pairs.pairs, pairs.metric);
  options.onCached?.(run);
  if (Math.abs(run.cleanMetric - run.corruptMetric) < 1e-6) {
    throw new InputError('bad_task', `task ${task.id}: the clean and corrupted prompts give the same mean metric (${fixed(run.cleanMetric)}), so there is nothing for a patch to restore`);
  }
  const what = options.what ?? ['resid'];
  const positions = options.positions ?? 'all';
  const spec = positions === 'all' || positions === 'last' ? positions : positions.split(',').map((s) => Number(s.trim()));
  const columns = parsePositions(spec, run.width).length;
  const { nLayer: L, nHead: H } = engine.graph.config;
  // one progress total across every grid
  const total = what.reduce((a, w) => a + L * (w === 'heads' ? H : columns), 0);
  const grids: PatchGrid[] = [];
  let before = 0;
  for (const w of what) {
    const grid = await patchGrid(run, w, spec, {
      tokenText: (id) => visibleToken(engine.decode([id])),
      onProgress: options.onProgress && ((done) => options.onProgress!(before + done, total)),
    });
    before += grid.rows.length * grid.columns.length;
    grids.push(grid);
  }
  const lengths = pairs.pairs.map((p) => PatchingRun.sequences(p, pairs.metric).clean.length);
  return {
    model: engine.modelId,
    task: task.id,
    n: run.n,
    seed,
    metric: pairs.metric,
    clean_metric: run.cleanMetric,
    corrupt_metric: run.corruptMetric,
    dropped: pairs.dropped,
    lengths: { min: Math.min(...lengths), max: Math.max(...lengths) },
    grids,
    examples: pairs.pairs.slice(0, 2).map(({ clean, corrupt, answer, distractor }) => ({ clean, corrupt, answer, ...(distractor ? { distractor } : {}) })),
  };
}

const WHAT_TEXT: Record<PatchTarget, string> = {
  resid: 'residual stream entering the layer, one position at a time',
  attn: 'attention output (every head) of the layer, one position at a time',
  mlp: 'MLP output of the layer, one position at a time',
  heads: "one head's output (z) at the chosen positions",
};

export function formatPatch(report: PatchReport, top = 5): string {
  const d = report.dropped;
  const droppedText = d.declined + d.no_control + d.length_mismatch > 0 ? ` (left out: ${d.length_mismatch} of different token lengths, ${d.declined} declined by the heuristic, ${d.no_control} without a control)` : '';
  const ex = report.examples[0];
  const lines = [
    `Model: ${report.model} · task ${report.task} · ${report.n} clean/corrupted pairs (seed ${report.seed})${droppedText}`,
    `  e.g. clean "${ex.clean}" → "${ex.answer}"${ex.distractor ? ` vs "${ex.distractor}"` : ''}`,
    `       corrupted "${ex.corrupt}"`,
    `Metric: ${METRIC_TEXT[report.metric]} · clean ${fixed(report.clean_metric)} · corrupted ${fixed(report.corrupt_metric)}`,
    ...(report.lengths.min === report.lengths.max ? [] : [`Prompts are ${report.lengths.min}–${report.lengths.max} tokens: positions are aligned on the last token and labelled with the longest prompt`]),
    'Cells: share of the clean − corrupted gap restored by patching that one activation from the clean run into the corrupted one (1 = all of it)',
  ];
  for (const grid of report.grids) {
    // positions run down the page (there can be many), layers across; heads across for heads
    const byPosition = grid.what !== 'heads';
    const table = new Table({ head: byPosition ? ['position', ...grid.rows] : ['layer', ...grid.columns], style: { head: [], border: [], compact: true } });
    if (byPosition) grid.columns.forEach((label, c) => table.push([label, ...grid.restored.map((row) => fixed(row[c], 2))]));
    else grid.restored.forEach((row, l) => table.push([grid.rows[l], ...row.map((v) => fixed(v, 2))]));
    const best = grid.restored
      .flatMap((row, l) => row.map((v, c) => ({ v, name: `${grid.rows[l]} ${grid.columns[c]}` })))
      .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
      .slice(0, top)
      .map((x) => `${x.name}: ${fixed(x.v, 2)}`);
    lines.push('', `Patched: ${WHAT_TEXT[grid.what]}`, table.toString(), `Largest: ${best.join(' · ')}`);
  }
  return lines.join('\n');
}

/** One panel per grid, one symmetric colour scale for all of them. */
export function patchPng(report: PatchReport): Buffer {
  const panels = report.grids.map((grid) => ({
    title: `${report.task} · patch ${grid.what} · restored share`,
    values: grid.restored,
    rowLabels: grid.rows,
    columnLabels: grid.columns,
    rowAxis: 'layer',
    columnAxis: grid.what === 'heads' ? 'head' : 'position',
    scale: 'diverging' as const,
  }));
  const max = sharedMax(panels);
  return renderHeatMapPng(panels.map((p) => ({ ...p, max })));
}

export function patchCommand(): Command {
  const command = new Command('patch')
    .description("activation patching (graph engine): patch activations from a task's clean prompts into its corrupted controls, one at a time, and see how much of the behaviour each restores")
    .argument('<task>', 'a built-in task id or a task file (JSON/YAML); it needs control prompts')
    .option('--n <n>', 'clean/corrupted pairs to generate', wholeNumber('n', 1), 50)
    .option('--seed <n>', 'seed of the generated prompts', wholeNumber('seed', 0), 0)
    .option('--what <list>', `what to patch, comma-separated: ${PATCH_TARGETS.join(', ')} (resid/attn/mlp: layer × position; heads: layer × head)`, 'resid')
    .option('--positions <spec>', 'all, last, or positions such as "5,-1" (prompts right-aligned, BOS is 0 in the longest; negative = from the end)', 'all')
    .option('--png <file>', 'also write the grids as a PNG heat map (one shared colour scale)')
    .option('--out <file.safetensors>', 'also write the cached clean and corrupted activations (residual streams, head z, MLP outputs, tokens) as safetensors, for Python')
    .option('--json', 'print JSON (the documented, stable shape)');
  addModelOptions(command, { graphOnly: true });
  return command.action(async (taskSpec: string, options: { n: number; seed: number; what: string; positions: string; png?: string; out?: string; json?: boolean } & ModelCliOptions) => {
    const what = parseTargets(options.what);
    checkPositionsSyntax(options.positions);
    resolveTask(taskSpec);
    if (options.png) checkOutputFile('--png', options.png);
    if (options.out) checkOutputFile('--out', options.out);
    const engine = await loadGraphEngine(options);
    const progress = createRunProgress('patching');
    try {
      const report = await patchReport(engine, taskSpec, {
        ...options,
        what,
        // written as soon as both runs are cached, so the export survives a failed or interrupted grid
        onCached: (run) => {
          if (options.out) writeOutputFile('--out', options.out, serializeSafetensors(activationTensors(run, engine.graph.bosId), { task: resolveTask(taskSpec).id, metric: run.metric, model: engine.modelId }));
        },
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      if (options.png) writeOutputFile('--png', options.png, patchPng(report));
      console.log(options.json ? JSON.stringify(report, null, 2) : formatPatch(report));
      if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
      if (options.out && !options.json) console.log(`Activations written to ${options.out} (safetensors)`);
    } finally {
      progress.stop();
    }
  });
}
