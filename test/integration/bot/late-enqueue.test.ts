import { afterEach, describe, expect, it } from 'vitest';
import { USER_MESSAGES } from '../../../bot/user-messages.ts';
import { startBotHarness, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { chatInputPayload, str } from '../../helpers/discord-interactions.ts';
import { ephemeralFollowUp } from '../../helpers/fake-discord.ts';
import { freshQueueConfig } from '../../helpers/queue-harness.ts';
import { startRedisProxy, type RedisProxy } from '../../helpers/redis-proxy.ts';

describe('GIVEN the bot whose Redis stops answering while it enqueues', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let proxy: RedisProxy;
  afterEach(async () => {
    proxy?.release();
    await h?.close();
    await proxy?.close();
    await catalog?.cleanup();
  });

  it('WHEN the enqueue times out for the user and Redis comes back THEN the job is withdrawn, not run later', async () => {
    catalog = await freshCatalog('postgres', 3);
    proxy = await startRedisProxy();
    const queue = freshQueueConfig();
    h = await startBotHarness({ catalog: catalog.repo, queue, producerQueue: { ...queue, redisUrl: proxy.url }, enqueueTimeoutMs: 1_000 });
    await h.producer.queue.waitUntilReady();
    proxy.hold();
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', 'Hello there')] });
    await h.send(payload);
    expect(h.fake.requests[1].body).toStrictEqual(ephemeralFollowUp(USER_MESSAGES.unavailable('')));
    proxy.release();
    for (let waited = 0; !h.logRecords.some((r) => r.msg === 'late enqueue withdrawn') && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // before: the user was told it failed, and the job ran anyway when Redis came back
    expect(h.logRecords.find((r) => r.msg === 'late enqueue withdrawn')).toMatchObject({ removed: true });
    expect(await h.producer.queue.getJobCounts('waiting', 'prioritized', 'active', 'completed')).toStrictEqual({ waiting: 0, prioritized: 0, active: 0, completed: 0 });
  }, 30_000);
});
