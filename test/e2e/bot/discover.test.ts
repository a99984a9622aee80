import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionFromForm } from '../../../bot/task-submission.ts';
import type { DiscoverSettings } from '../../../bot/discover-access.ts';
import { discoverPendingMessage, discoverResultMessage } from '../../../bot/embeds/discover-result.ts';
import { fitMessage } from '../../../bot/fit-message.ts';
import type { DiscoverPartial } from '../../../discover/discover-partial.ts';
import { emitCandidateTask } from '../../../discover/emit-task.ts';
import { mergeDiscoverShards } from '../../../queue/discover-shards.ts';
import { parseDeclarativeTask, parseTaskFileText } from '../../../tasks/declarative-task.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { ALICE, BOB, CHANNEL_ID, GUILD_ID, buttonPayload, chatInputPayload, int, str, type InteractionPayload } from '../../helpers/discord-interactions.ts';
import { PROSE_DOCS, repeatedSpanDocs, writeTxtCorpus } from '../../helpers/discover-corpora.ts';
import { FAKE_APP_ID, SENT_WITH_EVERY_MESSAGE as SENT } from '../../helpers/fake-discord.ts';

// /discover end to end: the bot's command → discover jobs (two shards) → a worker scanning a
// corpus it offers by name with the fixture model (learned induction) → the merged candidates
// as an embed with buttons → the /task submit form pre-filled, or the task file.

const HUNTERS = '1300000000000000077';
const OTHER_CHANNEL = '1300000000000000099';
const SETTINGS: DiscoverSettings = { corpora: ['spans', 'wiki'], roles: [HUNTERS], channels: [], shards: 2 };
const DOCS = 24;

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-bot-discover-'));
const corpus = writeTxtCorpus(dir, 'spans.txt', [...repeatedSpanDocs(1, 20), ...PROSE_DOCS]);
const previous = process.env.HUNT_DISCOVER_CORPORA;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** every job the queue holds or has finished: a refused scan must add none (a worker would finish one before a plain count) */
const allJobs = async (h: BotHarness): Promise<number> => Object.values(await h.producer.queue.getJobCounts()).reduce((a, b) => a + b, 0);

type Body = { type?: number; data?: Record<string, unknown> } & Record<string, unknown>;
type Row = { components: { custom_id: string; label: string }[] };

