import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { InputError } from '../common/errors.ts';
import type { RegisterConfig } from './bot-config.ts';
import type { SlashCommand } from './slash-command.ts';

export interface Registration {
  /** `guild <id>` (instant, for development) or `global` (every server; Discord may take up to an hour to show changes) */
  scope: string;
  names: string[];
}

/**
 * Replace the application's slash commands with these (one bulk overwrite: commands
 * no longer listed are removed).
 *
 * @example await registerCommands(config, SLASH_COMMANDS, '1300000000000000001')
 * // { scope: 'guild 1300000000000000001', names: ['complete', 'score', 'task', 'catalog', 'help'] }
 */
export async function registerCommands(config: RegisterConfig, commands: readonly SlashCommand[], guildId?: string): Promise<Registration> {
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) throw new InputError('bad_option', `--guild must be a server id (17 to 20 digits; got "${guildId}")`);
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = guildId ? Routes.applicationGuildCommands(config.appId, guildId) : Routes.applicationCommands(config.appId);
  const registered = (await rest.put(route, { body: commands.map((c) => c.data.toJSON()) })) as RESTPutAPIApplicationCommandsResult;
  return { scope: guildId ? `guild ${guildId}` : 'global', names: registered.map((c) => c.name) };
}
