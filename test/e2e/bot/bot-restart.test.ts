import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscoverSettings } from '../../../bot/discover-access.ts';
import { PendingJobs } from '../../../bot/pending-jobs.ts';
import { resumePendingJobs } from '../../../bot/resume-pending.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { ALICE, CHANNEL_ID, buttonPayload, chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { PROSE_DOCS, repeatedSpanDocs, writeTxtCorpus } from '../../helpers/discover-corpora.ts';
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

describe('GIVEN a bot restarted while a /discover scan runs', () => {
  const queue = freshQueueConfig();
  const stores: PendingJobs[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'hunt-restart-discover-'));
  const previous = process.env.HUNT_DISCOVER_CORPORA;
  const settings: DiscoverSettings = { corpora: ['spans'], roles: [], channels: [CHANNEL_ID], shards: 2 };
  let catalog: TestCatalog;
  let second: BotHarness | undefined;
  let worker: WorkerService | undefined;
  afterAll(async () => {
    await worker?.stop(5_000);
    await second?.close();
    for (const store of stores) store.close();
    await catalog?.cleanup();
    if (previous === undefined) delete process.env.HUNT_DISCOVER_CORPORA;
    else process.env.HUNT_DISCOVER_CORPORA = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('WHEN the new bot starts and the shards finish THEN the candidates are posted in the channel once, with buttons that work', async () => {
    process.env.HUNT_DISCOVER_CORPORA = `spans=${writeTxtCorpus(dir, 'spans.txt', [...repeatedSpanDocs(1, 20), ...PROSE_DOCS])}`;
    catalog = await freshCatalog('postgres', 3);
    const pendingBefore = new PendingJobs(queue);
    stores.push(pendingBefore);
    const first = await startBotHarness({ catalog: catalog.repo, queue, pending: pendingBefore, keepQueue: true, discover: settings });
    void first.start(chatInputPayload({ name: 'discover', options: [str('corpus', 'spans'), int('docs', 24)], user: ALICE }));
    for (let waited = 0; (await pendingBefore.count()) === 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await pendingBefore.count()).toBe(1);
    pendingBefore.stopping = true;
    await first.close();

    const pendingAfter = new PendingJobs(queue);
    stores.push(pendingAfter);
    second = await startBotHarness({ catalog: catalog.repo, queue, pending: pendingAfter, discover: settings });
    worker = await startHarnessWorker(second);
    const resumed = await resumePendingJobs(second.client.rest, second.deps, pendingAfter);
    expect(resumed.resumed).toBe(1);
    await resumed.delivered;

    const posts = second.fake.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(posts).toHaveLength(1);
    const body = posts[0].body as { content: string; embeds: { title: string; fields: { name: string }[] }[]; components: { components: { custom_id: string }[] }[] };
    expect(body.content).toBe(`<@${ALICE.id}>, the result you asked for before the bot restarted:`);
    expect(body.embeds[0].title).toBe('Discovered in corpus "spans"');
    expect(body.embeds[0].fields[0].name).toBe('1. induction (word>word)');
    expect(posts[0].files.map((f) => f.name)).toStrictEqual(['discover.json']);
    expect(second.logRecords.find((r) => r.msg === 'pending result delivered after restart')).toMatchObject({ kind: 'discover' });
    // the candidates were kept for the buttons by the bot that posted them
    const file = body.components[0].components[1].custom_id;
    const [message] = [...second.fake.messages.values()].filter((m) => m.channel_id === CHANNEL_ID && m.embeds.length > 0);
    const press = buttonPayload({ customId: file, message: second.fake.apiMessageOf(message.id), user: ALICE });
    await second.send(press);
    const [answer] = second.fake.requests.filter((r) => r.path.includes(press.token));
    expect(answer.files.map((f) => f.name)).toStrictEqual(['induction-word-word.yaml']);
  }, 120_000);
});
