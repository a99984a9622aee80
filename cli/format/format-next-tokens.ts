import Table from 'cli-table3';
import type { TokenInfo, TopToken } from '../../models/engine-types.ts';
import { visibleToken } from '../../models/token-text.ts';
import { formatBoxTable } from './box-table.ts';
import { fixed, percent } from '../../common/number-format.ts';

export function formatPromptTokens(tokens: TokenInfo[], bos: boolean, truncated = 0): string {
  const shown = tokens.map((t) => `'${visibleToken(t.text)}'`);
  if (bos) shown.unshift("'<|endoftext|>'");
  const cut = truncated > 0 ? ` (first ${truncated} tokens cut to fit the context)` : '';
  return `Tokenized prompt (${tokens.length + (bos ? 1 : 0)} tokens${cut}): [${shown.join(', ')}]`;
}

export function formatHeader(modelId: string, bos: boolean): string {
  return `Model: ${modelId} · <|endoftext|> ${bos ? 'prepended' : 'not prepended'}`;
}

/** Above this many rows the linear-time table draws them (cli-table3 takes minutes on 50,000). */
export const FAST_TABLE_ROWS = 200;

export function formatTopTable(top: TopToken[], highlight: Set<number> = new Set()): string {
  const head = ['rank', 'token', 'id', 'prob', 'logprob', 'logit'];
  const rows = top.map((t, i) => {
    const mark = highlight.has(t.id) ? ' ◀' : '';
    return [String(i + 1), `'${visibleToken(t.text)}'${mark}`, String(t.id), percent(t.prob), fixed(t.logprob), fixed(t.logit)];
  });
  if (rows.length > FAST_TABLE_ROWS) return formatBoxTable(head, rows);
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  table.push(...rows);
  return table.toString();
}
