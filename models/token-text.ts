/**
 * Make whitespace in a token visible for people: a leading space becomes "␣",
 * newlines and tabs become "↵" and "⇥". The raw text stays in JSON output.
 *
 * @example visibleToken(" John") // "␣John"
 */
export function visibleToken(text: string): string {
  return text.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/\r/g, '␍');
}
