import type { APIEmbed } from 'discord.js';
import type { CompleteFirstView, CompleteReport } from '../../reports/complete-report.ts';
import { fixed, percent } from '../../common/number-format.ts';
import type { TopToken } from '../../models/engine-types.ts';
import { visibleToken } from '../../models/token-text.ts';
import { jsonFile, type BotMessage } from '../bot-message.ts';
import { EMBED_FIELD_VALUE_MAX, truncateText } from '../discord-limits.ts';
import { TOP_K_CHART_NAME } from '../top-k-chart.ts';
import { codeBlock, column, COLORS, modelFooter, tokenList } from './embed-text.ts';

/** Characters of the tokenized prompt shown; the rest is in the attached JSON. */
export const PROMPT_TOKENS_BUDGET = 1_500;
/** Room a code block's fences take inside a field value. */
const FENCES = 8;

/**
 * The top-k table as monospace lines, as many as fit in one field.
 *
 * @example topTable([{ id: 1757, text: ' John', prob: 0.612, logprob: -0.491, logit: 3.25 }], new Set())
 * // { text: 'rank token              prob    logit\n   1 ␣John            61.20%    3.250', shortened: false }
 */
export function topTable(top: TopToken[], highlight: ReadonlySet<number>, max = EMBED_FIELD_VALUE_MAX - FENCES): { text: string; shortened: boolean } {
  const lines = [`${column('rank', 4, 'right')} ${column('token', 16)} ${column('prob', 8, 'right')} ${column('logit', 8, 'right')}`];
  let length = lines[0].length;
  for (const [i, t] of top.entries()) {
    const mark = highlight.has(t.id) ? ' ◀' : '';
    const line = `${column(String(i + 1), 4, 'right')} ${column(visibleToken(t.text), 16)} ${column(percent(t.prob), 8, 'right')} ${column(fixed(t.logit), 8, 'right')}${mark}`;
    if (length + 1 + line.length > max) return { text: lines.join('\n'), shortened: true };
    lines.push(line);
    length += 1 + line.length;
  }
  return { text: lines.join('\n'), shortened: false };
}

/** How the continuation's field reads while the worker still generates it. */
export const CONTINUATION_PENDING = '*generating…*';

/**
 * `/complete`'s answer: the tokenized prompt (spaces visible), the top-k table with a
 * bar chart, the continuation, and a footer naming the model and whether
 * `<|endoftext|>` was prepended. The whole report is attached when anything was cut.
 * With `link` (the result's page on `hunt serve`), the title links to it. Given a first view
 * (no continuation yet), the continuation's field says it is being generated and nothing is
 * attached but the chart: the final report replaces it.
 */
export function completeResultMessage(report: CompleteReport | CompleteFirstView, chartPng: Buffer, link?: string): BotMessage {
  const promptTokens = tokenList(report.prompt_tokens, report.bos, PROMPT_TOKENS_BUDGET);
  const table = topTable(report.top, new Set());
  const final = 'continuation' in report;
  const continuation = final ? truncateText(report.continuation, EMBED_FIELD_VALUE_MAX - FENCES - 20) : '';
  const count = report.prompt_tokens.length + (report.bos ? 1 : 0);
  const kind = report.sampled ? 'Sampled' : 'Greedy';
  const embed: APIEmbed = {
    title: `GPT-2's top ${report.top.length} next tokens`,
    ...(link ? { url: link } : {}),
    color: COLORS.result,
    description: `**Tokenized prompt** (${count} tokens)\n${codeBlock(promptTokens.text)}`,
    fields: [
      { name: `Top ${report.top.length} next tokens`, value: codeBlock(table.text) },
      final
        ? { name: `${kind} continuation (${report.continuation_tokens.length} tokens)`, value: report.continuation_tokens.length ? codeBlock(continuation) : '—' }
        : { name: `${kind} continuation`, value: CONTINUATION_PENDING },
    ],
    image: { url: `attachment://${TOP_K_CHART_NAME}` },
    footer: { text: modelFooter(report.model, report.bos, report.truncated) },
  };
  return {
    embeds: [embed],
    files: [{ name: TOP_K_CHART_NAME, data: chartPng, description: 'bar chart of the top next-token probabilities' }],
    ...(final ? { fullResult: jsonFile('complete.json', report) } : {}),
    shortened: final && (promptTokens.shortened || table.shortened || continuation !== report.continuation),
  };
}
