import { Command } from 'commander';
import { resolveRegisterConfig } from '../../bot/bot-config.ts';
import { resolveMineAccess } from '../../bot/mine-access.ts';
import { resolveQueueConfig } from '../../queue/queue-config.ts';

/** `hunt register-commands [--guild id]`: publish the bot's slash commands to Discord. */
export function registerCommandsCommand(): Command {
  return new Command('register-commands')
    .description("register the bot's slash commands with Discord (env DISCORD_TOKEN, DISCORD_APP_ID; HUNT_MODELS: the model choices; HUNT_DISCOVER_CORPORA: /discover's corpus choices; HUNT_MINE_CORPORA: /mine's): in one server with --guild (instant), else globally")
    .option('--guild <id>', 'a server id: register there only, for development')
    .action(async (options: { guild?: string }) => {
      const config = resolveRegisterConfig();
      const { registerCommands } = await import('../../bot/register-commands.ts');
      const { botHandlers } = await import('../../commands/index.ts');
      const registration = await registerCommands(config, botHandlers(config.served, { discover: config.discover, mine: { ...resolveMineAccess(process.env), queue: resolveQueueConfig() } }).commands, options.guild);
      console.log(`Registered ${registration.names.length} commands (${registration.scope}): ${registration.names.map((n) => `/${n}`).join(' ')}`);
    });
}
