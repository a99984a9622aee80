import type { Client } from 'discord.js';
import { pino, type Logger } from 'pino';
import { LOG_REDACTION } from '../../common/log-redaction.ts';
import type { PendingJobs } from '../../bot/pending-jobs.ts';
import { DiscoverProposals } from '../../bot/discover-proposals.ts';
import type { DiscoverSettings } from '../../bot/discover-access.ts';
import type { BotDeps } from '../../bot/bot-deps.ts';
import type { CatalogRepository } from '../../catalog/catalog-repository.ts';
import type { ServedModels } from '../../bot/bot-config.ts';
import type { MineAccess } from '../../bot/mine-access.ts';
import { botHandlers } from '../../commands/index.ts';
import { createDiscordClient, HuntBot } from '../../bot/discord-bot.ts';
import { JobProducer } from '../../queue/job-producer.ts';
import { ResultsByModel } from '../../queue/results-by-model.ts';
import type { QueueConfig } from '../../queue/queue-config.ts';
import type { QuotaOptions } from '../../queue/user-quota.ts';
import type { Clock } from '../../bot/clock.ts';
import type { EvaluationRecorder } from '../../worker/batching-worker.ts';
import { startWorkerService, type WorkerService } from '../../worker/worker-service.ts';
import { dispatchInteraction, type InteractionPayload } from './discord-interactions.ts';
import { FAKE_BOT_TOKEN, FakeDiscord } from './fake-discord.ts';
import { FIXTURE_MODEL } from './fixture-model.ts';
import { deletePrefix, freshQueueConfig } from './queue-harness.ts';

/** A clock that runs with real time, plus whatever the test adds: "15 minutes later" at once. */
export class ManualClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** A logger for tests: silent unless HUNT_TEST_LOG names a level; keeps every record for assertions. */
export function testLogger(): { log: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const level = process.env.HUNT_TEST_LOG ?? 'info';
  const log = pino(
    { level, ...LOG_REDACTION },
    {
      write(line: string) {
        records.push(JSON.parse(line) as Record<string, unknown>);
        if (process.env.HUNT_TEST_LOG) process.stderr.write(line);
      },
    },
  );
  return { log, records };
}

export interface BotHarness {
  fake: FakeDiscord;
  client: Client;
  bot: HuntBot;
  /** what the bot's handlers use */
  deps: BotDeps;
  clock: ManualClock;
  queue: QueueConfig;
  producer: JobProducer;
  results: ResultsByModel;
  logRecords: Record<string, unknown>[];
  /** deliver an interaction as the gateway would, and wait until the bot has handled it */
  send(payload: InteractionPayload): Promise<void>;
  /** deliver an interaction; the returned promise resolves when it is handled */
  start(payload: InteractionPayload): Promise<void>;
  /** stop the bot, first letting running handlers finish for up to `idleMs` (0: a bot stopped while it still waits) */
  close(idleMs?: number): Promise<void>;
}

export interface HarnessOptions {
  catalog: CatalogRepository;
  queue?: QueueConfig;
  /** where the producer enqueues, when not `queue` (a dead Redis, for outages) */
  producerQueue?: QueueConfig;
  quota?: QuotaOptions;
  enqueueTimeoutMs?: number;
  /** the models the bot offers (HUNT_MODELS); default the queue's default model alone */
  models?: string[];
  /** keep the bot's waits in Redis, as `hunt bot` does (resumable after a restart) */
  pending?: PendingJobs;
  /** leave the queue's keys in Redis on close (a restart: the next bot uses them) */
  keepQueue?: boolean;
  /** where results are stored for their web pages (replies then link to them) */
  resultLinks?: BotDeps['resultLinks'];
  /** Discord as an earlier bot saw it (a restart: the same interactions, the same messages); left running on close */
  fake?: FakeDiscord;
  /** /discover's settings (default: no corpus, nobody may start it) */
  discover?: DiscoverSettings;
  /** /mine's settings (its runs go to the harness's queue); absent → the bot has no /mine */
  mine?: MineAccess & { progressEveryMs?: number };
}

/**
 * The bot as `hunt bot` builds it — the production client, router and handlers — with
 * Discord's REST API played by a local fake and the gateway replaced by handing it
 * payloads. Queue, results and catalog are real.
 */
export async function startBotHarness(options: HarnessOptions): Promise<BotHarness> {
  const fake = options.fake ?? (await new FakeDiscord().start());
  const queue = options.queue ?? freshQueueConfig();
  const producer = new JobProducer(options.producerQueue ?? queue, { quota: options.quota });
  const served: ServedModels = { defaultModel: queue.defaultModel, models: options.models ?? [queue.defaultModel] };
  const results = new ResultsByModel(queue, served.models);
  await results.ready();
  const clock = new ManualClock();
  const { log, records } = testLogger();
  const client = createDiscordClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl });
  const proposals = new DiscoverProposals(queue);
  const deps: BotDeps = { producer, results, catalog: options.catalog, clock, log, enqueueTimeoutMs: options.enqueueTimeoutMs, pending: options.pending, resultLinks: options.resultLinks, proposals };
  const bot = new HuntBot(client, botHandlers(served, { discover: options.discover, mine: options.mine && { ...options.mine, queue } }), deps);
  const start = (payload: InteractionPayload) => {
    dispatchInteraction(client, fake, payload);
    return bot.whenHandled(payload.id);
  };
  return {
    fake,
    client,
    bot,
    deps,
    clock,
    queue,
    producer,
    results,
    logRecords: records,
    start,
    send: start,
    async close(idleMs = 5_000) {
      await bot.idle(idleMs);
      await client.destroy();
      await producer.close();
      await results.close();
      proposals.close();
      if (!options.fake) await fake.stop();
      if (!options.keepQueue) await deletePrefix(queue.prefix);
    },
  };
}

/** A worker on the harness's queue, one thread, silent: the fixture model unless `model` names another folder. */
export function startHarnessWorker(h: BotHarness, options: { model?: string; recorder?: EvaluationRecorder } = {}): Promise<WorkerService> {
  return startWorkerService({ queue: h.queue, source: { model: options.model ?? FIXTURE_MODEL, threads: 1 }, log: pino({ level: 'silent' }), recorder: options.recorder });
}
