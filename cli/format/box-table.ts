/**
 * A box-drawn table in cli-table3's compact style, in linear time: cli-table3 measures and
 * lays out every cell with wide-character handling, which takes minutes for tens of thousands
 * of rows (`hunt complete --top 50000`). Cells count one column per code point, so this is
 * for long tables of token rows; short ones keep cli-table3.
 *
 * @example formatBoxTable(['a', 'bb'], [['1', '2']]) // '┌───┬────┐\n│ a │ bb │\n├───┼────┤\n│ 1 │ 2  │\n└───┴────┘'
 */
export function formatBoxTable(head: string[], rows: string[][]): string {
  const width = (text: string) => Array.from(text).length;
  const widths = head.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const line = (cells: string[]) => `│${widths.map((w, c) => ` ${cells[c] ?? ''}${' '.repeat(w - width(cells[c] ?? ''))} `).join('│')}│`;
  return [rule('┌', '┬', '┐'), line(head), rule('├', '┼', '┤'), ...rows.map(line), rule('└', '┴', '┘')].join('\n');
}
