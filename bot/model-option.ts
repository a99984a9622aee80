import type { ChatInputCommandInteraction, SlashCommandStringOption } from 'discord.js';
import type { ServedModels } from './bot-config.ts';
import { UserError } from './user-messages.ts';

/** The name of the option that picks the model, in every command that runs one. */
export const MODEL_OPTION = 'model';

/**
 * The `model` option: one choice per served model (HUNT_MODELS; at most 25, checked at start).
 *
 * @example new SlashCommandBuilder().addStringOption((o) => modelOption(o, { defaultModel: 'Xenova/gpt2', models: ['Xenova/gpt2'] }))
 * // option JSON: { type: 3, name: 'model', description: 'the model to run (default Xenova/gpt2)', choices: [{ name: 'Xenova/gpt2', value: 'Xenova/gpt2' }] }
 */
export function modelOption(option: SlashCommandStringOption, served: ServedModels): SlashCommandStringOption {
  return option
    .setName(MODEL_OPTION)
    .setDescription(`the model to run (default ${served.defaultModel})`.slice(0, 100))
    .addChoices(...served.models.map((model) => ({ name: model, value: model })));
}

/**
 * The model this interaction asked for, or the default. Discord only sends a listed choice,
 * but commands registered before HUNT_MODELS changed still offer the old ones: a model no
 * worker serves here is refused with a message instead of waiting for ever on its queue.
 */
export function chosenModel(interaction: ChatInputCommandInteraction, served: ServedModels): string {
  const model = interaction.options.getString(MODEL_OPTION) ?? served.defaultModel;
  if (served.models.includes(model)) return model;
  throw new UserError('unknown_model', `"${model}" (served: ${served.models.join(', ')})`);
}
