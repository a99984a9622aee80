import Table from 'cli-table3';
import { Command, Option } from 'commander';
import type { AblationMode } from '../../models/graph/head-effects.ts';
import { headsReport, type HeadsReport } from '../../reports/heads-report.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import { renderHeatMapPng, sharedMax } from '../format/heat-map-png.ts';
import { fixed } from '../../common/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { createStepProgress } from '../progress-bar.ts';
import { printShareLine } from '../print-share-line.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';

/** [layer][head] grid of one per-head number. */
function grid(report: HeadsReport, pick: (h: HeadsReport['heads'][number]) => number): number[][] {
  return Array.from({ length: report.n_layer }, (_, l) => Array.from({ length: report.n_head }, (_, h) => pick(report.heads[l * report.n_head + h])));
}

function gridTable(title: string, values: number[][]): string {
  const table = new Table({ head: ['layer', ...values[0].map((_, h) => `H${h}`)], style: { head: [], border: [], compact: true } });
  values.forEach((row, l) => table.push([`L${l}`, ...row.map((v) => fixed(v, 2))]));
  return `${title}\n${table.toString()}`;
}

export function formatHeads(report: HeadsReport, top = 5): string {
  const first = report.examples[0];
  const distractor = first.distractor_source === 'heuristic' ? "the heuristic's distractor" : 'a random other token of the prompt';
  const lines = [
    `Model: ${report.model} · task ${report.task} · ${report.n} prompts (seed ${report.seed}) · ${report.ablation} ablation`,
    `Metric: logit(answer) − logit(distractor) at the last position; distractor = ${distractor}`,
    `  e.g. "${first.prompt}" → "${first.answer}" vs "${first.distractor}"`,
    `Mean logit difference: ${fixed(report.logit_diff)}`,
    '',
    gridTable('Direct logit attribution per head (final LayerNorm scale frozen):', grid(report, (h) => h.attribution)),
    '',
    gridTable(`Drop in logit difference when the head is ${report.ablation}-ablated:`, grid(report, (h) => h.ablation_drop)),
    '',
    `Heads that matter most (by ablation drop):`,
  ];
  const ranked = [...report.heads].sort((a, b) => Math.abs(b.ablation_drop) - Math.abs(a.ablation_drop)).slice(0, top);
  for (const h of ranked) lines.push(`  ${h.layer}.${h.head}  drop ${fixed(h.ablation_drop)}  attribution ${fixed(h.attribution)}`);
  const o = report.other;
  lines.push(`Other components' attribution: embeddings ${fixed(o.embeddings)}, MLPs ${o.mlp.map((m) => fixed(m, 2)).join(' / ')}, attention biases ${fixed(o.attn_bias)}, final LN bias ${fixed(o.ln_bias)}`);
  return lines.join('\n');
}

/** Two heat maps side by side: attribution and ablation drop, layers down, heads across. */
export function headsPng(report: HeadsReport): Buffer {
  const rowLabels = Array.from({ length: report.n_layer }, (_, l) => `L${l}`);
  const columnLabels = Array.from({ length: report.n_head }, (_, h) => `H${h}`);
  const common = { rowLabels, columnLabels, rowAxis: 'layer', columnAxis: 'head', scale: 'diverging' as const };
  const panels = [
    { title: `${report.task} · direct logit attribution`, values: grid(report, (h) => h.attribution), ...common },
    { title: `drop in logit diff. when ${report.ablation}-ablated`, values: grid(report, (h) => h.ablation_drop), ...common },
  ];
  // both panels are in logit-difference units: one scale, so a small effect does not look as strong as a large one
  const max = sharedMax(panels);
  return renderHeatMapPng(panels.map((p) => ({ ...p, max })));
}

export function headsCommand(): Command {
  const command = new Command('heads')
    .description('which attention heads a task relies on (graph engine): direct logit attribution and ablation, per head')
    .argument('<task>', 'a built-in task id or a task file (JSON/YAML)')
    .option('--n <n>', 'prompts to generate from the task', wholeNumber('n', 1), 50)
    .option('--seed <n>', 'seed of the generated prompts', wholeNumber('seed', 0), 0)
    .addOption(new Option('--ablation <mode>', "replace an ablated head's output by its mean over the prompts, or by zeros").choices(['mean', 'zero']).default('mean'))
    .option('--png <file>', 'also write both heat maps (layer × head) as a PNG')
    .option('--json', 'print JSON (the documented, stable shape)')
    .option('--share', 'store the result in the catalog and print its permanent link: heat maps with hover values (hunt serve; HUNT_PUBLIC_URL)');
  addModelOptions(command, { graphOnly: true });
  return command.action(async (taskSpec: string, options: { n: number; seed: number; ablation: AblationMode; png?: string; json?: boolean; share?: boolean } & ModelCliOptions) => {
    const task = resolveTask(taskSpec);
    if (options.png) checkOutputFile('--png', options.png);
    const engine = await loadGraphEngine(options);
    const progress = options.json ? undefined : createStepProgress(`heads (${task.id})`, 'heads ablated');
    let report: HeadsReport;
    try {
      report = await headsReport(engine, task, { ...options, onProgress: progress?.update });
    } finally {
      progress?.stop();
    }
    if (options.png) writeOutputFile('--png', options.png, headsPng(report));
    console.log(options.json ? JSON.stringify(report, null, 2) : formatHeads(report));
    if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
    if (options.share) {
      const input = { task: task.id, n: options.n, seed: options.seed, ablation: options.ablation };
      await printShareLine(engine, { ...options, engine: 'graph' }, { kind: 'heads', seed: options.seed, input, output: report });
    }
  });
}
