import { Command, Option } from 'commander';
import { resolveBotConfig } from '../../bot/bot-config.ts';
import { resolveMineAccess } from '../../bot/mine-access.ts';
import { createServiceLogger, logFormatOption, resolveLogFormat } from '../service-logger.ts';

/**
 * `hunt bot`: the Discord bot. Configuration comes from the environment (DISCORD_TOKEN,
 * REDIS_URL, DATABASE_URL, …) and is checked before anything connects: a missing token
 * exits at once with one line saying where to get it.
 */
export function botCommand(): Command {
  return new Command('bot')
    .description('run the Discord bot (env DISCORD_TOKEN, DISCORD_APP_ID, REDIS_URL, HUNT_QUEUE_PREFIX, HUNT_MODELS, HUNT_DEFAULT_MODEL, DATABASE_URL, HUNT_CATALOG_THRESHOLD; /discover: HUNT_DISCOVER_CORPORA, HUNT_DISCOVER_ROLES, HUNT_DISCOVER_CHANNELS, HUNT_DISCOVER_SHARDS; /mine: HUNT_MINE_CORPORA, HUNT_MINE_ROLES, HUNT_MINE_CHANNELS, HUNT_MINE_SHARD_SIZE, HUNT_MINE_MODEL)')
    .addOption(new Option('--log-level <level>', 'log level (env LOG_LEVEL)').choices(['debug', 'info', 'warn', 'error']).default(process.env.LOG_LEVEL ?? 'info'))
    .addOption(logFormatOption())
    .action(async (options: { logLevel: string; logFormat?: string }) => {
      const config = resolveBotConfig();
      // /mine's settings (HUNT_MINE_*: bot/mine-access.ts), checked before anything connects
      const mine = { ...resolveMineAccess(process.env), queue: config.queue };
      // discord.js loads only for this command, not for every `hunt` invocation.
      const { runBot } = await import('../../bot/run-bot.ts');
      const { botHandlers } = await import('../../commands/index.ts');
      const log = await createServiceLogger('hunt-bot', options.logLevel, resolveLogFormat(options.logFormat));
      // A failed login closes every connection and rejects with one line (bot/run-bot.ts): the
      // CLI prints it and exits non-zero, so a supervisor sees the failure.
      await runBot(config, botHandlers(config.served, { discover: config.discover, mine }), log);
    });
}
