/**
 * Discord's size limits on what a bot sends, as named constants. Discord rejects a
 * payload over any of them with 400 "Invalid Form Body" (code 50035), so every
 * message is fitted to them in one place, where it leaves (fit-message.ts).
 *
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * https://discord.com/developers/docs/components/reference
 */
export const MESSAGE_CONTENT_MAX = 2_000;
export const EMBEDS_PER_MESSAGE_MAX = 10;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4_096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1_024;
export const EMBED_FOOTER_TEXT_MAX = 2_048;
export const EMBED_AUTHOR_NAME_MAX = 256;
/** title + description + field names and values + footer text + author name, summed over every embed of a message */
export const EMBED_TOTAL_MAX = 6_000;
export const ATTACHMENTS_PER_MESSAGE_MAX = 10;
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;
export const BUTTON_LABEL_MAX = 80;
export const CUSTOM_ID_MAX = 100;
export const MODAL_TITLE_MAX = 45;
export const TEXT_INPUT_VALUE_MAX = 4_000;
/** https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-structure */
export const OPTION_CHOICES_MAX = 25;
export const OPTION_CHOICE_VALUE_MAX = 100;

/** What a cut text ends with, so a reader sees that something is missing. */
export const ELLIPSIS = '…';

/**
 * Length as Discord counts it. UTF-16 code units are at least the number of code points,
 * so a text within this length is within Discord's limit whichever it counts.
 */
export function discordLength(text: string | undefined): number {
  return text?.length ?? 0;
}

/**
 * Cut text to at most `max` UTF-16 units, ending with "…" when cut; never splits a
 * surrogate pair (an emoji stays whole or goes).
 *
 * @example truncateText('When John and Mary', 10) // 'When John…'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // a high surrogate whose pair would be cut off
  return `${text.slice(0, Math.max(0, end)).trimEnd()}${ELLIPSIS}`;
}
