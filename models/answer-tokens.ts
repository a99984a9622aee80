/**
 * Which tokens an answer is, as a continuation of a prompt. Pure: takes the
 * tokenizer's encode function, so it is testable without a model.
 */
export type Encode = (text: string) => number[];

export interface AnswerTokens {
  ids: number[];
  /** prompt + answer did not tokenize as prompt tokens followed by answer tokens */
  boundaryMerge: boolean;
  note?: string;
  /** the other leading-space spelling, when the user's spelling is ambiguous */
  alternative?: string;
}

function startsWith(full: number[], prefix: number[]): boolean {
  if (full.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (full[i] !== prefix[i]) return false;
  return true;
}

/**
 * The answer's tokens are those that `prompt + answer` adds after the prompt's own
 * tokens. When a BPE merge crosses the boundary, say so and score the answer's own
 * tokens after the prompt instead of silently scoring something else.
 *
 * @example answerTokens(encode, encode('… gave a flower to'), '… gave a flower to', ' John').ids // [1757]
 */
export function answerTokens(encode: Encode, promptIds: number[], prompt: string, answer: string): AnswerTokens {
  const full = encode(prompt + answer);
  const promptEndsInSpace = /\s$/.test(prompt);
  const answerStartsWithSpace = /^\s/.test(answer);
  const alternative =
    !promptEndsInSpace && !answerStartsWithSpace && /^[\p{L}\p{N}]/u.test(answer) ? ` ${answer}` : undefined;

  if (startsWith(full, promptIds) && full.length > promptIds.length) {
    const ids = full.slice(promptIds.length);
    const note = alternative
      ? `"${answer}" has no leading space and the prompt does not end in one: scored as written; "${alternative}" is scored as the alternative`
      : undefined;
    return { ids, boundaryMerge: false, note, alternative };
  }
  const ids = encode(answer);
  const hint = promptEndsInSpace
    ? ' (the prompt ends in a space: GPT-2 attaches spaces to the next word, so move it into the answer)'
    : alternative
      ? ` ("${answer}" has no leading space, so it glues onto the prompt's last word; "${alternative}" is scored as the alternative)`
      : '';
  return {
    ids,
    boundaryMerge: true,
    note: `prompt + answer tokenizes across the boundary${hint}; scored the answer's own tokens after the prompt's tokens`,
    alternative,
  };
}
