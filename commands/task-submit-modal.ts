import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { ModalHandler } from '../bot/slash-command.ts';
import { TASK_SUBMIT_MODAL_ID } from '../bot/custom-ids.ts';
import { submitTask } from '../bot/submit-task.ts';
import { definitionFromForm, type SubmissionForm } from '../bot/task-submission.ts';
import { InputError } from '../common/errors.ts';

/** The form's fields, by custom id. */
export const SUBMIT_FIELDS = { name: 'name', template: 'template', expected: 'expected', distractor: 'distractor', description: 'description' } as const;

/** The /task submit form: five inputs, the most a modal holds; pre-filled with `prefill` when given (a /discover candidate). */
export function taskSubmitModal(prefill?: SubmissionForm): ModalBuilder {
  const input = (id: keyof typeof SUBMIT_FIELDS, style: TextInputStyle, required: boolean, max: number, placeholder: string) => {
    const builder = new TextInputBuilder().setCustomId(id).setStyle(style).setRequired(required).setMaxLength(max).setPlaceholder(placeholder);
    const value = prefill?.[id];
    return value ? builder.setValue(value) : builder;
  };
  return new ModalBuilder()
    .setCustomId(TASK_SUBMIT_MODAL_ID)
    .setTitle('Submit a behaviour task')
    .addLabelComponents(
      new LabelBuilder().setLabel('Name').setTextInputComponent(input(SUBMIT_FIELDS.name, TextInputStyle.Short, true, 100, 'IOI with gifts')),
      new LabelBuilder()
        .setLabel('Prompt, or template with {slots}')
        .setDescription('Fillers on lines below: "place: store, park". {A}, {place}, {object} have lists.')
        .setTextInputComponent(input(SUBMIT_FIELDS.template, TextInputStyle.Paragraph, true, 2_000, 'When {A} and {B} went to the {place}, {B} gave a {object} to')),
      new LabelBuilder()
        .setLabel('Expected answer')
        .setDescription('A new word after the prompt; several with |; "…" keeps spacing.')
        .setTextInputComponent(input(SUBMIT_FIELDS.expected, TextInputStyle.Short, true, 200, '{A}')),
      new LabelBuilder().setLabel('Distractor (optional)').setTextInputComponent(input(SUBMIT_FIELDS.distractor, TextInputStyle.Short, false, 200, '{B}')),
      new LabelBuilder().setLabel('Description (optional)').setTextInputComponent(input(SUBMIT_FIELDS.description, TextInputStyle.Paragraph, false, 1_000, 'Who gets the gift: the name not repeated.')),
    );
}

/** The form, submitted: build the declarative task and hand it to the submission flow. */
export const taskSubmitModalHandler: ModalHandler = {
  prefix: TASK_SUBMIT_MODAL_ID,
  async handle(interaction, reply, deps) {
    // A forged or outdated form may lack fields: that is bad input, not an outage.
    const field = (id: string, required: boolean): string => {
      let value: string | undefined;
      try {
        value = interaction.fields.getTextInputValue(id);
      } catch {
        value = undefined;
      }
      if (typeof value !== 'string' || (required && value.trim() === '')) {
        if (required) throw new InputError('bad_payload', `the form has no "${id}" field`);
        return '';
      }
      return value;
    };
    const definition = definitionFromForm({
      name: field(SUBMIT_FIELDS.name, true),
      template: field(SUBMIT_FIELDS.template, true),
      expected: field(SUBMIT_FIELDS.expected, true),
      distractor: field(SUBMIT_FIELDS.distractor, false),
      description: field(SUBMIT_FIELDS.description, false),
    });
    if (!(await reply.defer())) return;
    await submitTask(reply, deps, definition);
  },
};
