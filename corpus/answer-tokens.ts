import type { CorpusTokenizer } from './load-tokenizer.ts';

/**
 * Where a mined answer starts and how two answers compare, on GPT-2 tokens: a prompt must end
 * on a token boundary of the text (the model never sees " T" where the text has " Tch"), and
 * lenient agreement compares first tokens.
 */

const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;

/** The class GPT-2's pre-tokenizer groups a character by: letters, digits, or neither. */
function wordClass(char: string | undefined): 'letter' | 'digit' | null {
  if (char === undefined) return null;
  return LETTER.test(char) ? 'letter' : DIGIT.test(char) ? 'digit' : null;
}

/**
 * The answer point moved forward to the end of the GPT-2 token it falls inside, or left where
 * it is when it is already on a boundary. GPT-2 pre-splits text into runs of letters or digits
 * (with a leading space), so a cut can fall inside a token only inside such a run: only that
 * run is tokenized.
 *
 * @example alignAnswerStart('Martin Sprickerhof', 8, gpt2) // 10: " Spr" is one token
 */
export function alignAnswerStart(text: string, offset: number, tokenizer: Pick<CorpusTokenizer, 'encode' | 'decode'>): number {
  const kind = wordClass(text[offset - 1]);
  if (kind === null || wordClass(text[offset]) !== kind) return offset;
  let start = offset - 1;
  while (start > 0 && wordClass(text[start - 1]) === kind) start--;
  if (start > 0 && text[start - 1] === ' ') start--;
  let end = offset;
  while (end < text.length && wordClass(text[end]) === kind) end++;
  // Token ends are read from decoded prefixes, not summed token by token: GPT-2 splits a rare
  // letter (ž, Ч) into byte tokens, each of which decodes alone to one U+FFFD, so summing
  // their lengths drifts by a character per split letter. A prefix ending inside a letter
  // decodes to a trailing U+FFFD (never a letter itself): no boundary there.
  const ids = tokenizer.encode(text.slice(start, end));
  for (let k = 1; k <= ids.length; k++) {
    const prefix = tokenizer.decode(ids.slice(0, k));
    if (prefix.endsWith('\ufffd')) continue;
    const at = start + prefix.length;
    if (at >= offset) return at <= end ? at : offset;
  }
  return offset;
}

/** GPT-2's pre-tokenizer, anchored: the first piece a text is split into before BPE. */
const FIRST_PRETOKEN = /^(?:'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+)/u;

/**
 * The first token of a text, case-folded: GPT-2's first token when a tokenizer is at hand,
 * else the first pre-token (a word with its leading space, a number, a run of punctuation),
 * which a first token is a prefix of.
 *
 * @example firstTokenFolded(' Smith@x.org', null) // ' smith'
 */
export function firstTokenFolded(text: string, tokenizer: Pick<CorpusTokenizer, 'encode' | 'decode'> | null): string {
  if (tokenizer) {
    const ids = tokenizer.encode(text.slice(0, 64));
    // a first token that ends inside a letter (a byte of " Ž") decodes to U+FFFD, the same for
    // every such letter: take tokens up to the letter's end instead
    for (let k = 1; k <= ids.length; k++) {
      const prefix = tokenizer.decode(ids.slice(0, k));
      if (!prefix.endsWith('\ufffd')) return prefix.toLowerCase();
    }
    return '';
  }
  return (FIRST_PRETOKEN.exec(text)?.[0] ?? text.slice(0, 1)).toLowerCase();
}
