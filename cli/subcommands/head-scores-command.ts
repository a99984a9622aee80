import Table from 'cli-table3';
import { Command } from 'commander';
import { seededRng } from '../../common/random.ts';
import type { GraphEngine } from '../../models/graph/graph-engine.ts';
import { HEAD_SCORE_KINDS, headScores, repeatedRandomSequences, type HeadScoreKind, type HeadScoresReport } from '../../models/graph/head-scores.ts';
import { LayerRunner } from '../../models/graph/layer-runner.ts';
import { promptTokenIds } from '../../models/graph/prompt-tokens.ts';
import { resolveTask } from '../../tasks/declarative-task.ts';
import { renderHeatMapPng } from '../format/heat-map-png.ts';
import { fixed } from '../../common/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';

const TITLES: Record<HeadScoreKind, string> = {
  previous_token: 'previous token',
  duplicate_token: 'duplicate token (earlier occurrence of the current token)',
  induction: 'induction (the token after an earlier occurrence)',
};

export function runnerFor(engine: GraphEngine): LayerRunner {
  return new LayerRunner(engine.graph.weights, { device: engine.graph.source.device, threads: engine.graph.source.threads });
}

export async function headScoresReport(engine: GraphEngine, options: { task?: string; n?: number; length?: number; seed?: number } = {}): Promise<HeadScoresReport> {
  const runner = runnerFor(engine);
  const { nLayer, nHead, vocabSize, bosId } = engine.graph.config;
  const seed = options.seed ?? 0;
  if (options.task) {
    const task = resolveTask(options.task);
    const n = options.n ?? 50;
    const sequences = task.generate(seededRng(seed), n).map((instance) => promptTokenIds(engine, instance.prompt));
    // the task's prompts end where the behaviour is asked for: score the last position only
    const scores = await headScores(runner, sequences, { queries: (ids) => [ids.length - 1] });
    return { model: engine.modelId, source: `task ${task.id}: attention from the last token of ${n} prompts (seed ${seed})`, n, n_layer: nLayer, n_head: nHead, scores };
  }
  const n = options.n ?? 20;
  const length = Math.min(options.length ?? 20, Math.floor((engine.contextLength - 1) / 2));
  const scores = await headScores(runner, repeatedRandomSequences(bosId, vocabSize, { n, length, seed }));
  return { model: engine.modelId, source: `${n} sequences of ${length} random tokens, repeated once (seed ${seed})`, n, n_layer: nLayer, n_head: nHead, scores };
}

export function formatHeadScores(report: HeadScoresReport, top = 3): string {
  const lines = [`Model: ${report.model} · head scores on ${report.source}`, 'Each score: mean attention the head puts on the keys the rule names (1 = does exactly that)', ''];
  for (const kind of HEAD_SCORE_KINDS) {
    const grid = report.scores[kind];
    const table = new Table({ head: ['layer', ...grid[0].map((_, h) => `H${h}`)], style: { head: [], border: [], compact: true } });
    grid.forEach((row, l) => table.push([`L${l}`, ...row.map((v) => fixed(v, 2))]));
    const best = grid
      .flatMap((row, l) => row.map((v, h) => ({ v, name: `${l}.${h}` })))
      .filter((x) => Number.isFinite(x.v))
      .sort((a, b) => b.v - a.v)
      .slice(0, top);
    lines.push(`${TITLES[kind]} — top: ${best.map((b) => `${b.name} ${fixed(b.v, 2)}`).join(', ') || 'none (no query has such a key)'}`, table.toString(), '');
  }
  return lines.join('\n').trimEnd();
}

/** One panel per score, all on the same 0–1 scale. */
export function headScoresPng(report: HeadScoresReport): Buffer {
  const rowLabels = Array.from({ length: report.n_layer }, (_, l) => `L${l}`);
  const columnLabels = Array.from({ length: report.n_head }, (_, h) => `H${h}`);
  return renderHeatMapPng(
    HEAD_SCORE_KINDS.map((kind) => ({
      title: `${kind.replace('_', ' ')} score`,
      values: report.scores[kind],
      rowLabels,
      columnLabels,
      rowAxis: 'layer',
      columnAxis: 'head',
      scale: 'sequential' as const,
      max: 1,
    })),
  );
}

export function headScoresCommand(): Command {
  const command = new Command('head-scores')
    .description('previous-token, duplicate-token and induction scores of every head (graph engine), on repeated random tokens or at the last token of a task\'s prompts')
    .option('--task <task>', "score attention from the last token of this task's prompts instead of on repeated random tokens")
    .option('--n <n>', 'sequences (default 20) or task prompts (default 50)', wholeNumber('n', 1))
    .option('--length <n>', 'random tokens before the repeat', wholeNumber('length', 2), 20)
    .option('--seed <n>', 'seed of the sequences or prompts', wholeNumber('seed', 0), 0)
    .option('--png <file>', 'also write the three layer × head heat maps as a PNG')
    .option('--json', 'print JSON (the documented, stable shape)');
  addModelOptions(command, { graphOnly: true });
  return command.action(async (options: { task?: string; n?: number; length: number; seed: number; png?: string; json?: boolean } & ModelCliOptions) => {
    if (options.task) resolveTask(options.task); // a bad task fails before the model loads
    if (options.png) checkOutputFile('--png', options.png);
    const engine = await loadGraphEngine(options);
    const report = await headScoresReport(engine, options);
    if (options.png) writeOutputFile('--png', options.png, headScoresPng(report));
    console.log(options.json ? JSON.stringify(report, null, 2) : formatHeadScores(report));
    if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
  });
}
