import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { voteButtons } from '../../../bot/embeds/vote-buttons.ts';
import { USER_MESSAGES } from '../../../bot/user-messages.ts';
import { startBotHarness, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { ALICE, BOB, CHANNEL_ID, buttonPayload, chatInputPayload, int, modalSubmitPayload, str, sub } from '../../helpers/discord-interactions.ts';

const OUTAGE = USER_MESSAGES.unavailable('');
const FORM = { name: 'Adjacent', template: 'When {A} and {B} met, {B} waved to', expected: '{A}', distractor: '{B}', description: '' };

/** Every text the bot sent back for the interactions so far. */
function texts(h: BotHarness): string[] {
  return h.fake.requests.flatMap((r) => {
    const body = r.body as { content?: string; data?: { content?: string } } | undefined;
    return [body?.content, body?.data?.content].filter((t): t is string => typeof t === 'string');
  });
}

describe('GIVEN the bot with a real queue and catalog: bad input gets a message about the input, never the outage message', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  beforeEach(async () => {
    catalog = await freshCatalog('postgres', 3);
    h = await startBotHarness({ catalog: catalog.repo, quota: { limit: 2, windowMs: 60_000 } });
  });
  afterEach(async () => {
    await h?.close();
    await catalog?.cleanup();
  });

  it('WHEN /task show names an id past the integer range THEN the user hears there is no such task', async () => {
    await h.send(chatInputPayload({ name: 'task', options: [sub('show', [int('id', 2_147_483_648)])] }));
    expect(texts(h)).toStrictEqual(['There is no task #2147483648. Check the id with `/task list`.']);
  });

  it('WHEN a forged vote button names task 9999999999 THEN the voter hears there is no such task', async () => {
    const message = h.fake.apiMessageOf(h.fake.seedMessage(CHANNEL_ID, { content: 'x', components: voteButtons(1, { up: 0, down: 0, inCatalog: false }) }).id);
    await h.send(buttonPayload({ customId: 'vote:up:9999999999', message, user: ALICE }));
    expect(texts(h)).toStrictEqual(['There is no task #9999999999. Check the id with `/task list`.']);
  });

  it('WHEN a forged /catalog asks for an export format that does not exist THEN the user hears which formats exist', async () => {
    await h.send(chatInputPayload({ name: 'catalog', options: [str('export', 'exe')] }));
    expect(texts(h)).toStrictEqual([expect.stringMatching(/^An option is not valid: there is no export format "exe" \(formats: .+\)\.$/)]);
  });

  it.each([
    ['without its template field', { name: 'x', expected: '{A}' }, 'template'],
    ['without any field', {}, 'name'],
  ])('WHEN a forged form arrives %s THEN the user hears the form is incomplete', async (_, fields, missing) => {
    await h.send(modalSubmitPayload({ customId: 'task-submit', fields }));
    expect(texts(h)).toStrictEqual([`That request is not valid: the form has no "${missing}" field. Fix it and try again (\`/help\` shows the formats).`]);
    expect(texts(h)).not.toContain(OUTAGE);
  });

  it('WHEN a user submits past their quota THEN nothing more is stored', async () => {
    // no worker runs: accepted submissions wait for their evaluation, so only start them
    for (let i = 0; i < 5; i++) void h.start(modalSubmitPayload({ customId: 'task-submit', fields: { ...FORM, name: `Task ${i}` }, user: BOB }));
    const refusals = () => texts(h).filter((t) => t.startsWith('Slow down: quota reached'));
    for (let waited = 0; refusals().length < 3 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await h.fake.waitFor('PATCH', /@original$/);
    const [{ n }] = await catalog.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    // before: every submission was stored, then the enqueue was refused (40 submitted → 40 rows)
    expect(n).toBe(2);
    expect(refusals()).toHaveLength(3);
  });

  it('WHEN the submitter votes on their own task THEN the vote is refused and not counted', async () => {
    const task = await catalog.repo.submitTask({ definition: { id: 'own', title: 'Own' }, submitter: ALICE.id });
    const message = h.fake.apiMessageOf(h.fake.seedMessage(CHANNEL_ID, { content: 'x', components: voteButtons(task.id, { up: 0, down: 0, inCatalog: false }) }).id);
    await h.send(buttonPayload({ customId: `vote:up:${task.id}`, message, user: ALICE }));
    expect(texts(h)).toStrictEqual([`An option is not valid: you submitted task #${task.id}; votes on it come from others.`]);
    expect((await catalog.repo.taskDetail(task.id))?.tally).toMatchObject({ net: 0, up: 0 });
    await h.send(buttonPayload({ customId: `vote:up:${task.id}`, message, user: BOB }));
    expect((await catalog.repo.taskDetail(task.id))?.tally).toMatchObject({ net: 1, up: 1 });
  });
});
