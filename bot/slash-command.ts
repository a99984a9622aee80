import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotDeps } from './bot-deps.ts';
import type { InteractionReply } from './interaction-reply.ts';

/** One slash command: its registration payload and its handler (one file each in commands/). */
export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, reply: InteractionReply, deps: BotDeps): Promise<void>;
}

/** Handles the buttons whose custom id starts with `${prefix}:` (see custom-ids.ts). */
export interface ButtonHandler {
  prefix: string;
  handle(interaction: ButtonInteraction, reply: InteractionReply, deps: BotDeps): Promise<void>;
}

/** Handles the modal submissions whose custom id starts with `${prefix}` (see custom-ids.ts). */
export interface ModalHandler {
  prefix: string;
  handle(interaction: ModalSubmitInteraction, reply: InteractionReply, deps: BotDeps): Promise<void>;
}
