import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

/** A file attached to a message (a chart, an export, the full result of a cut embed). */
export interface BotFile {
  name: string;
  data: Buffer;
  description?: string;
}

/**
 * A message as the bot's embed builders produce it: plain API data, before Discord's
 * limits are applied. Every send path passes it through `fitMessage` (fit-message.ts).
 */
export interface BotMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files?: BotFile[];
  /** the whole result (JSON or text), attached when anything had to be cut to fit */
  fullResult?: BotFile;
  /** the builder already shortened something on its own budget (say, a long tokenized prompt) */
  shortened?: boolean;
}

/** A message that fits Discord's limits: what leaves for Discord. */
export interface FittedMessage {
  content?: string;
  /** absent: an edit leaves the message's embeds as they are */
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files: BotFile[];
  /** something was cut; the full result is among the files */
  truncated: boolean;
}

/** A JSON file of a result, for `fullResult` and exports. */
export function jsonFile(name: string, value: unknown): BotFile {
  return { name, data: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}
