import type { CorpusTokenizer } from './load-tokenizer.ts';

/** A prompt cut on the left to fit the model: its text, and how many characters were cut. */
export interface FittedPrompt {
  text: string;
  cutChars: number;
}

/**
 * Tokens re-read before the cut point. A BPE tokenization of a suffix differs from the
 * whole text's only near where the suffix starts (GPT-2 pre-splits on words and spaces),
 * so a window holding this many tokens more than we keep cuts exactly where the whole
 * text's tokenization would.
 */
const RESYNC_TOKENS = 16;

/**
 * Cut `prompt` on the left, at a token boundary, to at most `room` tokens, without
 * tokenizing all of a long document: every GPT-2 token covers at least one UTF-8 byte, so
 * a prompt of ≤ `room` bytes fits untouched; otherwise the tail is tokenized in a
 * growing window. The cut text is re-encoded on its own and must fit; a token split
 * inside a UTF-8 character is dropped too.
 *
 * @example fitPromptLeft('a b c d', 2, gpt2) // { text: ' c d', cutChars: 3 }
 */
export function fitPromptLeft(prompt: string, room: number, tokenizer: Pick<CorpusTokenizer, 'encode' | 'decode'>): FittedPrompt {
  if (room < 1) return { text: '', cutChars: prompt.length };
  if (Buffer.byteLength(prompt, 'utf8') <= room) return { text: prompt, cutChars: 0 };
  let window = (room + RESYNC_TOKENS) * 8;
  for (;;) {
    const start = Math.max(0, prompt.length - window);
    const ids = tokenizer.encode(prompt.slice(start));
    if (start === 0 && ids.length <= room) return { text: prompt, cutChars: 0 };
    if (start === 0 || ids.length >= room + RESYNC_TOKENS) {
      for (let keep = Math.min(room, ids.length); keep > 0; keep--) {
        const tail = tokenizer.decode(ids.slice(ids.length - keep));
        if (!prompt.endsWith(tail)) continue; // the first kept token began inside a character
        if (tokenizer.encode(tail).length > room) continue;
        return { text: tail, cutChars: prompt.length - tail.length };
      }
      return { text: '', cutChars: prompt.length };
    }
    window *= 2;
  }
}
