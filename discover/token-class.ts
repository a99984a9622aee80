/**
 * Coarse classes of GPT-2 tokens, read from their text alone: the "shape" of a position is the
 * class of the token before it and of the token predicted there, so wins that look alike in
 * text (a word after a word, a number after punctuation) group together.
 */
export const TOKEN_CLASSES = ['word', 'Word', 'UPPER', 'piece', 'number', 'punct', 'newline', 'other'] as const;
export type TokenClass = (typeof TOKEN_CLASSES)[number];

/**
 * @example tokenClass(' house') // 'word'
 * @example tokenClass(' John') // 'Word'
 * @example tokenClass('NASA') // 'UPPER'
 * @example tokenClass('ing') // 'piece'
 * @example tokenClass(' 1984') // 'number'
 * @example tokenClass(').') // 'punct'
 * @example tokenClass('\n\n') // 'newline'
 */
export function tokenClass(text: string): TokenClass {
  if (text.includes('\n')) return 'newline';
  const body = text.replace(/^ /, '');
  if (/^\d+$/.test(body)) return 'number';
  if (/^[A-Z]{2,}$/.test(body)) return 'UPPER';
  if (/^[A-Z][a-z]*$/.test(body)) return text.startsWith(' ') ? 'Word' : 'piece';
  if (/^[a-z]+$/.test(body)) return text.startsWith(' ') ? 'word' : 'piece';
  if (/^[\p{P}\p{S}]+$/u.test(body)) return 'punct';
  return 'other';
}

/** "word>Word": the class before the position and the class of the token predicted there. */
export function positionShape(previous: string, actual: string): string {
  return `${tokenClass(previous)}>${tokenClass(actual)}`;
}
