import { InputError } from '../common/errors.ts';

/** What separates answers in `/score`'s `answers` option. */
export const ANSWER_SEPARATOR = '|';

/**
 * Read `/score`'s answers option. Discord trims option values, so a leading space cannot
 * be typed; instead each answer is a separate word after the prompt unless the prompt
 * ends in whitespace: `John | Mary` after "…gave a flower to" scores " John" and " Mary".
 * An answer in double quotes is taken exactly as written: `"John"` scores "John".
 *
 * @example parseAnswerList('John | Mary | "ville"', 'When John and Mary went to the store, Mary gave a flower to')
 * // [' John', ' Mary', 'ville']
 */
export function parseAnswerList(raw: string, prompt: string): string[] {
  const wordFollows = !/\s$/.test(prompt);
  const answers = raw.split(ANSWER_SEPARATOR).map((part) => {
    const trimmed = part.trim();
    const quoted = /^"([\s\S]*)"$/.exec(trimmed);
    if (quoted) return quoted[1];
    return wordFollows && trimmed !== '' ? ` ${trimmed}` : trimmed;
  });
  const empty = answers.findIndex((a) => a === '');
  if (empty !== -1) throw new InputError('bad_payload', `answer ${empty + 1} is empty; separate answers with "${ANSWER_SEPARATOR}", e.g. John | Mary`);
  return answers;
}
