import { truncateText } from './discord-limits.ts';
import { definitionFromForm, FORM_MAX_CHARS, type SubmissionForm } from './task-submission.ts';

interface Pair {
  prompt: string;
  answer: string | string[];
}

/** What the /task submit form can hold of a discovered candidate's task, or why it cannot. */
export type CandidateForm = { form: Required<SubmissionForm>; prompts: number } | { problem: string; prompts: number };

/** An answer as the form's expected field reads it back exactly: in double quotes (answer-list.ts). */
const quoted = (answer: string): string => `"${answer}"`;

/**
 * The /task submit form pre-filled with a discovered candidate's task file (discover/emit-task.ts,
 * the `pairs:` form). The form holds one prompt (or one template), so it gets the first pair it
 * can carry unchanged: read back through the form's own parser (definitionFromForm), that pair's
 * prompt and answer must come out as they went in (a prompt with "{x}" in it would turn into a
 * template; one over the field's 2,000 characters cannot be typed). The description says how many
 * prompts the whole task has. When no pair survives, the reason, so the file can be offered instead.
 *
 * @example candidateForm({ title: 'Discovered: induction (word → word)', pairs: [{ prompt: 'a b c a b', answer: ' c' }] }, 'Found by /discover.')
 * // { form: { name: 'Discovered: induction (word → word)', template: 'a b c a b', expected: '" c"', distractor: '', description: 'Found by /discover. …' }, prompts: 1 }
 */
export function candidateForm(definition: Record<string, unknown>, note: string): CandidateForm {
  const pairs = (Array.isArray(definition.pairs) ? definition.pairs : []) as Pair[];
  const name = truncateText(String(definition.title ?? definition.id ?? 'Discovered behaviour'), FORM_MAX_CHARS.name);
  const whole = pairs.length === 1 ? 'It is the only prompt of the task.' : `It is 1 of the task's ${pairs.length} prompts; the task file has them all. Turn it into a template with {slots} to test the rule on many prompts.`;
  const description = truncateText(`${note} ${whole}`, FORM_MAX_CHARS.description);
  let longest = 0;
  for (const pair of pairs) {
    if (typeof pair.answer !== 'string') continue;
    longest = Math.max(longest, pair.prompt.length);
    const form: Required<SubmissionForm> = { name, template: pair.prompt, expected: quoted(pair.answer), distractor: '', description };
    if (pair.prompt.length > FORM_MAX_CHARS.template || form.expected.length > FORM_MAX_CHARS.expected) continue;
    let read: Record<string, unknown>;
    try {
      read = definitionFromForm(form);
    } catch {
      continue;
    }
    const back = (read.pairs as Pair[] | undefined)?.[0];
    if (back && back.prompt === pair.prompt && back.answer === pair.answer) return { form, prompts: pairs.length };
  }
  const why =
    longest > FORM_MAX_CHARS.template
      ? `its prompts are up to ${longest.toLocaleString('en-US')} characters and the form holds ${FORM_MAX_CHARS.template.toLocaleString('en-US')}`
      : 'none of its prompts reads back unchanged through the form (braces read as {slots}, or spacing the form trims)';
  return { problem: `The form cannot hold this task: ${why}.`, prompts: pairs.length };
}
