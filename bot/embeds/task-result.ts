import type { APIEmbed, APIEmbedField } from 'discord.js';
import { fixed, percent } from '../../common/number-format.ts';
import { visibleToken } from '../../models/token-text.ts';
import type { EvalReport, Interval, Verdict } from '../../tasks/eval-report.ts';
import type { NearDuplicate } from '../../tasks/near-duplicates.ts';
import { jsonFile, type BotMessage } from '../bot-message.ts';
import { ELLIPSIS, EMBED_FIELD_VALUE_MAX, truncateText } from '../discord-limits.ts';
import { COLORS, escapeCode, escapeMarkdown, submitterMarkdown } from './embed-text.ts';
import { voteButtons, type VoteCounts } from './vote-buttons.ts';

/** Worst instances shown; all of them are in the attached report. */
export const WORST_SHOWN = 3;
/** The end of a prompt is what the model continues: show the last this many characters. */
const PROMPT_TAIL = 90;

export const VERDICT_COLORS: Record<Verdict, number> = {
  strong: COLORS.good,
  moderate: COLORS.result,
  weak: COLORS.weak,
  none: COLORS.bad,
};

/** The catalog's row of a submitted task, as the embeds need it. */
export interface SubmittedTask {
  id: number;
  /** Discord user id */
  submitter: string;
}

/** A catalogued or built-in task the submission looks like (see near-duplicates.ts). */

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function withInterval(value: string, interval: Interval | undefined, format: (x: number) => string): string {
  return interval ? `${value} (95% CI ${format(interval.low)}–${format(interval.high)})` : value;
}

function tail(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ');
  return flat.length > PROMPT_TAIL ? `${ELLIPSIS}${flat.slice(-PROMPT_TAIL)}` : flat;
}

function worstField(report: EvalReport): APIEmbedField | undefined {
  if (report.worst.length === 0) return undefined;
  const lines = report.worst.slice(0, WORST_SHOWN).map((w) => {
    const expected = w.expected.map((e) => `'${visibleToken(e)}'`).join(' / ');
    return `\`${escapeCode(tail(w.prompt))}\`\n→ expected ${escapeMarkdown(expected)} ${percent(w.prob)} (rank ${w.rank}); model: '${escapeMarkdown(visibleToken(w.model_top.text))}' ${percent(w.model_top.prob)}`;
  });
  return { name: `Worst ${Math.min(WORST_SHOWN, report.worst.length)} of ${report.scored} prompts`, value: truncateText(lines.join('\n'), EMBED_FIELD_VALUE_MAX) };
}

/** The metrics as inline fields. */
function metricFields(report: EvalReport): APIEmbedField[] {
  const m = report.metrics;
  const fields: APIEmbedField[] = [
    { name: 'P(expected)', value: withInterval(percent(m.mean_prob), report.ci.mean_prob, percent), inline: true },
    { name: 'Top-1 · top-5', value: `${pct(m.top1)} · ${pct(m.top5)}`, inline: true },
    { name: 'Median rank', value: String(m.median_rank), inline: true },
  ];
  if (m.mean_logit_diff !== undefined) fields.push({ name: 'Logit diff vs distractor', value: fixed(m.mean_logit_diff), inline: true });
  if (m.beats_distractor !== undefined) fields.push({ name: 'Beats distractor', value: pct(m.beats_distractor), inline: true });
  if (report.control) {
    // a submitted task without a control is measured against the generic shuffle: say so
    const c = report.control;
    const name = !c.generic ? 'Cue removed (control)' : c.generic === c.n ? 'Cue removed (generic control: words shuffled)' : `Cue removed (control; generic for ${c.generic} of ${c.n})`;
    fields.push({ name, value: `P ${percent(report.control.mean_prob)} · lift ${fixed(report.control.lift, 1)}×`, inline: true });
  }
  const failed = report.failures.count ? ` · ${report.failures.count} not scored` : '';
  fields.push({ name: 'Prompts', value: `${report.n} generated · ${report.scored} scored${failed}`, inline: true });
  return fields;
}

function duplicateField(duplicates: readonly NearDuplicate[]): APIEmbedField | undefined {
  if (duplicates.length === 0) return undefined;
  return { name: '⚠ Looks like a task we already have', value: truncateText(duplicates.map((d) => `**${escapeMarkdown(d.label)}**: ${d.reason}`).join('\n'), EMBED_FIELD_VALUE_MAX) };
}

/**
 * A submitted task's evaluation: verdict and confidence, the metrics, the worst
 * instances, a near-duplicate warning, and the vote buttons with live counts.
 */
export function taskResultMessage(task: SubmittedTask, report: EvalReport, counts: VoteCounts, duplicates: readonly NearDuplicate[] = [], link?: string): BotMessage {
  const fields = [...metricFields(report), worstField(report), duplicateField(duplicates)].filter((f): f is APIEmbedField => f !== undefined);
  if (report.mismatches.count > 0) {
    const example = report.mismatches.examples[0];
    const detail = example ? `: \`${escapeCode(tail(example.prompt))}\` built "${visibleToken(example.generator)}", the heuristic says ${example.heuristic.map((h) => `"${visibleToken(h)}"`).join(' / ')}` : '';
    fields.push({ name: '⚠ Heuristic mismatches', value: truncateText(`${report.mismatches.count} prompts${detail}`, EMBED_FIELD_VALUE_MAX) });
  }
  const embed: APIEmbed = {
    title: `Task #${task.id} · ${report.title}`,
    ...(link ? { url: link } : {}),
    color: VERDICT_COLORS[report.verdict],
    description: `**Verdict: ${report.verdict}** · confidence ${pct(report.confidence)}\n${escapeMarkdown(report.verdict_reason)}`,
    fields,
    footer: { text: `${report.task} · model ${report.model} · n ${report.n} · seed ${report.seed} · <|endoftext|> ${report.bos ? 'prepended' : 'not prepended'}` },
  };
  return {
    content: `${submitterMarkdown(task.submitter)}'s task #${task.id} is evaluated. Vote: 👍 if GPT-2 small really does this, 👎 if not.`,
    embeds: [embed],
    components: voteButtons(task.id, counts),
    fullResult: jsonFile(`task-${task.id}-evaluation.json`, report),
  };
}

/** The reply while the evaluation runs (it is edited into the result). */
export function taskPendingMessage(task: SubmittedTask, title: string, duplicates: readonly NearDuplicate[]): BotMessage {
  const fields = [duplicateField(duplicates)].filter((f): f is APIEmbedField => f !== undefined);
  const embed: APIEmbed = {
    title: `Task #${task.id} · ${title}`,
    color: COLORS.info,
    description: '⏳ Submitted; GPT-2 small is being evaluated on it. This message shows the result when it is ready.',
  };
  if (fields.length) embed.fields = fields;
  return { embeds: [embed] };
}

/** Said in the channel when a task's votes put it into the catalog. */
export function catalogAddedMessage(task: SubmittedTask, title: string, net: number, threshold: number): BotMessage {
  return {
    embeds: [
      {
        title: `📚 Task #${task.id} is in the catalog`,
        color: COLORS.good,
        description: `**${escapeMarkdown(title)}** reached ${net} net upvotes (threshold ${threshold}). Thanks to everyone who voted. \`/catalog\` lists it.`,
      },
    ],
  };
}
