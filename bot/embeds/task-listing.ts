import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CatalogSummary, TaskDetail, TaskSummary } from '../../catalog/catalog-repository.ts';
import { percent } from '../../common/number-format.ts';
import { visibleToken } from '../../models/token-text.ts';
import { jsonFile, type BotMessage } from '../bot-message.ts';
import { EMBED_DESCRIPTION_MAX, EMBED_FIELD_VALUE_MAX, truncateText } from '../discord-limits.ts';
import { codeBlock, COLORS, escapeMarkdown, submitterMarkdown } from './embed-text.ts';
import { VERDICT_COLORS } from './task-result.ts';
import { voteButtons } from './vote-buttons.ts';

/** Rows in /task list and /catalog; more are in the export. */
export const LIST_ROWS = 20;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

function answers(v: unknown): string {
  return asList(v).map((a) => `"${visibleToken(a)}"`).join(' / ') || '—';
}

function isVerdict(v: string): v is keyof typeof VERDICT_COLORS {
  return Object.hasOwn(VERDICT_COLORS, v);
}

interface Figures {
  mean_prob?: number;
  top1?: number;
  median_rank?: number;
}

/** The definition's what-to-expect fields: template or pairs, expected, distractor, fillers. */
function definitionFields(d: Record<string, unknown>): { fields: APIEmbedField[]; shortened: boolean } {
  const fields: APIEmbedField[] = [];
  let shortened = false;
  const block = (text: string) => {
    const cut = truncateText(text, EMBED_FIELD_VALUE_MAX - 8);
    if (cut !== text) shortened = true;
    return codeBlock(cut);
  };
  // one template, or the first of several (an entry may be { template, expected, … })
  const entries: unknown[] = typeof d.template === 'string' ? [d.template] : Array.isArray(d.templates) ? d.templates : [];
  const first = (typeof entries[0] === 'string' ? { template: entries[0] } : (entries[0] ?? {})) as Record<string, unknown>;
  if (typeof first.template === 'string') {
    fields.push({ name: entries.length > 1 ? `Template (1 of ${entries.length})` : 'Template', value: block(first.template) });
    if (entries.length > 1) shortened = true;
    fields.push({ name: 'Expected', value: answers(first.expected ?? d.expected), inline: true });
    const distractor = first.distractor ?? d.distractor;
    if (distractor !== undefined) fields.push({ name: 'Distractor', value: answers(distractor), inline: true });
    const slots = (d.slots ?? {}) as Record<string, unknown>;
    const lists = (d.lists ?? {}) as Record<string, unknown[]>;
    const describe = Object.entries(slots).map(([slot, fill]) => {
      if (typeof fill === 'string') return `{${slot}}: ${fill} (${lists[fill]?.length ?? 0})`;
      if (Array.isArray(fill)) return `{${slot}}: ${fill.slice(0, 5).join(', ')}${fill.length > 5 ? ', …' : ''}`;
      const range = (fill ?? {}) as { from?: unknown; to?: unknown };
      return `{${slot}}: ${String(range.from)}–${String(range.to)}`;
    });
    if (describe.length) fields.push({ name: 'Slots', value: truncateText(describe.join('\n'), EMBED_FIELD_VALUE_MAX) });
    const control = first.control ?? d.control;
    if (typeof control === 'string') fields.push({ name: 'Control', value: block(control) });
  } else if (Array.isArray(d.pairs)) {
    const pairs = d.pairs as { prompt: string; answer: unknown; distractor?: unknown }[];
    const first = pairs[0];
    fields.push({ name: `Prompt${pairs.length > 1 ? ` (1 of ${pairs.length})` : ''}`, value: block(first.prompt) });
    fields.push({ name: 'Expected', value: answers(first.answer), inline: true });
    if (first.distractor !== undefined) fields.push({ name: 'Distractor', value: answers(first.distractor), inline: true });
    if (pairs.length > 1) shortened = true;
  }
  return { fields, shortened };
}

