import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { ScoreReport } from '../../reports/score-report.ts';
import { fixed, percent } from '../../common/number-format.ts';
import type { ScoredAnswer } from '../../models/engine-types.ts';
import { visibleToken } from '../../models/token-text.ts';
import { jsonFile, type BotMessage } from '../bot-message.ts';
import { EMBED_FIELD_VALUE_MAX, EMBED_FIELDS_MAX, EMBED_TOTAL_MAX, truncateText } from '../discord-limits.ts';
import { codeBlock, COLORS, escapeCode, modelFooter, tokenList } from './embed-text.ts';
import { topTable } from './complete-result.ts';

/** Characters of the tokenized prompt shown in a score embed. */
export const SCORE_PROMPT_BUDGET = 1_000;
/** One field per answer, leaving room for the top-k field and the "more answers" field. */
export const ANSWER_FIELDS_MAX = EMBED_FIELDS_MAX - 2;
/** Top-k rows listed under the answers. */
const TOP_ROWS = 10;

function answerLine(a: Omit<ScoredAnswer, 'alternative' | 'note'>): string {
  const tokens = a.tokens.map((t) => `'${visibleToken(t.text)}'=${t.id}`).join(' ');
  return `rank **${a.rank}** · prob ${percent(a.prob)} · logit ${fixed(a.logit)}\nlogprob ${fixed(a.logprob)} · \`${escapeCode(tokens)}\``;
}

function answerField(a: ScoredAnswer, index: number, budget: number): APIEmbedField {
  const parts = [answerLine(a)];
  if (a.boundary_merge) parts.push('⚠ a BPE merge crosses the prompt/answer boundary');
  if (a.note) parts.push(`note: ${a.note}`);
  if (a.alternative) parts.push(`alternative "${visibleToken(a.alternative.answer)}": ${answerLine(a.alternative)}`);
  return { name: `${index + 1}. "${visibleToken(a.answer)}"`, value: truncateText(parts.join('\n'), budget), inline: true };
}

/** "logit difference ("␣John" − "␣Mary", first tokens): **3.250**" */
function logitDiffLine(report: ScoreReport): string | undefined {
  if (report.logit_diff === undefined || report.answers.length < 2) return undefined;
  const [a, b] = report.answers;
  return `**Logit difference** ("${visibleToken(a.answer)}" − "${visibleToken(b.answer)}", first tokens): **${fixed(report.logit_diff)}**`;
}

/**
 * `/score`'s answer: each answer's rank, probability and logit (with what was really
 * scored, spaces visible), the logit difference of the first two, and the top tokens.
 * At most ANSWER_FIELDS_MAX answers are shown; the rest are in the attached JSON.
 */
export function scoreResultMessage(report: ScoreReport, link?: string): BotMessage {
  const promptTokens = tokenList(report.prompt_tokens, report.bos, SCORE_PROMPT_BUDGET);
  const count = report.prompt_tokens.length + (report.bos ? 1 : 0);
  const description = [`**Tokenized prompt** (${count} tokens)\n${codeBlock(promptTokens.text)}`, logitDiffLine(report)].filter(Boolean).join('\n');
  const shown = report.answers.slice(0, ANSWER_FIELDS_MAX);
  const top = topTable(report.top.slice(0, TOP_ROWS), new Set(report.answers.map((a) => a.token_ids[0])));
  // Share what the 6,000-character total leaves among the answer fields.
  const fixedPart = 200 + description.length + top.text.length;
  const perAnswer = Math.min(EMBED_FIELD_VALUE_MAX, Math.floor((EMBED_TOTAL_MAX - fixedPart) / Math.max(1, shown.length)) - 40);
  const fields = shown.map((a, i) => answerField(a, i, perAnswer));
  const cut = fields.some((f, i) => f.value.length < answerField(shown[i], i, EMBED_FIELD_VALUE_MAX).value.length);
  const hidden = report.answers.length - shown.length;
  if (hidden > 0) fields.push({ name: `… and ${hidden} more answers`, value: 'in the attached `score.json`' });
  fields.push({ name: `Top ${Math.min(TOP_ROWS, report.top.length)} next tokens (◀ = an answer's first token)`, value: codeBlock(top.text) });
  const embed: APIEmbed = {
    title: `Scores of ${report.answers.length} answer${report.answers.length === 1 ? '' : 's'}`,
    ...(link ? { url: link } : {}),
    color: COLORS.result,
    description,
    fields,
    footer: { text: modelFooter(report.model, report.bos, report.truncated) },
  };
  return {
    embeds: [embed],
    fullResult: jsonFile('score.json', report),
    shortened: promptTokens.shortened || hidden > 0 || cut || report.top.length > TOP_ROWS,
  };
}
