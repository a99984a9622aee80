import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { APIEmbed } from 'discord.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mineResultFields, proportionText } from '../../../bot/embeds/mine-result.ts';
import type { MineAccess } from '../../../bot/mine-access.ts';
import { mineCorpus } from '../../../corpus/mine-corpus.ts';
import { MINE_QUEUE } from '../../../queue/mine-job-schemas.ts';
import { bullConnection } from '../../../queue/queue-config.ts';
import { MineWorker } from '../../../worker/mine-worker.ts';
import { startBotHarness, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { CHANNEL_ID, chatInputPayload, str } from '../../helpers/discord-interactions.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';
import { plantedDocuments } from '../../helpers/planted-corpus.ts';
import { testLogger } from '../../helpers/queue-harness.ts';

/**
 * `/mine`: a moderated run of a built-in task over a configured corpus on the real queue, with
 * a real in-process mine worker; only Discord's servers are faked. The final embed must carry
 * the figures `hunt mine` computes in one process over the same corpus.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-bot-mine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Four JSONL files of planted acronyms (true, false and declined ones): four shards at shardBytes 1. */
function writeCorpus(): string {
  const root = path.join(dir, 'planted');
  mkdirSync(root, { recursive: true });
  const { docs } = plantedDocuments(5, 40);
  for (let i = 0; i < 4; i++) writeFileSync(path.join(root, `part-${i}.jsonl`), docs.slice(10 * i, 10 * i + 10).map((text) => JSON.stringify({ text })).join('\n') + '\n');
  return root;
}
const corpus = writeCorpus();
const ALLOWED: MineAccess & { progressEveryMs: number } = { corpora: [{ name: 'planted', path: corpus }], roles: [], channels: [CHANNEL_ID], shardBytes: 1, model: FIXTURE_MODEL, progressEveryMs: 0 };

/** Every text the bot sent back for the interactions so far. */
function texts(h: BotHarness): string[] {
  return h.fake.requests.flatMap((r) => {
    const body = r.body as { content?: string; data?: { content?: string } } | undefined;
    return [body?.content, body?.data?.content].filter((t): t is string => typeof t === 'string');
  });
}

/** The embeds of every edit of the original reply, in order. */
function edits(h: BotHarness): APIEmbed[] {
  return h.fake.find('PATCH', /@original$/).flatMap((r) => (r.body as { embeds?: APIEmbed[] }).embeds ?? []);
}

async function mineJobCount(h: BotHarness): Promise<number> {
  const queue = new Queue(MINE_QUEUE, { connection: bullConnection(h.queue), prefix: h.queue.prefix });
  try {
    const counts = await queue.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

let catalog: TestCatalog | undefined;
let h: BotHarness | undefined;
let worker: MineWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  await h?.close();
  await catalog?.cleanup();
  worker = h = catalog = undefined;
});

async function harness(mine: MineAccess & { progressEveryMs?: number }): Promise<BotHarness> {
  catalog = await freshCatalog('postgres', 3);
  h = await startBotHarness({ catalog: catalog.repo, mine });
  return h;
}

describe('/mine in Discord', () => {
  it('GIVEN an allowed user WHEN they mine a configured corpus THEN one message shows the shards as they finish, then the figures hunt mine computes', async () => {
    const one = await mineCorpus({ task: { kind: 'resolve', spec: 'acronym' }, corpus, tokens: 'sample', model: { model: FIXTURE_MODEL }, workers: 1, examples: 0 });
    expect(one.judged).toBeGreaterThan(10); // the comparison compares something
    expect(one.precision.k).toBeGreaterThan(0);
    expect(one.precision.k).toBeLessThan(one.precision.n); // planted false instances too

    const bot = await harness(ALLOWED);
    const handled = bot.start(chatInputPayload({ name: 'mine', options: [str('task', 'acronym'), str('corpus', 'planted')] }));
    // the worker starts once the run is queued and shown: every shard then finishes while the bot watches
    await bot.fake.waitFor('PATCH', /@original$/);
    worker = new MineWorker(bot.queue, testLogger(), { scanThreads: 1 });
    await worker.start();
    await handled;

    const shown = edits(bot);
    const progress = shown.slice(0, -1).map((e) => e.description ?? '');
    expect(progress.length).toBeGreaterThanOrEqual(2); // the first, and one as a shard finished
    expect(progress[0]).toMatch(/^Mining: 0 of 4 shards, 0\.0 kB of \d+\.\d kB, 0\.00 MB\/s$/);
    const done = progress.map((d) => Number(/^Mining: (\d) of 4 shards, \d+\.\d kB of \d+\.\d kB, \d+\.\d+ MB\/s$/.exec(d)?.[1]));
    expect(done).toStrictEqual([...done].sort((a, b) => a - b)); // every edit parses, and shards only go up

    const final = shown.at(-1)!;
    const runId = /^run (mine-[0-9a-f]+) /.exec(final.footer!.text)![1];
    expect(final.title).toBe('/mine acronym on planted');
    const byName = Object.fromEntries(final.fields!.map((f) => [f.name, f.value]));
    expect(byName['Regex precision']).toBe(proportionText(one.precision));
    expect(byName['Heuristic agreement']).toBe(proportionText(one.agreement));
    // read back without the embed's own formatter: the one-process counts and interval, to the printed digit
    for (const [field, p] of [['Regex precision', one.precision], ['Heuristic agreement', one.agreement]] as const) {
      const m = /^(\d+\.\d)% \(95% CI (\d+\.\d)%–(\d+\.\d)%\), (\d+) of (\d+)$/.exec(byName[field])!;
      expect(m, `${field}: ${byName[field]}`).not.toBeNull();
      expect([Number(m[4]), Number(m[5])]).toStrictEqual([p.k, p.n]);
      expect([Number(m[1]), Number(m[2]), Number(m[3])]).toStrictEqual([p.value!, p.low!, p.high!].map((x) => Number((100 * x).toFixed(1))));
    }
    expect(byName.Matches).toBe(`${one.matches} (${one.judged} judged, ${one.capped} over the per-document cap, ${one.duplicates} duplicates)`);
    expect(byName['Shards: 4 of 4 scanned']).toBe('none failed');
    // every field but the run's own speed is the one-process report's
    const expected = mineResultFields({ ...one, shards: { total: 4, failed: [] } }, runId);
    const scanned = (fields: { name: string; value: string }[]) => fields.map((f) => (f.name === 'Scanned' ? { ...f, value: f.value.replace(/, [\d.]+ MB\/s$/, '') } : f));
    expect(scanned(final.fields!)).toStrictEqual(scanned(expected));
  }, 120_000);

  it('GIVEN progress edits at most once a minute WHEN a run takes seconds THEN the message is edited twice: queued, and the result', async () => {
    const bot = await harness({ ...ALLOWED, progressEveryMs: 60_000 });
    worker = new MineWorker(bot.queue, testLogger(), { scanThreads: 1 });
    await worker.start();
    await bot.send(chatInputPayload({ name: 'mine', options: [str('task', 'acronym'), str('corpus', 'planted')] }));
    const shown = edits(bot);
    expect(shown.map((e) => e.description?.replace(/,.*/, '') ?? e.fields?.[0].name)).toStrictEqual(['Mining: 0 of 4 shards', 'Matches']);
  }, 120_000);

  it('GIVEN a user without the role WHEN they ask for /mine THEN one line says who may, and nothing is queued', async () => {
    const bot = await harness({ ...ALLOWED, channels: [], roles: ['1300000000000000009'] });
    await bot.send(chatInputPayload({ name: 'mine', options: [str('task', 'acronym'), str('corpus', 'planted')] }));
    expect(texts(bot)).toStrictEqual(['Only members with <@&1300000000000000009> may start /mine: ask one of them, or a moderator for the role.']);
    expect(await mineJobCount(bot)).toBe(0);
  });

  it('GIVEN an allowed user WHEN they name a corpus the bot does not offer THEN one line names the corpora offered, and nothing is queued', async () => {
    const bot = await harness(ALLOWED);
    await bot.send(chatInputPayload({ name: 'mine', options: [str('task', 'acronym'), str('corpus', '../etc')] }));
    expect(texts(bot)).toStrictEqual(['An option is not valid: no corpus "../etc" here (offered: planted).']);
    expect(await mineJobCount(bot)).toBe(0);
  });

  it('GIVEN a corpus the operator configured but this machine cannot read WHEN an allowed user mines it THEN one line sends them to the operator, without the path, and nothing is queued', async () => {
    const missing = '/nonexistent/hunt-corpus-folder';
    const bot = await harness({ ...ALLOWED, corpora: [{ name: 'gone', path: missing }] });
    await bot.send(chatInputPayload({ name: 'mine', options: [str('task', 'acronym'), str('corpus', 'gone')] }));
    expect(texts(bot)).toStrictEqual(['An option is not valid: the corpus "gone" cannot be read on the bot\'s machine: tell the bot\'s operator (HUNT_MINE_CORPORA).']);
    expect(texts(bot).join('\n')).not.toContain(missing);
    expect(await mineJobCount(bot)).toBe(0);
  });
});
