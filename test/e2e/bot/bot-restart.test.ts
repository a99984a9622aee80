import { afterAll, describe, expect, it } from 'vitest';
import { PendingJobs } from '../../../bot/pending-jobs.ts';
import { resumePendingJobs } from '../../../bot/resume-pending.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { ALICE, CHANNEL_ID, chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { freshQueueConfig } from '../../helpers/queue-harness.ts';

describe('GIVEN a bot restarted between enqueue and result', () => {
  const queue = freshQueueConfig();
  const stores: PendingJobs[] = [];
  let catalog: TestCatalog;
  let second: BotHarness | undefined;
  let worker: WorkerService | undefined;
  afterAll(async () => {
    await worker?.stop(5_000);
    await second?.close();
    for (const store of stores) store.close();
    await catalog?.cleanup();
  });

  it('WHEN the new bot starts and a worker finishes the job THEN the user gets the result in the channel exactly once', async () => {
    catalog = await freshCatalog('postgres', 3);
    const pendingBefore = new PendingJobs(queue);
    stores.push(pendingBefore);
    const first = await startBotHarness({ catalog: catalog.repo, queue, pending: pendingBefore, keepQueue: true });
    void first.start(chatInputPayload({ name: 'complete', options: [str('prompt', 'one two three one two'), int('top', 3)], user: ALICE }));
    for (let waited = 0; (await pendingBefore.count()) === 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await pendingBefore.count()).toBe(1);
    // the restart: `hunt bot` marks its waits as cut short, then closes (no worker ran yet)
    pendingBefore.stopping = true;
    await first.close();
    expect(first.fake.requests.map((r) => (r.body as { type?: number } | undefined)?.type)).toStrictEqual([5]); // the deferral, and no error

    const pendingAfter = new PendingJobs(queue);
    const racing = new PendingJobs(queue);
    stores.push(pendingAfter, racing);
    second = await startBotHarness({ catalog: catalog.repo, queue, pending: pendingAfter });
    worker = await startHarnessWorker(second);
    // two bots starting at once (a rolling restart): one of them takes the wait
    const [a, b] = await Promise.all([resumePendingJobs(second.client.rest, second.deps, pendingAfter), resumePendingJobs(second.client.rest, second.deps, racing)]);
    expect(a.resumed + b.resumed).toBe(1);
    await Promise.all([a.delivered, b.delivered]);

    const posts = second.fake.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(posts).toHaveLength(1);
    const body = posts[0].body as { content: string; embeds: unknown[]; allowed_mentions: unknown };
    expect(body.content).toBe(`<@${ALICE.id}>, the result you asked for before the bot restarted:`);
    expect(body.allowed_mentions).toStrictEqual({ parse: [], users: [ALICE.id] });
    expect(second.logRecords.find((r) => r.msg === 'pending result delivered after restart')).toMatchObject({ kind: 'complete' });
    // the /complete result itself: its embed (top 3 of the prompt) and its chart
    expect((body.embeds as { title: string }[]).map((e) => e.title)).toStrictEqual(["GPT-2's top 3 next tokens"]);
    expect(posts[0].files.map((f) => f.name)).toStrictEqual(['top-k.png']);
    expect(await pendingAfter.count()).toBe(0);
    expect((await resumePendingJobs(second.client.rest, second.deps, pendingAfter)).resumed).toBe(0);
  }, 120_000);
});
