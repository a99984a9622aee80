import { Events } from 'discord.js';
import type { Logger } from 'pino';
import { openCatalog } from '../catalog/open-catalog.ts';
import { connectWithRetry } from '../common/connect-retry.ts';
import { JobProducer } from '../queue/job-producer.ts';
import type { HandlerRegistry } from './interaction-router.ts';
import { ResultsByModel } from '../queue/results-by-model.ts';
import { probeRedis } from '../queue/redis-probe.ts';
import type { BotConfig } from './bot-config.ts';
import { HuntError, InputError, OutageError } from '../common/errors.ts';
import { maskUrlCredentials } from '../common/log-redaction.ts';
import { describeDiscordLoginError, isRefusedToken } from './discord-login-error.ts';
import { keepHealthFile } from './bot-health.ts';
import { PendingJobs } from './pending-jobs.ts';
import { DiscoverProposals } from './discover-proposals.ts';
import { resumePendingJobs } from './resume-pending.ts';
import { systemClock } from './clock.ts';
import { publicUrl, ResultLinks } from '../web/result-links.ts';
import { ResultRepository } from '../web/result-repository.ts';
import { createDiscordClient, HuntBot } from './discord-bot.ts';

/** Why login failed, in one line with its fix: a refused token is the operator's to fix (exit 2); Discord out of reach may pass (exit 1). */
function loginError(err: unknown): HuntError {
  const line = maskUrlCredentials(describeDiscordLoginError(err));
  return isRefusedToken(err) ? new InputError('bad_option', line) : new OutageError(line);
}

/** How long shutdown waits for interactions in flight (evaluations may be waiting on the queue). */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `hunt bot` with the slash commands it answers (commands/index.ts; the caller passes them, so
 * bot/ never imports commands/): connect to Redis and the catalog (waiting for them, one line a try), log in
 * to Discord, and answer interactions until SIGINT/SIGTERM.
 */
export async function runBot(config: BotConfig, handlers: HandlerRegistry, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await connectWithRetry(() => probeRedis(config.queue.redisUrl), { attempts: Infinity });
  const catalog = await connectWithRetry(() => openCatalog({ databaseUrl: config.databaseUrl }), { attempts: Infinity });
  const producer = new JobProducer(config.queue);
  // One event stream per served model: each model's jobs finish on its own queue.
  const results = new ResultsByModel(config.queue, config.served.models);
  await results.ready();

  const pending = new PendingJobs(config.queue);
  const proposals = new DiscoverProposals(config.queue);

  const client = createDiscordClient({ token: config.token, apiUrl: config.apiUrl });
  const deps = { producer, results, catalog: catalog.repo, clock: systemClock, log, pending, proposals, resultLinks: new ResultLinks(new ResultRepository(catalog.sql), publicUrl()) };
  const bot = new HuntBot(client, handlers, deps);
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, models: config.served.models }, 'bot ready'));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  // HUNT_HEALTH_FILE: a file that is fresh only while logged in (docker-compose's health check reads it)
  const stopHealth = env.HUNT_HEALTH_FILE ? keepHealthFile(client, env.HUNT_HEALTH_FILE) : () => {};
  const closeAll = async () => {
    // waits cut short now stay in the pending store for the next bot
    pending.stopping = true;
    stopHealth();
    await client.destroy();
    await bot.idle(SHUTDOWN_GRACE_MS);
    await Promise.allSettled([producer.close(), results.close(), catalog.close()]);
    pending.close();
    proposals.close();
  };

  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal, busy: bot.busy }, 'stopping');
      void closeAll().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    await client.login(config.token);
  } catch (err) {
    // A bad token never fixes itself: close every connection so the process exits non-zero,
    // instead of staying up (and passing a liveness check) without Discord.
    await closeAll();
    throw loginError(err);
  }
  // the results an earlier bot was waiting for when it stopped: posted once, in their channels
  const { resumed } = await resumePendingJobs(client.rest, deps, pending);
  if (resumed > 0) log.info({ resumed }, 'waiting again for results an earlier bot was waiting for');
  await stopped;
}
