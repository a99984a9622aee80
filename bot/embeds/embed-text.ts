import { readSubmitter } from '../../catalog/submitter.ts';
import type { TokenInfo } from '../../models/engine-types.ts';
import { visibleToken } from '../../models/token-text.ts';
import { ELLIPSIS } from '../discord-limits.ts';

/** Embed colours: one per kind of message, so a reader tells them apart at a glance. */
export const COLORS = {
  result: 0x5865f2,
  good: 0x57f287,
  weak: 0xfee75c,
  bad: 0xed4245,
  info: 0x99aab5,
} as const;

/** Text placed in a Markdown code span or block cannot close it: a zero-width space breaks every backtick run. */
export function escapeCode(text: string): string {
  return text.replace(/`/g, '`\u200b');
}

/**
 * Markdown outside code: escape the characters Discord formats inline (headings and
 * lists need a line start, which user text inside a line never has), and break
 * @-mentions (embeds do not ping, but they render).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~|`[\]()])/g, '\\$1').replace(/@/g, '@\u200b');
}

/**
 * Who submitted a task, for a message: a Discord user as a mention, a `hunt submit` user as
 * their name marked "(terminal)" (no Discord user has that id), anyone else as their name.
 *
 * @example submitterMarkdown('1400000000000000001') // '<@1400000000000000001>'
 * @example submitterMarkdown('cli:ada') // 'ada (terminal)'
 */
export function submitterMarkdown(submitter: string): string {
  const who = readSubmitter(submitter);
  if (who.kind === 'discord') return `<@${who.userId}>`;
  return who.kind === 'terminal' ? `${escapeMarkdown(who.name)} (terminal)` : escapeMarkdown(who.name);
}

export function codeBlock(text: string): string {
  return `\`\`\`\n${escapeCode(text)}\n\`\`\``;
}

/** A token as the CLI shows it: quoted, spaces visible. */
export function quotedToken(text: string): string {
  return `'${visibleToken(text)}'`;
}

/**
 * The tokenized prompt within `budget` characters: the first tokens and the last ones
 * (the end matters most: it is what the model continues), with a count of those left out.
 *
 * @example tokenList([{ id: 2215, text: 'When' }, { id: 1757, text: ' John' }], true, 500)
 * // { text: "'<|endoftext|>' 'When' '␣John'", shortened: false }
 */
export function tokenList(tokens: TokenInfo[], bos: boolean, budget: number): { text: string; shortened: boolean } {
  const shown = tokens.map((t) => quotedToken(t.text));
  if (bos) shown.unshift("'<|endoftext|>'");
  const full = shown.join(' ');
  if (full.length <= budget) return { text: full, shortened: false };
  // Keep about a quarter of the budget for the head and the rest for the tail.
  const headBudget = Math.floor(budget / 4);
  const head: string[] = [];
  let used = 0;
  for (const t of shown) {
    if (used + t.length + 1 > headBudget) break;
    head.push(t);
    used += t.length + 1;
  }
  const tail: string[] = [];
  const reserve = 40; // the "… N tokens …" marker
  for (let i = shown.length - 1; i >= head.length; i--) {
    if (used + shown[i].length + 1 > budget - reserve) break;
    tail.unshift(shown[i]);
    used += shown[i].length + 1;
  }
  const skipped = shown.length - head.length - tail.length;
  return { text: [...head, `${ELLIPSIS} ${skipped} tokens ${ELLIPSIS}`, ...tail].join(' '), shortened: true };
}

/** "model local:tiny-gpt2 · <|endoftext|> prepended", plus the left cut when there was one. */
export function modelFooter(model: string, bos: boolean, truncated = 0): string {
  const cut = truncated > 0 ? ` · first ${truncated} prompt tokens cut to fit the context` : '';
  return `model ${model} · <|endoftext|> ${bos ? 'prepended' : 'not prepended'}${cut}`;
}

/** Left-pad or cut to a column width, for monospace tables. */
export function column(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}${ELLIPSIS}` : text;
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}
