import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { MineReport } from '../../corpus/mine-report.ts';
import type { Proportion } from '../../corpus/proportion-interval.ts';
import type { MineRunProgress } from '../../queue/mine-flow.ts';
import type { BotMessage } from '../bot-message.ts';
import { EMBED_FIELD_VALUE_MAX, truncateText } from '../discord-limits.ts';
import { COLORS, escapeMarkdown } from './embed-text.ts';

/** Failed shards listed by name; all of them are in the attached report. */
export const FAILED_SHARDS_SHOWN = 5;

/** Bytes as MB, or kB below one MB (a small corpus would show only "0.0 MB"). */
const size = (bytes: number): string => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);
const rate = (mbPerS: number): string => `${mbPerS.toFixed(mbPerS < 1 ? 2 : 1)} MB/s`;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A proportion with its interval and counts: "42.0% (95% CI 30.1–55.0%), 21 of 50".
 *
 * @example proportionText({ k: 21, n: 50, value: 0.42, low: 0.301, high: 0.55 }) // '42.0% (95% CI 30.1%–55.0%), 21 of 50'
 */
export function proportionText(p: Proportion): string {
  if (p.value === null) return `— (none of ${count(p.n)})`;
  const interval = p.low !== null && p.high !== null ? ` (95% CI ${pct(p.low)}–${pct(p.high)})` : '';
  return `${pct(p.value)}${interval}, ${count(p.k)} of ${count(p.n)}`;
}

const title = (task: string, corpus: string): string => `/mine ${task} on ${corpus}`;

/** While a run goes on: shards done of all, megabytes, MB/s since it was queued. */
export function mineProgressMessage(task: string, corpus: string, runId: string, progress: MineRunProgress, seconds: number): BotMessage {
  return {
    embeds: [
      {
        title: escapeMarkdown(title(task, corpus)),
        color: COLORS.info,
        description: `Mining: ${progress.shardsDone} of ${progress.shardsTotal} shards, ${size(progress.bytesDone)} of ${size(progress.bytesTotal)}, ${rate(progress.bytesDone / 1e6 / Math.max(seconds, 1e-3))}`,
        footer: { text: `run ${runId}` },
      },
    ],
  };
}

/** What the embed shows of a report. */
export type MineKeyFigures = Pick<MineReport, 'matches' | 'judged' | 'capped' | 'duplicates' | 'precision' | 'agreement' | 'agreement_lenient' | 'declined' | 'docs' | 'bytes' | 'mb_per_s' | 'shards'>;

/** The report's key figures as fields: what `hunt mine` prints first. */
export function mineResultFields(report: MineKeyFigures, runId: string): APIEmbedField[] {
  const fields: APIEmbedField[] = [
    { name: 'Matches', value: `${count(report.matches)} (${count(report.judged)} judged, ${count(report.capped)} over the per-document cap, ${count(report.duplicates)} duplicates)` },
    { name: 'Regex precision', value: proportionText(report.precision) },
    { name: 'Heuristic agreement', value: proportionText(report.agreement) },
    { name: 'Agreement, lenient (first token, case-folded)', value: proportionText(report.agreement_lenient) },
    { name: 'Declined by the heuristic', value: count(report.declined), inline: true },
    { name: 'Scanned', value: `${count(report.docs)} documents, ${size(report.bytes)}, ${rate(report.mb_per_s)}`, inline: true },
  ];
  const shards = report.shards;
  if (shards) {
    const failed = shards.failed;
    const lines = failed.slice(0, FAILED_SHARDS_SHOWN).map((f) => `shard ${f.shard} (${escapeMarkdown(f.files.join(', '))}): ${escapeMarkdown(f.error)}`);
    if (failed.length > FAILED_SHARDS_SHOWN) lines.push(`and ${failed.length - FAILED_SHARDS_SHOWN} more (\`hunt result ${runId}\` shows them all)`);
    fields.push({ name: `Shards: ${shards.total - failed.length} of ${shards.total} scanned`, value: truncateText(failed.length ? `failed, not counted:\n${lines.join('\n')}` : 'none failed', EMBED_FIELD_VALUE_MAX) });
  }
  return fields;
}

/** The finished run: its key figures (the corpus by its configured name: the path is the operator's). */
export function mineResultMessage(report: MineReport, corpus: string, runId: string): BotMessage {
  const failed = report.shards?.failed.length ?? 0;
  const embed: APIEmbed = {
    title: escapeMarkdown(title(report.task, corpus)),
    color: failed ? COLORS.weak : COLORS.result,
    fields: mineResultFields(report, runId),
    footer: { text: `run ${runId} · ${report.engine} engine · tokens ${report.tokens_method}` },
  };
  return { embeds: [embed] };
}
