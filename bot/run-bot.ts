import { Events } from 'discord.js';
import type { Logger } from 'pino';
import { openCatalog } from '../catalog/open-catalog.ts';
import { connectWithRetry } from '../cli/connect-retry.ts';
import { JobProducer } from '../queue/job-producer.ts';
import { ResultsByModel } from '../queue/results-by-model.ts';
import { probeRedis } from '../queue/redis-probe.ts';
import { botHandlers } from '../commands/index.ts';
import type { BotConfig } from './bot-config.ts';
import { systemClock } from './clock.ts';
import { publicUrl, ResultLinks } from '../web/result-links.ts';
import { ResultRepository } from '../web/result-repository.ts';
import { createDiscordClient, HuntBot } from './discord-bot.ts';

/** How long shutdown waits for interactions in flight (evaluations may be waiting on the queue). */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `hunt bot`: connect to Redis and the catalog (waiting for them, one line a try), log in
 * to Discord, and answer interactions until SIGINT/SIGTERM.
 */
export async function runBot(config: BotConfig, log: Logger): Promise<void> {
  await connectWithRetry(() => probeRedis(config.queue.redisUrl), { attempts: Infinity });
  const catalog = await connectWithRetry(() => openCatalog({ databaseUrl: config.databaseUrl }), { attempts: Infinity });
  const producer = new JobProducer(config.queue);
  // One event stream per served model: each model's jobs finish on its own queue.
  const results = new ResultsByModel(config.queue, config.served.models);
  await results.ready();

  const client = createDiscordClient({ token: config.token, apiUrl: config.apiUrl });
  const bot = new HuntBot(client, botHandlers(config.served), { producer, results, catalog: catalog.repo, clock: systemClock, log, resultLinks: new ResultLinks(new ResultRepository(catalog.sql), publicUrl()) });
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, models: config.served.models }, 'bot ready'));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));

  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal, busy: bot.busy }, 'stopping');
      void (async () => {
        await client.destroy();
        await bot.idle(SHUTDOWN_GRACE_MS);
        await Promise.allSettled([producer.close(), results.close(), catalog.close()]);
        resolve();
      })();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await client.login(config.token);
  await stopped;
}
