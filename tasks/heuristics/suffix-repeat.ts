import type { RepeatMatch } from './repeated-span.ts';

/**
 * `repeatedSuffix` on a text's bare words (whitespace-separated, without the tags and
 * punctuation around them: "<p>the" → "the", "sat.</p>" → "sat"), found without splitting
 * the text. Mining asks the induction heuristic about a 4,096-character prompt for every judged
 * match; splitting all of it into words cost more than the corpus scan. Only the words that
 * can take part are read: the tokens where the last word occurs (found with indexOf), the
 * tokens holding a tag (tags removed from inside a word can join it into the last word), and
 * the words before those, as far back as they repeat the end.
 */

/** JS `\w`, on a char code. */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** JS `\s` (what `split(/\s+/)` splits on), on a char code. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** The bare word of the token text[start, end): tags removed unless it starts and ends with a word character, then `\W` trimmed; may be ''. */
function bareToken(text: string, start: number, end: number): string {
  if (isWordCode(text.charCodeAt(start)) && isWordCode(text.charCodeAt(end - 1))) return text.slice(start, end);
  const raw = text.slice(start, end);
  const untagged = raw.includes('<') ? raw.replace(/<[^<>]*>/g, '') : raw;
  let from = 0;
  let to = untagged.length;
  while (from < to && !isWordCode(untagged.charCodeAt(from))) from++;
  while (to > from && !isWordCode(untagged.charCodeAt(to - 1))) to--;
  return untagged.slice(from, to);
}

/** The last non-empty bare word ending at or before `end`, with its token's start; null when none. */
function wordBefore(text: string, end: number): { word: string; start: number } | null {
  let i = end;
  for (;;) {
    while (i > 0 && isSpaceCode(text.charCodeAt(i - 1))) i--;
    if (i === 0) return null;
    const tokenEnd = i;
    while (i > 0 && !isSpaceCode(text.charCodeAt(i - 1))) i--;
    const word = bareToken(text, i, tokenEnd);
    if (word) return { word, start: i };
  }
}

/** The first non-empty bare word starting at or after `start`. */
function wordAfter(text: string, start: number): string | null {
  const n = text.length;
  let i = start;
  for (;;) {
    while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
    if (i === n) return null;
    const tokenStart = i;
    while (i < n && !isSpaceCode(text.charCodeAt(i))) i++;
    const word = bareToken(text, tokenStart, i);
    if (word) return word;
  }
}

/**
 * The longest run of bare words at the end of `text` that occurred earlier (the latest one on
 * ties), with the word that followed it: `repeatedSuffix(bareWords(text), minLength)` exactly
 * (`length` and `next`; `at` is the character offset of the earlier run's last token).
 *
 * @example repeatedWordSuffix('a b, c x <i>a</i> b', 2) // { next: 'c', length: 2, at: 2 }
 */
export function repeatedWordSuffix(text: string, minLength: number): RepeatMatch | null {
  const last = wordBefore(text, text.length);
  if (!last) return null;
  const target = last.word;
  // the end's words, from the last backwards, read as the comparisons need them
  const tail: (string | null)[] = [target];
  let tailStart = last.start;
  const tailWord = (k: number): string | null => {
    while (tail.length <= k && tail[tail.length - 1] !== null) {
      const w = wordBefore(text, tailStart);
      tail.push(w ? w.word : null);
      if (w) tailStart = w.start;
    }
    return tail[k];
  };
  let bestLength = 0;
  let bestEnd = -1;
  let bestStart = -1;
  // candidate tokens, in text order: those holding the last word's text or a '<'
  let nextWord = text.indexOf(target);
  let nextTag = text.indexOf('<');
  for (;;) {
    const at = nextTag === -1 ? nextWord : nextWord === -1 ? nextTag : Math.min(nextWord, nextTag);
    if (at === -1 || at >= last.start) break;
    let start = at;
    while (start > 0 && !isSpaceCode(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && !isSpaceCode(text.charCodeAt(end))) end++;
    if (end - start >= target.length && bareToken(text, start, end) === target) {
      let length = 1;
      let from = start;
      for (;;) {
        const before = wordBefore(text, from);
        if (!before || before.word !== tailWord(length)) break;
        length++;
        from = before.start;
      }
      if (length >= bestLength) {
        bestLength = length;
        bestEnd = end;
        bestStart = start;
      }
    }
    if (nextWord !== -1 && nextWord < end) nextWord = text.indexOf(target, end);
    if (nextTag !== -1 && nextTag < end) nextTag = text.indexOf('<', end);
  }
  if (bestLength < minLength) return null;
  return { next: wordAfter(text, bestEnd)!, length: bestLength, at: bestStart };
}
