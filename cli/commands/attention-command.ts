import { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import type { TokenInfo } from '../../models/engine-types.ts';
import type { GraphEngine } from '../../models/graph/graph-engine.ts';
import { visibleToken } from '../../models/token-text.ts';
import { formatHeader } from '../format/format-next-tokens.ts';
import { renderHeatMapPng } from '../format/heat-map-png.ts';
import { percent } from '../format/number-format.ts';
import { loadGraphEngine } from '../load-engine.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
import { addModelOptions, addPromptOptions, wholeNumber, type ModelCliOptions } from '../options.ts';

/** The `--json` shape of `hunt attention`. */
export interface AttentionReport {
  model: string;
  bos: boolean;
  truncated: number;
  layer: number;
  head: number;
  /** the model's input tokens, BOS included: rows (queries) and columns (keys) of `pattern` */
  tokens: TokenInfo[];
  /** pattern[query][key]: how much the query token attends to the key token (rows sum to 1) */
  pattern: number[][];
}

export async function attentionReport(
  engine: GraphEngine,
  prompt: string,
  layer: number,
  head: number,
  options: { bos?: boolean; truncate?: boolean } = {},
): Promise<AttentionReport> {
  const { nLayer, nHead } = engine.graph.config;
  if (layer >= nLayer) throw new InputError('bad_option', `layer must be 0–${nLayer - 1} for ${engine.modelId} (got ${layer})`);
  if (head >= nHead) throw new InputError('bad_option', `head must be 0–${nHead - 1} for ${engine.modelId} (got ${head})`);
  const [result] = await engine.inspect([{ prompt }], { patterns: true, topK: 1, prependBos: options.bos ?? true, truncate: options.truncate ?? false });
  return { model: engine.modelId, bos: result.bos, truncated: result.truncated, layer, head, tokens: result.tokens, pattern: result.patterns![layer][head] };
}

const label = (t: TokenInfo, i: number) => `${i} '${visibleToken(t.text)}'`;

/** Each query token with the keys it attends to most (≥ 5%, at most `keys`). */
export function formatAttention(report: AttentionReport, keys = 3): string {
  const lines = [formatHeader(report.model, report.bos), `Attention pattern of head ${report.layer}.${report.head} (layer.head): each token → the tokens it attends to most`];
  const width = Math.max(...report.tokens.map((t, i) => label(t, i).length));
  report.pattern.forEach((row, q) => {
    const top = row
      .map((weight, k) => ({ weight, k }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, keys)
      .filter((x, i) => i === 0 || x.weight >= 0.05);
    const shown = top.map(({ weight, k }) => `${label(report.tokens[k], k)} ${percent(weight)}`).join(', ');
    lines.push(`  ${label(report.tokens[q], q).padEnd(width)} → ${shown}`);
  });
  return lines.join('\n');
}

/** The pattern as a PNG heat map: queries down, keys across. */
export function attentionPng(report: AttentionReport): Buffer {
  const labels = report.tokens.map(label);
  return renderHeatMapPng([
    {
      title: `${report.model} · head ${report.layer}.${report.head} attention`,
      values: report.pattern,
      rowLabels: labels,
      columnLabels: labels,
      rowAxis: 'query',
      columnAxis: 'key',
      scale: 'sequential',
      max: 1,
    },
  ]);
}

export function attentionCommand(): Command {
  const command = new Command('attention')
    .description("show one attention head's pattern on a prompt (graph engine): text, JSON or a PNG heat map")
    .argument('<prompt>', 'the text to run')
    .requiredOption('--layer <n>', 'layer, from 0 (required; GPT-2 small has 0–11)', wholeNumber('layer', 0))
    .requiredOption('--head <n>', 'head within the layer, from 0 (required; GPT-2 small has 0–11)', wholeNumber('head', 0))
    .option('--png <file>', 'also write the pattern as a PNG heat map');
  addPromptOptions(addModelOptions(command, { graphOnly: true }));
  return command.action(async (prompt: string, options: { layer: number; head: number; png?: string; bos: boolean; truncate?: boolean; json?: boolean } & ModelCliOptions) => {
    if (options.png) checkOutputFile('--png', options.png);
    const engine = await loadGraphEngine(options);
    const report = await attentionReport(engine, prompt, options.layer, options.head, options);
    if (options.png) writeOutputFile('--png', options.png, attentionPng(report));
    console.log(options.json ? JSON.stringify(report, null, 2) : formatAttention(report));
    if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
  });
}
