import { describe, expect, it } from 'vitest';
import { candidateForm } from '../../../bot/candidate-form.ts';
import { definitionFromForm } from '../../../bot/task-submission.ts';

describe('GIVEN a discovered candidate as a task file', () => {
  const file = (pairs: { prompt: string; answer: string }[]) => ({ id: 'discovered-induction-word-word', title: 'Discovered: induction (word>word)', status: 'proposed', pairs });

  it('WHEN its first pair fits the form THEN the form holds that pair, and reads back to it through the form\'s own parser', () => {
    const made = candidateForm(file([{ prompt: ' red fox jumps. Then red fox', answer: ' jumps' }, { prompt: 'a b c a b', answer: ' c' }]), 'Found by /discover.');
    expect(made).toStrictEqual({
      prompts: 2,
      form: {
        name: 'Discovered: induction (word>word)',
        template: ' red fox jumps. Then red fox',
        expected: '" jumps"',
        distractor: '',
        description: "Found by /discover. It is 1 of the task's 2 prompts; the task file has them all. Turn it into a template with {slots} to test the rule on many prompts.",
      },
    });
    if (!('form' in made)) throw new Error('no form');
    expect(definitionFromForm(made.form).pairs).toStrictEqual([{ prompt: ' red fox jumps. Then red fox', answer: ' jumps' }]);
  });

  it('WHEN a pair would read as a template ({x} in its prompt) THEN the next pair that reads back unchanged is used', () => {
    const made = candidateForm(file([{ prompt: 'set {x} then {x}', answer: ' =' }, { prompt: 'a b c a b', answer: ' c' }]), 'n');
    expect('form' in made && made.form.template).toBe('a b c a b');
  });

  it('WHEN no pair fits the form THEN the reason says which limit, so the file is offered instead', () => {
    expect(candidateForm(file([{ prompt: 'w '.repeat(1_500), answer: ' w' }]), 'n')).toStrictEqual({ prompts: 1, problem: 'The form cannot hold this task: its prompts are up to 3,000 characters and the form holds 2,000.' });
    expect(candidateForm(file([{ prompt: 'set {x} to', answer: ' 1' }]), 'n')).toStrictEqual({
      prompts: 1,
      problem: 'The form cannot hold this task: none of its prompts reads back unchanged through the form (braces read as {slots}, or spacing the form trims).',
    });
  });
});
