import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatExport } from '../../../catalog/catalog-export.ts';
import { fitMessage } from '../../../bot/fit-message.ts';
import { helpMessage } from '../../../bot/embeds/help.ts';
import { catalogListMessage, taskDetailMessage, taskListMessage } from '../../../bot/embeds/task-listing.ts';
import { voteButtons } from '../../../bot/embeds/vote-buttons.ts';
import { openCatalog } from '../../../catalog/open-catalog.ts';
import { terminalSubmitter } from '../../../catalog/submitter.ts';
import { freshCatalog, TEST_DATABASE_URL, type TestCatalog } from '../../helpers/catalog-db.ts';
import { startBotHarness, type BotHarness } from '../../helpers/bot-harness.ts';
import { ALICE, BOB, CHANNEL_ID, buttonPayload, chatInputPayload, int, str, sub } from '../../helpers/discord-interactions.ts';
import { deferredErrorRoutes, ephemeralFollowUp, SENT_WITH_EVERY_MESSAGE as SENT } from '../../helpers/fake-discord.ts';
import { freshQueueConfig } from '../../helpers/queue-harness.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';
const TASK = { id: 'ioi-gifts', title: 'IOI with gifts', description: 'who gets the gift', template: 'When {A} and {B} left, {B} gave it to', slots: { A: ['Anna', 'Tom'], B: ['Max', 'Lucy'] }, expected: ' {A}' };

