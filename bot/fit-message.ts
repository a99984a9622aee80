import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { BotFile, BotMessage, FittedMessage } from './bot-message.ts';
import {
  ACTION_ROWS_MAX,
  ATTACHMENTS_PER_MESSAGE_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  CUSTOM_ID_MAX,
  discordLength,
  EMBED_AUTHOR_NAME_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_TEXT_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  MESSAGE_CONTENT_MAX,
  truncateText,
} from './discord-limits.ts';

/** The note added to a message that had to be cut. */
export function truncationNote(fileName: string): string {
  return `✂️ Shortened to fit Discord's limits; the full result is attached (\`${fileName}\`).`;
}

/** Shortest a description is cut to before fields are dropped to meet the 6,000 total. */
const DESCRIPTION_FLOOR = 256;

export function embedTotalLength(embeds: APIEmbed[]): number {
  let total = 0;
  for (const e of embeds) {
    total += discordLength(e.title) + discordLength(e.description) + discordLength(e.footer?.text) + discordLength(e.author?.name);
    for (const f of e.fields ?? []) total += discordLength(f.name) + discordLength(f.value);
  }
  return total;
}

/** Discord refuses empty field names and values. */
function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}

interface Cutter {
  cut: boolean;
  text(value: string, max: number): string;
}

function cutter(): Cutter {
  const c: Cutter = {
    cut: false,
    text(value, max) {
      const out = truncateText(value, max);
      if (out !== value) c.cut = true;
      return out;
    },
  };
  return c;
}

function fitEmbed(embed: APIEmbed, c: Cutter): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = c.text(out.title, EMBED_TITLE_MAX);
  if (out.description !== undefined) out.description = c.text(out.description, EMBED_DESCRIPTION_MAX);
  if (out.author) out.author = { ...out.author, name: c.text(out.author.name, EMBED_AUTHOR_NAME_MAX) };
  if (out.footer) out.footer = { ...out.footer, text: c.text(out.footer.text, EMBED_FOOTER_TEXT_MAX) };
  if (out.fields) {
    if (out.fields.length > EMBED_FIELDS_MAX) c.cut = true;
    out.fields = out.fields.slice(0, EMBED_FIELDS_MAX).map(
      (f): APIEmbedField => ({ ...f, name: nonEmpty(c.text(f.name, EMBED_FIELD_NAME_MAX)), value: nonEmpty(c.text(f.value, EMBED_FIELD_VALUE_MAX)) }),
    );
  }
  return out;
}

/** Bring the summed length of every embed under EMBED_TOTAL_MAX: long descriptions first, then trailing fields, then trailing embeds. */
function fitTotal(embeds: APIEmbed[], c: Cutter): APIEmbed[] {
  let over = embedTotalLength(embeds) - EMBED_TOTAL_MAX;
  if (over <= 0) return embeds;
  c.cut = true;
  const out = embeds.map((e) => ({ ...e, fields: e.fields ? [...e.fields] : undefined }));
  const byDescription = [...out].sort((a, b) => discordLength(b.description) - discordLength(a.description));
  for (const e of byDescription) {
    const length = discordLength(e.description);
    if (over <= 0 || length <= DESCRIPTION_FLOOR) continue;
    const target = Math.max(DESCRIPTION_FLOOR, length - over);
    e.description = truncateText(e.description!, target);
    over -= length - discordLength(e.description);
  }
  for (let i = out.length - 1; i >= 0 && over > 0; i--) {
    const fields = out[i].fields;
    while (fields?.length && over > 0) {
      const f = fields.pop()!;
      over -= f.name.length + f.value.length;
    }
  }
  // Every embed but the first, from the end; the first alone is at most 256 + 256 + 256 + 2,048 characters now.
  while (over > 0 && out.length > 1) over -= embedTotalLength([out.pop()!]);
  for (const e of out) if (e.fields === undefined) delete e.fields;
  return out;
}

function checkComponents(message: BotMessage): void {
  const rows = message.components ?? [];
  if (rows.length > ACTION_ROWS_MAX) throw new Error(`a message holds at most ${ACTION_ROWS_MAX} action rows (got ${rows.length})`);
  for (const row of rows) {
    if (row.components.length > BUTTONS_PER_ROW_MAX) throw new Error(`an action row holds at most ${BUTTONS_PER_ROW_MAX} buttons (got ${row.components.length})`);
    for (const component of row.components) {
      // Custom ids carry only ids (custom-ids.ts), so a long one is a bug, not data to cut.
      if ('custom_id' in component && component.custom_id.length > CUSTOM_ID_MAX) {
        throw new Error(`custom_id over ${CUSTOM_ID_MAX} characters: ${component.custom_id.slice(0, 40)}…`);
      }
      if ('label' in component && component.label && component.label.length > BUTTON_LABEL_MAX) {
        throw new Error(`button label over ${BUTTON_LABEL_MAX} characters: ${component.label.slice(0, 40)}…`);
      }
    }
  }
}

/** The untruncated embeds as Markdown: the attachment when no `fullResult` was given. */
function embedsAsMarkdown(embeds: APIEmbed[]): BotFile {
  const parts: string[] = [];
  for (const e of embeds) {
    if (e.title) parts.push(`# ${e.title}`);
    if (e.author?.name) parts.push(`_${e.author.name}_`);
    if (e.description) parts.push(e.description);
    for (const f of e.fields ?? []) parts.push(`## ${f.name}\n${f.value}`);
    if (e.footer?.text) parts.push(`_${e.footer.text}_`);
  }
  return { name: 'full-result.md', data: Buffer.from(`${parts.join('\n\n')}\n`, 'utf8') };
}

/**
 * Fit a message to Discord's limits: every text cut with "…" to its own limit, then the
 * 6,000-character total, at most 10 embeds and 10 files. When anything was cut (here or
 * by the builder), the full result is attached and the content says so. Components are
 * checked, not cut: an over-long custom id is a programming error.
 *
 * @example fitMessage({ embeds: [{ title: 'x'.repeat(300) }] }).embeds[0].title.length // 256, ending in "…"
 */
export function fitMessage(message: BotMessage): FittedMessage {
  checkComponents(message);
  const c = cutter();
  const original = message.embeds ?? [];
  if (original.length > EMBEDS_PER_MESSAGE_MAX) c.cut = true;
  const embeds = fitTotal(original.slice(0, EMBEDS_PER_MESSAGE_MAX).map((e) => fitEmbed(e, c)), c);
  const truncated = c.cut || Boolean(message.shortened);
  const files = [...(message.files ?? [])];
  let content = message.content;
  if (truncated) {
    const full = message.fullResult ?? embedsAsMarkdown(original);
    files.push(full);
    const note = truncationNote(full.name);
    content = content ? `${truncateText(content, MESSAGE_CONTENT_MAX - note.length - 1)}\n${note}` : note;
  }
  if (files.length > ATTACHMENTS_PER_MESSAGE_MAX) throw new Error(`a message holds at most ${ATTACHMENTS_PER_MESSAGE_MAX} files (got ${files.length})`);
  const fitted: FittedMessage = { files, truncated };
  if (message.embeds) fitted.embeds = embeds;
  if (content !== undefined) fitted.content = truncateText(content, MESSAGE_CONTENT_MAX);
  if (message.components) fitted.components = message.components;
  return fitted;
}
