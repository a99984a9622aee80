import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type APIEmbedField } from 'discord.js';
import { fixed, percent } from '../../common/number-format.ts';
import type { Candidate, DiscoverReport, WinExample } from '../../discover/discover-report.ts';
import { visibleToken } from '../../models/token-text.ts';
import { jsonFile, type BotMessage } from '../bot-message.ts';
import { proposalButtonId } from '../custom-ids.ts';
import { BUTTON_LABEL_MAX, EMBED_FIELD_VALUE_MAX, truncateText } from '../discord-limits.ts';
import { COLORS, escapeCode, escapeMarkdown } from './embed-text.ts';

/** Candidates shown, each with a row of buttons (a message holds at most 5 rows). */
export const CANDIDATES_SHOWN = 5;
/** Examples shown per candidate; all of them are in the attached report. */
export const EXAMPLES_SHOWN = 3;
/** The end of a prompt is what the model continues: show its last this many characters. */
const TAIL_CHARS = 60;

const share = (p: number | null): string => (p === null ? '—' : percent(p));

/** "`…the cat sat on the` → `␣mat` · P(model) 91.00% vs n-gram 2.00%, last 4 tokens 1.00%" */
export function exampleLine(e: WinExample, shortContext: number): string {
  const tail = e.prompt_tail.length > TAIL_CHARS ? `…${e.prompt_tail.slice(-TAIL_CHARS)}` : e.prompt_tail;
  return `\`${escapeCode(visibleToken(tail))}\` → \`${escapeCode(visibleToken(e.actual))}\` · P(model) ${percent(e.p_model)} vs n-gram ${percent(e.p_ngram)}, last ${shortContext} tokens ${percent(e.p_short)}`;
}

function candidateField(report: DiscoverReport, c: Candidate, index: number): APIEmbedField {
  const rate = c.rate.value === null ? '—' : `${share(c.rate.value)} (95% CI ${share(c.rate.low)}–${share(c.rate.high)})`;
  const head = [
    `**${c.wins.toLocaleString('en-US')}** wins of ${c.positions.toLocaleString('en-US')} positions like it: win rate ${rate} · ${fixed(c.per_mb, 1)} per MB`,
    `features: ${c.signature.length ? c.signature.join(', ') : 'none known'}${c.p_adjusted === null ? '' : ` · p = ${c.p_adjusted.toExponential(1)} vs unexplained (Holm, over the groups tested)`}`,
  ].join('\n');
  let value = head;
  for (const e of c.examples.slice(0, EXAMPLES_SHOWN)) {
    const line = `\n${exampleLine(e, report.rule.short_context)}`;
    if (value.length + line.length > EMBED_FIELD_VALUE_MAX) break;
    value += line;
  }
  return { name: `${index + 1}. ${escapeMarkdown(c.name)} (${c.shape})`, value };
}

/** Where a result's candidates are kept for their buttons (bot/discover-proposals.ts), and which of them are. */
export interface KeptProposals {
  runId: string;
  indices: ReadonlySet<number>;
}

/** Under each candidate shown and kept: "Propose as task" (the /task submit form, pre-filled) and its task file. */
export function proposalButtons(report: DiscoverReport, { runId, indices }: KeptProposals): APIActionRowComponent<APIButtonComponent>[] {
  return report.candidates.slice(0, CANDIDATES_SHOWN).flatMap((c, i) => (indices.has(i) ? [{ c, i }] : [])).map(({ c, i }) => ({
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: proposalButtonId('form', runId, i), label: truncateText(`${i + 1}. Propose as task: ${c.name}`, BUTTON_LABEL_MAX) },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: proposalButtonId('file', runId, i), label: 'Task file' },
    ],
  }));
}

/**
 * `/discover`'s answer: the scan's counts and its top candidates, each with its win count and
 * rate, rate per MB, features and a few examples (the prompt's end → the actual token, P(model)
 * against both baselines). Each candidate kept in Redis for its buttons gets them. The whole
 * report is attached (discover.json).
 */
export function discoverResultMessage(report: DiscoverReport, kept?: KeptProposals): BotMessage {
  const shown = report.candidates.slice(0, CANDIDATES_SHOWN);
  const size = report.bytes >= 1e6 ? `${fixed(report.bytes / 1e6, 1)} MB` : `${fixed(report.bytes / 1e3, 1)} kB`;
  const summary = [
    `${report.docs.toLocaleString('en-US')} documents · ${size} · ${report.positions.toLocaleString('en-US')} positions${report.shards ? ` · shards ${report.shards}` : ''}`,
    `**${report.wins.toLocaleString('en-US')}** in-context wins (${share(report.win_rate.value)}): P(model) ≥ ${report.rule.min_prob} and ${report.rule.margin} nats above an n-gram model and the model given only the last ${report.rule.short_context} tokens.`,
    shown.length === 0
      ? `No candidate cleared the bar (at least ${report.min_wins} wins, more often than positions no feature explains)${report.below_bar ? `; ${report.below_bar} groups fell below it` : ''}.`
      : `${report.candidates.length} candidate${report.candidates.length === 1 ? '' : 's'}${report.candidates.length > shown.length ? `, the top ${shown.length} shown` : ''}. **Propose as task** opens the /task submit form with one of its prompts; **Task file** gives all of them.`,
  ].join('\n');
  const embed: APIEmbed = {
    title: `Discovered in ${escapeMarkdown(report.corpus)}`,
    color: shown.length ? COLORS.result : COLORS.info,
    description: summary,
    fields: shown.map((c, i) => candidateField(report, c, i)),
    footer: { text: `model ${report.model} · ${fixed(report.seconds, 1)} s · ${Math.round(report.positions_per_s).toLocaleString('en-US')} positions/s` },
  };
  return {
    embeds: [embed],
    ...(kept && kept.indices.size ? { components: proposalButtons(report, kept) } : {}),
    // every candidate and example, whatever the embed shows
    files: [jsonFile('discover.json', report)],
  };
}

/** While the shards run: what was asked, how many shards are done, and that this message will hold the result. */
export function discoverPendingMessage(corpus: string, docs: number, shards: number, done = 0): BotMessage {
  const progress = shards > 1 ? ` ${done} of ${shards} done.` : '';
  return {
    embeds: [
      {
        title: `Discovering in corpus "${escapeMarkdown(corpus)}"`,
        color: COLORS.info,
        description: `⏳ Scanning ${docs.toLocaleString('en-US')} documents in ${shards} job${shards === 1 ? '' : 's'} on the workers.${progress} This message shows the candidates when the scan is done.`,
      },
    ],
  };
}
