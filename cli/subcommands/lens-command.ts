import Table from 'cli-table3';
import { Command } from 'commander';
import { LayerRunner } from '../../models/graph/layer-runner.ts';
import { logitLens, type LogitLensReport } from '../../models/graph/logit-lens.ts';
import { visibleToken } from '../../models/token-text.ts';
import { formatHeader } from '../format/format-next-tokens.ts';
import { renderHeatMapPng } from '../format/heat-map-png.ts';
import { percent } from '../../common/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';

/** The last position's predictions after every layer, one row per layer. */
export function formatLens(report: LogitLensReport): string {
  const head = ['stream', 'top tokens (probability)'];
  if (report.answer) head.push(`"${visibleToken(report.answer.token.text)}" rank`, 'log-prob');
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const layer of report.layers) {
    const row = [layer.layer === 'embed' ? 'embeddings' : `after ${layer.layer}`, layer.top.map((t) => `${visibleToken(t.text)} ${percent(t.prob)}`).join('  ')];
    if (layer.answer) row.push(String(layer.answer.rank), layer.answer.logprob.toFixed(3));
    table.push(row);
  }
  const tokens = report.tokens.map((t) => `'${visibleToken(t.text)}'`).join(' ');
  return [
    formatHeader(report.model, report.bos),
    `Tokens (${report.tokens.length}): ${tokens}`,
    'Logit lens at the last position: each residual stream read through the final LayerNorm and the unembedding',
    table.toString(),
  ].join('\n');
}

/** Layers down, positions across: colour = probability of the token that really comes next, text = the lens's top token. */
export function lensPng(report: LogitLensReport): Buffer {
  const rowLabels = report.layers.map((l) => (l.layer === 'embed' ? 'embed' : l.layer));
  const columnLabels = report.tokens.map((t, i) => `${i} ${visibleToken(t.text)}`);
  const next = report.answer ? `next token (last: "${visibleToken(report.answer.token.text)}")` : 'next token';
  return renderHeatMapPng([
    {
      title: `${report.model} · logit lens · colour: P(${next}), text: top token`,
      values: report.next_probs.map((row) => row.map((p) => p ?? Number.NaN)),
      cellLabels: report.top_tokens.map((row) => row.map((t) => visibleToken(t.text))),
      rowLabels,
      columnLabels,
      rowAxis: 'residual stream after',
      columnAxis: 'position',
      scale: 'sequential',
      max: 1,
    },
  ]);
}

export function lensCommand(): Command {
  const command = new Command('lens')
    .description('logit lens (graph engine): what the residual stream predicts after every layer, read through the final LayerNorm and the unembedding')
    .argument('<prompt>', 'the text to run')
    .option('-a, --answer <text>', 'also follow this answer (its first token) at the last position: rank and log-prob after every layer, e.g. " John"')
    .option('--top <k>', 'top tokens to list per layer', wholeNumber('top', 1), 5)
    .option('--png <file>', 'also write a layer × position heat map')
    .option('--no-bos', 'do not prepend <|endoftext|> (prepended by default, as TransformerLens does)')
    .option('--json', 'print JSON (the documented, stable shape)');
  addModelOptions(command, { graphOnly: true });
  return command.action(async (prompt: string, options: { answer?: string; top: number; png?: string; bos: boolean; json?: boolean } & ModelCliOptions) => {
    if (options.png) checkOutputFile('--png', options.png);
    const engine = await loadGraphEngine(options);
    const runner = new LayerRunner(engine.graph.weights, { device: engine.graph.source.device, threads: engine.graph.source.threads });
    const report = await logitLens(engine, runner, prompt, { answer: options.answer, topK: options.top, bos: options.bos });
    if (options.png) writeOutputFile('--png', options.png, lensPng(report));
    console.log(options.json ? JSON.stringify(report, null, 2) : formatLens(report));
    if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
  });
}
