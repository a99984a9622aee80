import { Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../common/errors.ts';
import type { TokenInfo } from '../../models/engine-types.ts';
import type { GraphEngine } from '../../models/graph/graph-engine.ts';
import { visibleToken } from '../../models/token-text.ts';
import { formatHeader } from '../format/format-next-tokens.ts';
import { renderHeatMapPng } from '../format/heat-map-png.ts';
import { percent } from '../../common/number-format.ts';
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

/** Most tokens a PNG shows by default (cells stay ≥ 10 px, the image under ~1,500 px); --window picks others. */
export const PNG_MAX_TOKENS = 128;

/** Token positions [from, to): queries and keys shown. */
export interface TokenWindow {
  from: number;
  to: number;
}

/**
 * `--window 900:1000` (Python slice style: from inclusive, to exclusive; either may be left out).
 *
 * @example parseWindow('900:1000') // { from: 900, to: 1000 }
 * @example parseWindow(':50') // { from: undefined, to: 50 }
 */
export function parseWindow(raw: string): { from?: number; to?: number } {
  const m = /^\s*(\d*)\s*:\s*(\d*)\s*$/.exec(raw);
  if (!m || (m[1] === '' && m[2] === '')) throw new InvalidArgumentError(`window must be FROM:TO token positions, e.g. 0:64 or 900: (got "${raw}").`);
  const from = m[1] === '' ? undefined : Number(m[1]);
  const to = m[2] === '' ? undefined : Number(m[2]);
  if (from !== undefined && to !== undefined && to <= from) throw new InvalidArgumentError(`window ${raw}: TO must be after FROM.`);
  return { from, to };
}

/**
 * The positions to show of `count` tokens: the asked window clipped to the prompt, else (for a
 * PNG) the last PNG_MAX_TOKENS, with a note when tokens are left out.
 */
export function resolveWindow(count: number, asked: { from?: number; to?: number } | undefined, limit: number | undefined): { window: TokenWindow; note?: string } {
  if (asked) {
    const from = asked.from ?? 0;
    if (from >= count) throw new InputError('bad_option', `--window starts at token ${from}, but the prompt has ${count} tokens (0–${count - 1})`);
    return { window: { from, to: Math.min(count, asked.to ?? count) } };
  }
  if (limit === undefined || count <= limit) return { window: { from: 0, to: count } };
  return {
    window: { from: count - limit, to: count },
    note: `note: the PNG shows the last ${limit} of ${count} tokens (${count - limit}:${count}); --window FROM:TO shows others`,
  };
}

/** The report cut to a window of queries and keys (positions keep their numbers in labels). */
export function windowed(report: AttentionReport, { from, to }: TokenWindow): AttentionReport & { window: TokenWindow } {
  return { ...report, window: { from, to }, tokens: report.tokens.slice(from, to), pattern: report.pattern.slice(from, to).map((row) => row.slice(from, to)) };
}

/** Each query token with the keys it attends to most (≥ 5%, at most `keys`). */
export function formatAttention(report: AttentionReport & { window?: TokenWindow }, keys = 3): string {
  const at = report.window?.from ?? 0;
  const lines = [formatHeader(report.model, report.bos), `Attention pattern of head ${report.layer}.${report.head} (layer.head): each token → the tokens it attends to most`];
  if (report.window) lines.push(`Tokens ${report.window.from}:${report.window.to} (queries and keys in this window)`);
  const width = Math.max(...report.tokens.map((t, i) => label(t, i + at).length));
  report.pattern.forEach((row, q) => {
    const top = row
      .map((weight, k) => ({ weight, k }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, keys)
      .filter((x, i) => i === 0 || x.weight >= 0.05);
    const shown = top.map(({ weight, k }) => `${label(report.tokens[k], k + at)} ${percent(weight)}`).join(', ');
    lines.push(`  ${label(report.tokens[q], q + at).padEnd(width)} → ${shown}`);
  });
  return lines.join('\n');
}

/** The pattern as a PNG heat map: queries down, keys across. */
export function attentionPng(report: AttentionReport & { window?: TokenWindow }): Buffer {
  const at = report.window?.from ?? 0;
  const labels = report.tokens.map((t, i) => label(t, i + at));
  const span = report.window ? ` · tokens ${report.window.from}:${report.window.to}` : '';
  return renderHeatMapPng([
    {
      title: `${report.model} · head ${report.layer}.${report.head} attention${span}`,
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
    .option('--png <file>', `also write the pattern as a PNG heat map (at most the last ${PNG_MAX_TOKENS} tokens unless --window says which)`)
    .option('--window <from:to>', 'show only these token positions, as queries and keys (e.g. 900:1000, or 900: to the end); the JSON too', parseWindow);
  addPromptOptions(addModelOptions(command, { graphOnly: true }));
  return command.action(async (prompt: string, options: { layer: number; head: number; png?: string; window?: { from?: number; to?: number }; bos: boolean; truncate?: boolean; json?: boolean } & ModelCliOptions) => {
    if (options.png) checkOutputFile('--png', options.png);
    const engine = await loadGraphEngine(options);
    const full = await attentionReport(engine, prompt, options.layer, options.head, options);
    const count = full.tokens.length;
    const shown = options.window ? windowed(full, resolveWindow(count, options.window, undefined).window) : full;
    if (options.png) {
      const { window, note } = resolveWindow(count, options.window, PNG_MAX_TOKENS);
      if (note) process.stderr.write(`${note}\n`);
      writeOutputFile('--png', options.png, attentionPng(window.from === 0 && window.to === count ? full : windowed(full, window)));
    }
    console.log(options.json ? JSON.stringify(shown, null, 2) : formatAttention(shown));
    if (options.png && !options.json) console.log(`PNG written to ${options.png}`);
  });
}
