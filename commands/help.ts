import { SlashCommandBuilder } from 'discord.js';
import { helpMessage } from '../bot/embeds/help.ts';
import type { SlashCommand } from '../bot/slash-command.ts';

/** `/help`: the commands and formats, to the asking user only. */
export const helpCommand: SlashCommand = {
  data: new SlashCommandBuilder().setName('help').setDescription('what the bot does, its commands and the task format'),
  async execute(_interaction, reply, deps) {
    await reply.private(helpMessage(deps.catalog.threshold));
  },
};