describe('GIVEN the bot with /discover open to one role, a real queue, and a worker offering the corpus "spans"', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let worker: WorkerService;
  /** the allowed user's scan, run once for the tests below */
  let scan: InteractionPayload;
  beforeAll(async () => {
    // the worker's model host inherits this: the corpora it offers, by name
    process.env.HUNT_DISCOVER_CORPORA = `spans=${corpus}`;
    catalog = await freshCatalog('postgres', 3);
    h = await startBotHarness({ catalog: catalog.repo, discover: SETTINGS });
    worker = await startHarnessWorker(h);
    scan = chatInputPayload({ name: 'discover', options: [str('corpus', 'spans'), int('docs', DOCS)], user: ALICE, roles: [HUNTERS] });
    await h.send(scan);
  }, 120_000);
  afterAll(async () => {
    await worker?.stop(5_000);
    await h?.close();
    await catalog?.cleanup();
    if (previous === undefined) delete process.env.HUNT_DISCOVER_CORPORA;
    else process.env.HUNT_DISCOVER_CORPORA = previous;
    expect(h?.fake.violations).toStrictEqual([]);
  });

  /** the result message's components, as Discord shows them */
  const resultRows = () => (h.fake.original(scan.token)!.components as Row[]);
  const press = async (customId: string, user = BOB) => {
    const payload = buttonPayload({ customId, message: h.fake.apiMessageOf(h.fake.original(scan.token)!.id), user });
    await h.send(payload);
    return h.fake.requests.filter((r) => r.path.includes(payload.token));
  };

  it('WHEN a member with the role starts a scan THEN its shards run and the reply is edited to the top candidates, induction first, with buttons', async () => {
    const original = `/webhooks/${FAKE_APP_ID}/${scan.token}/messages/@original`;
    const mine = h.fake.requests.filter((r) => r.path.includes(scan.token));
    expect(mine.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${scan.id}/${scan.token}/callback`, 204],
      ['PATCH', original, 200],
      ['PATCH', original, 200],
      ['PATCH', original, 200],
    ]);
    expect(mine[0].body).toStrictEqual({ type: 5, data: { flags: 0 } });
    // "0 of 2 done", then "1 of 2 done" when the first shard's result is in, then the candidates
    expect(mine[1].body).toStrictEqual({ ...SENT, embeds: discoverPendingMessage('spans', DOCS, 2).embeds });
    expect(mine[2].body).toStrictEqual({ ...SENT, embeds: discoverPendingMessage('spans', DOCS, 2, 1).embeds });
    expect((mine[2].body as { embeds: { description: string }[] }).embeds[0].description).toBe('⏳ Scanning 24 documents in 2 jobs on the workers. 1 of 2 done. This message shows the candidates when the scan is done.');

    // two shard jobs on the queue, as `hunt enqueue discover spans --shards 2` makes them
    const jobs = (await h.producer.queue.getJobs(['completed'])).sort((a, b) => (a.data as { shard: { index: number } }).shard.index - (b.data as { shard: { index: number } }).shard.index);
    expect(jobs.map((j) => [j.name, j.data.corpus, j.data.n_docs, j.data.shard])).toStrictEqual([
      ['discover', 'spans', DOCS, { index: 0, count: 2 }],
      ['discover', 'spans', DOCS, { index: 1, count: 2 }],
    ]);
    expect(await allJobs(h)).toBe(2);
    const { report } = mergeDiscoverShards(jobs.map((j) => j.returnvalue as DiscoverPartial));
    // the fixture learned induction and nothing else
    expect(report.candidates[0]).toMatchObject({ name: 'induction', signature: ['seen-before', 'follows-same-token'] });

    const runId = /^proposal:form:([0-9a-f]{16}):0$/.exec(resultRows()[0].components[0].custom_id)![1];
    const shown = report.candidates.slice(0, 5);
    const expected = fitMessage(discoverResultMessage(report, { runId, indices: new Set(shown.map((_, i) => i)) }));
    expect(mine[3].body).toMatchObject({ ...SENT, embeds: expected.embeds, components: expected.components });
    expect(mine[3].files.map((f) => [f.name, JSON.parse(f.data.toString('utf8')).candidates.length])).toStrictEqual([['discover.json', report.candidates.length]]);
    const embed = (mine[3].body as { embeds: { title: string; fields: { name: string; value: string }[] }[] }).embeds[0];
    expect(embed.title).toBe('Discovered in corpus "spans"');
    expect(embed.fields[0].name).toBe('1. induction (word>word)');
    // counts, rate per MB, win rate, and examples: prompt tail → actual, P(model) vs the baselines
    expect(embed.fields[0].value).toMatch(/^\*\*\d+\*\* wins of \d+ positions like it: win rate [\d.]+% \(95% CI [\d.]+%–[\d.]+%\) · [\d.]+ per MB\nfeatures: seen-before, follows-same-token/);
    expect(embed.fields[0].value.split('\n').slice(2)).toHaveLength(Math.min(3, report.candidates[0].examples.length));
    expect(embed.fields[0].value.split('\n')[2]).toMatch(/^`.+` → `.+` · P\(model\) [\d.]+% vs n-gram .+, last 4 tokens .+$/);
    expect(resultRows().map((r) => r.components.map((c) => c.label))).toStrictEqual(shown.map((c, i) => [`${i + 1}. Propose as task: ${c.name}`, 'Task file']));
  });

  it('WHEN "Propose as task" is pressed THEN the /task submit form opens pre-filled with one of the candidate\'s prompts, as it reads back', async () => {
    const [callback] = await press(resultRows()[0].components[0].custom_id);
    const body = callback.body as { type: number; data: { custom_id: string; title: string; components: { component: { custom_id: string; value?: string } }[] } };
    expect(body.type).toBe(9);
    expect(body.data.custom_id).toBe('task-submit');
    expect(body.data.title).toBe('Submit a behaviour task');
    const values = Object.fromEntries(body.data.components.map((c) => [c.component.custom_id, c.component.value]));
    expect(values.name).toBe('Discovered: induction (word>word)');
    expect(values.distractor).toBeUndefined();
    expect(values.description).toMatch(/^Found by \/discover in corpus "spans" with local:tiny-gpt2: \d+ in-context wins of \d+ positions \([\d.]+%\), [\d.]+ per MB; features: seen-before, follows-same-token\. It is 1 of the task's \d+ prompts/);
    // submitted as is, the form gives one of the emitted task's pairs, unchanged
    const fromForm = definitionFromForm({ name: values.name!, template: values.template!, expected: values.expected!, description: values.description });
    const [taskFile] = (await press(resultRows()[0].components[1].custom_id))[0].files;
    const emitted = parseTaskFileText(taskFile.data.toString('utf8'), 'task.yaml') as { pairs: { prompt: string; answer: string }[] };
    const [pair] = fromForm.pairs as { prompt: string; answer: string }[];
    expect(emitted.pairs.map((p) => [p.prompt, p.answer])).toContainEqual([pair.prompt, pair.answer]);
  });

  it('WHEN "Task file" is pressed THEN the user alone gets the candidate\'s task file, which parses as a task', async () => {
    const requests = await press(resultRows()[0].components[1].custom_id);
    expect(requests.map((r) => [r.method, r.status])).toStrictEqual([['POST', 204]]);
    const body = requests[0].body as Body;
    expect(body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/^`induction-word-word\.yaml` is \*\*Discovered: induction \(word>word\)\*\* with \d+ prompts: edit it if you like, then submit it with `\/task submit file:`/) } });
    const [file] = requests[0].files;
    expect(file.name).toBe('induction-word-word.yaml');
    const definition = parseTaskFileText(file.data.toString('utf8'), file.name);
    expect(parseDeclarativeTask(definition, file.name).id).toBe('discovered-induction-word-word');
    // the same file `hunt discover --emit-task` writes from the same merged shards
    const jobs = await h.producer.queue.getJobs(['completed']);
    const result = mergeDiscoverShards(jobs.map((j) => j.returnvalue as DiscoverPartial));
    const top = result.report.candidates[0];
    expect(file.data.toString('utf8')).toBe(emitCandidateTask(result.report, top, result.instances.get(top.id)!));
  });

  it('WHEN "Propose as task" is pressed on a candidate the form cannot hold THEN the user alone reads why, with the task file instead', async () => {
    const file = 'id: discovered-long\ntitle: "Discovered: long"\npairs:\n  - { prompt: "a b", answer: " c" }\n';
    const problem = 'The form cannot hold this task: its prompts are up to 3,000 characters and the form holds 2,000.';
    const runId = await h.deps.proposals!.save(new Map([[0, { candidate: 'long', title: 'Discovered: long', file, prompts: 40, form: null, problem }]]));
    const requests = await press(`proposal:form:${runId}:0`);
    expect(requests.map((r) => r.body)).toStrictEqual([
      {
        type: 4,
        data: {
          ...SENT,
          content: `${problem} Here is its file instead: \`long.yaml\` is **Discovered: long** with 40 prompts: edit it if you like, then submit it with \`/task submit file:\` (or \`hunt eval\` it first).`,
          flags: 64,
          attachments: [{ id: '0' }],
        },
      },
    ]);
    expect(requests[0].files.map((f) => [f.name, f.data.toString('utf8')])).toStrictEqual([['long.yaml', file]]);
  });

  it.each([
    ['a forged id', 'proposal:form:not-a-run:0', "That button is not one of mine (its id does not parse), so it does nothing. Use the buttons under a /discover result."],
    ['an unknown run', 'proposal:file:0123456789abcdef:0', 'The candidates of that /discover result are no longer kept (they are kept 7 days): run /discover again for fresh ones.'],
  ])('WHEN a button with %s is pressed THEN the user alone reads one clear line', async (_, customId, line) => {
    const requests = await press(customId);
    expect(requests.map((r) => r.body)).toStrictEqual([{ type: 4, data: { ...SENT, content: line, flags: 64 } }]);
  });

  it.each([
    ['without the role', { user: BOB }, `Only members with <@&${HUNTERS}> may start /discover: ask one of them, or a moderator for the role.`],
    ['with the role, on a bot where /discover is kept to one channel', { user: BOB, roles: [HUNTERS], channelId: OTHER_CHANNEL }, `/discover runs only in <#${CHANNEL_ID}>: start it there.`],
  ])('WHEN a member %s starts a scan THEN they alone read why and who can, and nothing is queued', async (what, who, line) => {
    const before = await allJobs(h);
    const settings = what.includes('channel') ? { ...SETTINGS, channels: [CHANNEL_ID] } : SETTINGS;
    const bot = settings === SETTINGS ? h : await startBotHarness({ catalog: catalog.repo, discover: settings, queue: h.queue, keepQueue: true });
    try {
      const payload = chatInputPayload({ name: 'discover', options: [str('corpus', 'spans')], ...who });
      await bot.send(payload);
      const requests = bot.fake.requests.filter((r) => r.path.includes(payload.token));
      expect(requests.map((r) => r.body)).toStrictEqual([{ type: 4, data: { ...SENT, content: line, flags: 64 } }]);
      expect(await allJobs(h)).toBe(before);
    } finally {
      if (bot !== h) await bot.close();
    }
  });

  it('WHEN a choice the workers do not offer arrives (an old registration) THEN the user reads the corpora there are, and nothing is queued', async () => {
    const bot = await startBotHarness({ catalog: catalog.repo, discover: { ...SETTINGS, corpora: ['spans'] }, queue: h.queue, keepQueue: true });
    try {
      const payload = chatInputPayload({ name: 'discover', options: [str('corpus', 'wiki')], roles: [HUNTERS] });
      const before = await allJobs(h);
      await bot.send(payload);
      expect(bot.fake.requests.map((r) => r.body)).toStrictEqual([{ type: 4, data: { ...SENT, content: 'An option is not valid: no corpus "wiki" here (offered: spans).', flags: 64 } }]);
      expect(await allJobs(h)).toBe(before);
    } finally {
      await bot.close();
    }
  });
});

