import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DiscoverSettings } from '../../../bot/discover-access.ts';
import { PendingJobs } from '../../../bot/pending-jobs.ts';
import { resumePendingJobs } from '../../../bot/resume-pending.ts';
import type { QueueConfig } from '../../../queue/queue-config.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { ALICE, CHANNEL_ID, buttonPayload, chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { PROSE_DOCS, repeatedSpanDocs, writeTxtCorpus } from '../../helpers/discover-corpora.ts';
import { FAKE_APP_ID, FakeDiscord, type RecordedRequest } from '../../helpers/fake-discord.ts';
import { deletePrefix, freshQueueConfig } from '../../helpers/queue-harness.ts';

const TOP_K_TITLE = "GPT-2's top 3 next tokens";
const completePayload = () => chatInputPayload({ name: 'complete', options: [str('prompt', 'one two three one two'), int('top', 3)], user: ALICE });

/** Every message that carries the /complete result: accepted edits of the original reply and channel posts. */
function resultPosts(fake: FakeDiscord, token: string): RecordedRequest[] {
  const carries = (r: RecordedRequest) => ((r.body as { embeds?: { title?: string }[] } | undefined)?.embeds ?? []).some((e) => e.title === TOP_K_TITLE);
  return [...fake.find('PATCH', new RegExp(`^/webhooks/${FAKE_APP_ID}/${token}/messages/@original$`)), ...fake.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`))].filter((r) => r.status < 300 && carries(r));
}

describe('GIVEN a bot restarted while a user waits for a result', () => {
  let queue: QueueConfig;
  let fake: FakeDiscord;
  let catalog: TestCatalog;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await deletePrefix(queue.prefix);
  });
  async function setUp(): Promise<void> {
    queue = freshQueueConfig();
    fake = await new FakeDiscord().start();
    catalog = await freshCatalog('postgres', 3);
    cleanups.push(() => fake.stop(), () => catalog.cleanup());
  }
  function store(): PendingJobs {
    const pending = new PendingJobs(queue);
    cleanups.push(() => pending.close());
    return pending;
  }
  async function bot(pending: PendingJobs): Promise<BotHarness> {
    const h = await startBotHarness({ catalog: catalog.repo, queue, pending, keepQueue: true, fake });
    cleanups.push(() => h.close());
    return h;
  }
  async function worker(h: BotHarness): Promise<WorkerService> {
    const w = await startHarnessWorker(h);
    cleanups.push(async () => void (await w.stop(5_000)));
    return w;
  }
  /** The first bot takes /complete, enqueues it, and is stopped before any worker ran it (`hunt bot` marks its waits cut short, then closes). */
  async function firstBotStopsWhileWaiting() {
    const pending = store();
    const first = await startBotHarness({ catalog: catalog.repo, queue, pending, keepQueue: true, fake });
    const payload = completePayload();
    void first.start(payload);
    for (let waited = 0; (await pending.count()) === 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await pending.count()).toBe(1);
    pending.stopping = true;
    await first.close(0); // its handler still waits: the wait is cut short, not answered
    expect(first.logRecords.filter((r) => (r.level as number) >= 40)).toStrictEqual([]); // no error told, nothing posted
    return payload;
  }

  it('WHEN the new bot takes over within the token\'s 15 minutes THEN the result is edited into the original reply, once, even with two bots starting at once', async () => {
    await setUp();
    const payload = await firstBotStopsWhileWaiting();
    const [pendingAfter, racing] = [store(), store()];
    const second = await bot(pendingAfter);
    await worker(second);
    // a rolling restart: two bots start at once; one of them takes the wait
    const [a, b] = await Promise.all([resumePendingJobs(second.client.rest, second.deps, pendingAfter), resumePendingJobs(second.client.rest, second.deps, racing)]);
    expect(a.resumed + b.resumed).toBe(1);
    await Promise.all([a.delivered, b.delivered]);

    const posts = resultPosts(fake, payload.token);
    expect(posts.map((p) => [p.method, p.status])).toStrictEqual([['PATCH', 200]]);
    expect(fake.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`))).toStrictEqual([]);
    expect(posts[0].files.map((f) => f.name)).toStrictEqual(['top-k.png']);
    // the user's "thinking…" reply now holds the result
    expect((fake.original(payload.token) as { embeds?: { title: string }[] }).embeds?.map((e) => e.title)).toStrictEqual([TOP_K_TITLE]);
    expect(second.logRecords.find((r) => r.msg === 'pending result delivered after restart')).toMatchObject({ kind: 'complete', via: 'interaction' });
    expect(JSON.stringify(second.logRecords)).not.toContain(payload.token); // the interaction token is a credential
    expect(await pendingAfter.count()).toBe(0);
    expect((await resumePendingJobs(second.client.rest, second.deps, pendingAfter)).resumed).toBe(0);
    expect(fake.violations).toStrictEqual([]);
  }, 120_000);

  it.each([
    ['the token has expired (15 minutes passed)', (h: BotHarness) => h.clock.advance(15 * 60_000), 0],
    ['Discord refuses the edit (the token was revoked)', (_h: BotHarness, token: string) => fake.expireInteractionToken(token), 1],
  ])('WHEN %s THEN the result is posted in the channel instead, mentioning the user, once', async (_what, expire, editsTried) => {
    await setUp();
    const payload = await firstBotStopsWhileWaiting();
    const pendingAfter = store();
    const second = await bot(pendingAfter);
    expire(second, payload.token);
    await worker(second);
    const { resumed, delivered } = await resumePendingJobs(second.client.rest, second.deps, pendingAfter);
    expect(resumed).toBe(1);
    await delivered;
    expect(fake.find('PATCH', new RegExp(`^/webhooks/${FAKE_APP_ID}/${payload.token}/messages/@original$`))).toHaveLength(editsTried);
    const posts = resultPosts(fake, payload.token);
    expect(posts.map((p) => [p.method, p.path, p.status])).toStrictEqual([['POST', `/channels/${CHANNEL_ID}/messages`, 200]]);
    const body = posts[0].body as { content: string; allowed_mentions: unknown };
    expect(body.content).toBe(`<@${ALICE.id}>, the result you asked for before the bot restarted:`);
    expect(body.allowed_mentions).toStrictEqual({ parse: [], users: [ALICE.id] });
    expect(second.logRecords.find((r) => r.msg === 'pending result delivered after restart')).toMatchObject({ kind: 'complete', via: 'channel' });
  }, 120_000);

  it('WHEN the old bot posts the result while shutting down and dies before clearing its wait THEN the new bot does not post it again', async () => {
    await setUp();
    const pendingBefore = store();
    const first = await bot(pendingBefore);
    const payload = completePayload();
    const handled = first.start(payload);
    for (let waited = 0; (await pendingBefore.count()) === 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    // SIGTERM arrives (waits now count as cut short), then the result lands before the bot is gone
    pendingBefore.stopping = true;
    await worker(first);
    await handled;
    expect(resultPosts(fake, payload.token)).toHaveLength(1);

    const pendingAfter = store();
    const second = await bot(pendingAfter);
    const { resumed, delivered } = await resumePendingJobs(second.client.rest, second.deps, pendingAfter);
    await delivered;
    expect(resumed).toBe(0);
    expect(resultPosts(fake, payload.token)).toHaveLength(1);
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