/** `/task show id`: the task as submitted, its latest evaluation and its votes (with the buttons). */
export function taskDetailMessage(detail: TaskDetail): BotMessage {
  const d = detail.task.definition;
  const title = typeof d.title === 'string' ? d.title : detail.task.slug;
  const { fields, shortened } = definitionFields(d);
  const e = detail.evaluation;
  if (e) {
    // The catalog keeps the report's figures (worker/catalog-recorder.ts): the task metrics sit under `metrics`.
    const stored = e.metrics as { metrics?: Figures; confidence?: number } & Figures;
    const m: Figures = stored.metrics ?? stored;
    const figures = [
      m.mean_prob !== undefined ? `P(expected) ${percent(m.mean_prob)}` : undefined,
      m.top1 !== undefined ? `top-1 ${percent(m.top1)}` : undefined,
      m.median_rank !== undefined ? `median rank ${m.median_rank}` : undefined,
    ].filter(Boolean);
    const confidence = typeof stored.confidence === 'number' ? ` (confidence ${Math.round(stored.confidence * 100)}%)` : '';
    fields.push({ name: 'Latest evaluation', value: `**${e.verdict}**${confidence}${figures.length ? ` · ${figures.join(' · ')}` : ''}\n${e.model_id} · ${e.evaluated_at.toISOString().slice(0, 10)}` });
  } else {
    fields.push({ name: 'Latest evaluation', value: 'none yet' });
  }
  const description = typeof d.description === 'string' && d.description ? escapeMarkdown(d.description) : undefined;
  const embed: APIEmbed = {
    title: `Task #${detail.task.id} · ${title}`,
    color: e && isVerdict(e.verdict) ? VERDICT_COLORS[e.verdict] : COLORS.info,
    fields,
    footer: { text: `${detail.task.slug} · submitted ${detail.task.submitted_at.toISOString().slice(0, 10)}` },
  };
  if (description) embed.description = truncateText(description, 1_000);
  return {
    content: `Submitted by ${submitterMarkdown(detail.task.submitter)} · 👍 ${detail.tally.up} · 👎 ${detail.tally.down}${detail.tally.inCatalog ? ' · 📚 in the catalog' : ''}`,
    embeds: [embed],
    components: voteButtons(detail.task.id, detail.tally),
    fullResult: jsonFile(`task-${detail.task.id}.json`, d),
    shortened: shortened || (description !== undefined && description.length > 1_000),
  };
}

/** `/task list`: submitted tasks, one line each. */
export function taskListMessage(tasks: TaskSummary[], sort: 'top' | 'new', verdict?: string): BotMessage {
  const lines = tasks.slice(0, LIST_ROWS).map((t) => {
    const title = escapeMarkdown(t.title ?? t.slug);
    return `**#${t.id}** ${title} · 👍 ${t.up} 👎 ${t.down} · ${t.verdict ?? 'not evaluated'}${t.in_catalog ? ' · 📚' : ''}`;
  });
  const filter = verdict ? `, verdict ${verdict}` : '';
  const embed: APIEmbed = {
    title: `Submitted tasks (${sort === 'top' ? 'most upvoted' : 'newest'} first${filter})`,
    color: COLORS.info,
    description: lines.length ? truncateText(lines.join('\n'), EMBED_DESCRIPTION_MAX) : 'No tasks yet: `/task submit` adds one.',
    footer: { text: '/task show <id> for one task · 📚 = in the catalog' },
  };
  return { embeds: [embed] };
}

/** `/catalog`: the catalogued tasks, newest first. */
export function catalogListMessage(entries: CatalogSummary[]): BotMessage {
  const lines = entries.slice(0, LIST_ROWS).map(
    (e) => `**#${e.task_id}** ${escapeMarkdown(e.title ?? e.slug)} · net ${e.net_votes} · ${e.verdict ?? 'not evaluated'} · ${e.added_at.toISOString().slice(0, 10)}`,
  );
  const more = entries.length > LIST_ROWS ? `\n… and ${entries.length - LIST_ROWS} more: \`/catalog export\`` : '';
  const embed: APIEmbed = {
    title: `📚 The catalog (${entries.length} task${entries.length === 1 ? '' : 's'})`,
    color: COLORS.good,
    description: lines.length ? truncateText(`${lines.join('\n')}${more}`, EMBED_DESCRIPTION_MAX) : 'The catalog is empty: tasks enter it when their net upvotes reach the threshold.',
  };
  return { embeds: [embed] };
}