describe('GIVEN the bot with a real queue and catalog but no worker, and Discord played by a fake REST API', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  beforeEach(async () => {
    catalog = await freshCatalog('postgres', 3);
    h = await startBotHarness({ catalog: catalog.repo, quota: { limit: 1, windowMs: 60_000 } });
  });
  afterEach(async () => {
    await h?.close();
    await catalog?.cleanup();
    expect(h.fake.violations).toStrictEqual([]);
  });

  const paths = () => h.fake.requests.map((r) => [r.method, r.path]);

  it('WHEN /help is asked THEN the answer is one ephemeral reply with the help embed', async () => {
    const payload = chatInputPayload({ name: 'help' });
    await h.send(payload);
    expect(paths()).toStrictEqual([['POST', `/interactions/${payload.id}/${payload.token}/callback`]]);
    expect(h.fake.requests[0].body).toStrictEqual({ type: 4, data: { ...SENT, embeds: helpMessage(3).embeds, flags: 64 } });
  });

  it('WHEN /score gets an empty answer THEN the user alone is told at once, and nothing is queued', async () => {
    const payload = chatInputPayload({ name: 'score', options: [str('prompt', IOI), str('answers', 'John || Mary')] });
    await h.send(payload);
    expect(h.fake.requests.map((r) => r.body)).toStrictEqual([
      { type: 4, data: { ...SENT, content: 'That request is not valid: answer 2 is empty; separate answers with "|", e.g. John | Mary. Fix it and try again (`/help` shows the formats).', flags: 64 } },
    ]);
    expect(await h.producer.queue.count()).toBe(0);
  });

  it('WHEN a user is over quota THEN the placeholder is replaced by one ephemeral "slow down" that says when to retry', async () => {
    await h.producer.enqueue('tokens', { text: 'an earlier job' }, { userId: ALICE.id });
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI)], user: ALICE });
    await h.send(payload);
    expect(paths()).toStrictEqual(deferredErrorRoutes(payload));
    expect(h.fake.requests[1].body).toStrictEqual(ephemeralFollowUp(expect.stringMatching(/^Slow down: quota reached: at most 1 jobs per 60 s per user; try again in \d+ s\.$/)));
    expect(await h.producer.queue.count()).toBe(1);
  });

  it('WHEN Discord answers the deferral with "Unknown interaction" (10062) THEN the bot stops there: no retry, nothing queued', async () => {
    h.fake.failNext({ method: 'POST', path: /\/callback$/, status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI)] });
    await h.send(payload);
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([['POST', `/interactions/${payload.id}/${payload.token}/callback`, 404]]);
    expect(await h.producer.queue.count()).toBe(0);
    expect(h.logRecords.find((r) => r.msg === 'discord refused deferReply')).toMatchObject({ final: true, what: 'deferReply' });
  });

  it('WHEN Discord refuses the edit with 403 THEN the bot sends it once and nothing else', async () => {
    const row = await catalog.repo.submitTask({ definition: TASK, submitter: BOB.id });
    h.fake.failNext({ method: 'PATCH', path: /@original$/, status: 403, body: { code: 50001, message: 'Missing Access' } });
    const payload = chatInputPayload({ name: 'task', options: [sub('show', [int('id', row.id)])] });
    await h.send(payload);
    expect(h.fake.requests.map((r) => [r.method, r.status])).toStrictEqual([
      ['POST', 204],
      ['PATCH', 403],
    ]);
  });

  it('WHEN the token has expired and the channel refuses the message with 403 THEN the bot posts it once and stops', async () => {
    const row = await catalog.repo.submitTask({ definition: TASK, submitter: BOB.id });
    h.clock.advance(15 * 60_000);
    h.fake.failNext({ method: 'POST', path: /^\/channels\//, status: 403, body: { code: 50013, message: 'Missing Permissions' } });
    const payload = chatInputPayload({ name: 'task', options: [sub('show', [int('id', row.id)])] });
    await h.send(payload);
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${payload.id}/${payload.token}/callback`, 204],
      ['POST', `/channels/${CHANNEL_ID}/messages`, 403],
    ]);
  });

  it('WHEN the queue is down THEN the user alone reads that the back end is not answering', async () => {
    await h.close();
    h = await startBotHarness({ catalog: catalog.repo, producerQueue: { ...freshQueueConfig(), redisUrl: 'redis://127.0.0.1:1' }, enqueueTimeoutMs: 5_000 });
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI)] });
    await h.send(payload);
    expect(h.fake.requests.map((r) => r.body)).toStrictEqual([
      { type: 5, data: { flags: 0 } },
      ephemeralFollowUp("The bot's back end (the model queue or the catalog) is not answering right now. Try again in a few minutes."),
      undefined,
    ]);
  });

  it('WHEN /task show names a task THEN the task, its votes and buttons are shown; an unknown id gets an ephemeral "not found"', async () => {
    const row = await catalog.repo.submitTask({ definition: TASK, submitter: BOB.id });
    await catalog.repo.vote(row.id, ALICE.id, 1);
    const payload = chatInputPayload({ name: 'task', options: [sub('show', [int('id', row.id)])] });
    await h.send(payload);
    const detail = (await catalog.repo.taskDetail(row.id))!;
    const expected = fitMessage(taskDetailMessage(detail));
    expect(h.fake.requests[1].body).toStrictEqual({
      ...SENT,
      content: `Submitted by <@${BOB.id}> · 👍 1 · 👎 0`,
      embeds: expected.embeds,
      components: voteButtons(row.id, { up: 1, down: 0, inCatalog: false }),
    });
    expect(expected.embeds![0].fields!.map((f) => [f.name, f.value])).toStrictEqual([
      ['Template', '```\nWhen {A} and {B} left, {B} gave it to\n```'],
      ['Expected', '"␣{A}"'],
      ['Slots', '{A}: Anna, Tom\n{B}: Max, Lucy'],
      ['Latest evaluation', 'none yet'],
    ]);

    const missing = chatInputPayload({ name: 'task', options: [sub('show', [int('id', 999)])] });
    await h.send(missing);
    expect(h.fake.requests.slice(2).map((r) => r.body)).toStrictEqual([
      { type: 5, data: { flags: 0 } },
      ephemeralFollowUp('There is no task #999. Check the id with `/task list`.'),
      undefined,
    ]);
  });

  it('WHEN /task show names a task submitted from the terminal THEN its submitter is text marked (terminal), not a mention of a user that does not exist', async () => {
    const row = await catalog.repo.submitTask({ definition: TASK, submitter: terminalSubmitter('ada') });
    await catalog.repo.vote(row.id, BOB.id, -1);
    const payload = chatInputPayload({ name: 'task', options: [sub('show', [int('id', row.id)])] });
    await h.send(payload);
    const detail = (await catalog.repo.taskDetail(row.id))!;
    expect(h.fake.requests[1].body).toStrictEqual({
      ...SENT,
      content: 'Submitted by ada (terminal) · 👍 0 · 👎 1',
      embeds: fitMessage(taskDetailMessage(detail)).embeds,
      components: voteButtons(row.id, { up: 0, down: 1, inCatalog: false }),
    });
  });

  it('WHEN /task list and /catalog export are asked THEN the list is an embed and the export an attached file of the catalog', async () => {
    const a = await catalog.repo.submitTask({ definition: TASK, submitter: BOB.id });
    const b = await catalog.repo.submitTask({ definition: { ...TASK, id: 'other', title: 'Other' }, submitter: ALICE.id });
    for (const user of ['u1', 'u2', 'u3']) await catalog.repo.vote(b.id, user, 1);

    await h.send(chatInputPayload({ name: 'task', options: [sub('list', [str('sort', 'top')])] }));
    const tasks = await catalog.repo.listTasks({ sort: 'top' });
    expect(tasks.map((t) => t.id)).toStrictEqual([b.id, a.id]);
    expect(h.fake.requests[1].body).toStrictEqual({ ...SENT, embeds: taskListMessage(tasks, 'top').embeds });
    expect((h.fake.requests[1].body as { embeds: { description: string }[] }).embeds[0].description).toBe(
      `**#${b.id}** Other · 👍 3 👎 0 · not evaluated · 📚\n**#${a.id}** IOI with gifts · 👍 0 👎 0 · not evaluated`,
    );

    await h.send(chatInputPayload({ name: 'catalog', options: [str('export', 'jsonl')] }));
    const edit = h.fake.requests[3];
    expect(edit.body).toStrictEqual({ ...SENT, embeds: catalogListMessage(await catalog.repo.list()).embeds, attachments: [{ id: '0', description: '1 catalogued tasks' }] });
    expect(edit.files.map((f) => [f.name, f.data.toString('utf8')])).toStrictEqual([['catalog.jsonl', formatExport(await catalog.repo.exportRecords(), 'jsonl')]]);
  });

  it('WHEN a vote button names a task that is gone THEN the voter alone is told, and no message changes', async () => {
    const message = h.fake.apiMessageOf(h.fake.seedMessage(CHANNEL_ID, { content: 'old', components: voteButtons(4242, { up: 0, down: 0, inCatalog: false }) }).id);
    await h.send(buttonPayload({ customId: 'vote:up:4242', message, user: ALICE }));
    expect(h.fake.requests.map((r) => r.body)).toStrictEqual([{ type: 4, data: { ...SENT, content: 'There is no task #4242. Check the id with `/task list`.', flags: 64 } }]);
  });

  it('WHEN the catalog is down THEN the user gets one short ephemeral line, never a stack trace', async () => {
    const down = await openCatalog({ databaseUrl: TEST_DATABASE_URL, schema: catalog.schema }, {});
    await down.close();
    await h.close();
    h = await startBotHarness({ catalog: down.repo });
    const payload = chatInputPayload({ name: 'task', options: [sub('list')] });
    await h.send(payload);
    expect(h.fake.requests.map((r) => r.body)).toStrictEqual([
      { type: 5, data: { flags: 0 } },
      ephemeralFollowUp("The bot's back end (the model queue or the catalog) is not answering right now. Try again in a few minutes."),
      undefined,
    ]);
    expect(h.logRecords.some((r) => r.msg === 'handler failed')).toBe(true);
  });
});
