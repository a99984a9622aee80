/**
 * The rule every control follows (tasks/README.md): it differs from its clean prompt only in
 * the cue, and the expected answer is still in its context wherever it is in the clean
 * prompt's. Checked on tokens, as a model (and the copier baseline) sees them: an answer whose
 * first token occurs in the clean prompt must occur in the control. A control that deletes the
 * answer "shows" an effect any copier shows.
 */

/**
 * The answers' first tokens that the clean prompt contains and the control lost.
 *
 * @example droppedAnswerTokens([5, 7, 9], [5, 8, 9], [7, 2]) // [7]
 */
export function droppedAnswerTokens(cleanIds: readonly number[], controlIds: readonly number[], answerFirstIds: readonly number[]): number[] {
  const clean = new Set(cleanIds);
  const control = new Set(controlIds);
  return [...new Set(answerFirstIds)].filter((id) => clean.has(id) && !control.has(id));
}

/** `droppedAnswerTokens` with a tokenizer: the answers that a control drops, as text. */
export function answersDroppedByControl(encode: (text: string) => number[], clean: string, control: string, answers: readonly string[]): string[] {
  const firstIds = answers.map((a) => encode(a)[0]).filter((id) => id !== undefined);
  const dropped = new Set(droppedAnswerTokens(encode(clean), encode(control), firstIds));
  return answers.filter((a) => dropped.has(encode(a)[0]));
}
