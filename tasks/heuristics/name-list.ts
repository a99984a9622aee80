/**
 * Reading people out of a prompt, for IOI-style heuristics: the first list of names joined
 * by "and" ("John and Mary", "John, Mary and Tom"), and how often each is named after it.
 */

/** Capitalised words that start sentences or clauses in such prompts but are not names. */
const NOT_NAMES: ReadonlySet<string> = new Set([
  'The', 'Then', 'When', 'After', 'Afterwards', 'While', 'Friends', 'A', 'An', 'In', 'On', 'At', 'It', 'He', 'She',
  'They', 'We', 'I', 'You', 'His', 'Her', 'Their', 'Our', 'This', 'That', 'There', 'These', 'Those', 'But', 'And',
  'Or', 'So', 'If', 'As', 'Yesterday', 'Today', 'Later', 'Finally', 'Meanwhile', 'Mr', 'Mrs', 'Ms', 'Dr', 'Once',
  'Before', 'Since', 'Because', 'Although', 'Everyone', 'Both', 'All', 'Hi', 'Hello', 'Dear',
]);

const NAME = '[A-Z][a-z]+';
/** "A and B", "A, B and C", "A, B, and C" */
const LIST = new RegExp(`\\b(${NAME}(?:, ${NAME})*),? and (${NAME})\\b`, 'g');

export interface NameList {
  names: string[];
  /** index in the text just after the list */
  end: number;
}

/**
 * The first "and"-joined list of at least two names, with non-names at its front dropped
 * ("Then, Mary and John" → Mary, John). Null when there is none.
 *
 * @example findNameList('When John and Mary went to the store, Mary gave a flower to') // { names: ['John', 'Mary'], end: 18 }
 */
export function findNameList(text: string): NameList | null {
  for (const m of text.matchAll(LIST)) {
    const listed = [...m[1].split(', '), m[2]];
    let first = 0;
    while (first < listed.length && NOT_NAMES.has(listed[first])) first++;
    const names = listed.slice(first);
    if (names.length < 2 || names.some((n) => NOT_NAMES.has(n)) || new Set(names).size !== names.length) continue;
    return { names, end: m.index + m[0].length };
  }
  return null;
}

/** How many times `name` occurs as a whole word in `text`. */
export function countMentions(text: string, name: string): number {
  return [...text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].length;
}

/**
 * The one name in the first list of the prompt's last line that is not mentioned again, when
 * every other name is: the indirect object of IOI. Null when zero or several names are not
 * mentioned again. (`list.end` counts from the start of that line.)
 */
export function theOneNamedOnce(prompt: string): { list: NameList; once: string; others: string[] } | null {
  // only the last line: in a long document, names listed paragraphs ago say nothing about this sentence
  const text = prompt.slice(prompt.lastIndexOf('\n') + 1);
  const list = findNameList(text);
  if (!list) return null;
  const after = text.slice(list.end);
  const notAgain = list.names.filter((n) => countMentions(after, n) === 0);
  if (notAgain.length !== 1) return null;
  return { list, once: notAgain[0], others: list.names.filter((n) => n !== notAgain[0]) };
}

/** "A", "A and B", "A, B and C" */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