describe('GIVEN a scan that outlasts the 15-minute interaction token', () => {
  it('WHEN its shards finish after the token expired THEN the candidates are one new channel message, and no progress is posted', async () => {
    process.env.HUNT_DISCOVER_CORPORA = `spans=${corpus}`;
    const catalog = await freshCatalog('postgres');
    const h = await startBotHarness({ catalog: catalog.repo, discover: SETTINGS });
    let worker: WorkerService | undefined;
    try {
      const payload = chatInputPayload({ name: 'discover', options: [str('corpus', 'spans'), int('docs', DOCS)], roles: [HUNTERS] });
      const handled = h.start(payload);
      await h.fake.waitFor('PATCH', /@original$/); // "scanning…"; no worker yet, so nothing more can happen
      h.clock.advance(16 * 60_000);
      h.fake.expireInteractionToken(payload.token);
      const before = h.fake.requests.length;
      worker = await startHarnessWorker(h);
      await handled;
      const after = h.fake.requests.slice(before);
      expect(after.map((r) => [r.method, r.path, r.status])).toStrictEqual([['POST', `/channels/${CHANNEL_ID}/messages`, 200]]);
      const body = after[0].body as { content: string; embeds: { title: string }[]; components: unknown[] };
      expect(body.content).toBe(`<@${ALICE.id}>, your result:`);
      expect(body.embeds[0].title).toBe('Discovered in corpus "spans"');
      expect(body.components.length).toBeGreaterThan(0);
      expect(h.fake.violations).toStrictEqual([]);
    } finally {
      await worker?.stop(5_000);
      await h.close();
      await catalog.cleanup();
      if (previous === undefined) delete process.env.HUNT_DISCOVER_CORPORA;
      else process.env.HUNT_DISCOVER_CORPORA = previous;
    }
  }, 120_000);
});

describe('GIVEN a bot whose operator named nobody for /discover', () => {
  it('WHEN anyone starts a scan THEN they read that it is off and what an admin sets, and nothing is queued', async () => {
    const catalog = await freshCatalog('postgres');
    const h = await startBotHarness({ catalog: catalog.repo });
    try {
      const payload = chatInputPayload({ name: 'discover', options: [str('corpus', 'spans')], roles: [GUILD_ID] });
      await h.send(payload);
      expect(h.fake.requests.map((r) => r.body)).toStrictEqual([
        { type: 4, data: { ...SENT, content: '/discover is off on this bot: a scan is long, so an admin first names who may start one (HUNT_DISCOVER_ROLES or HUNT_DISCOVER_CHANNELS).', flags: 64 } },
      ]);
      expect(await allJobs(h)).toBe(0);
      expect(h.fake.violations).toStrictEqual([]);
    } finally {
      await h.close();
      await catalog.cleanup();
    }
  });
});
