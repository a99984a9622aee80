import { readdirSync, readFileSync } from 'node:fs';
import { QueueEvents } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTINUATION_PENDING } from '../../../bot/embeds/complete-result.ts';
import { userMessageFor } from '../../../bot/user-messages.ts';
import { JOB_POLICIES } from '../../../queue/job-policies.ts';
import { bullConnection, queueNameFor } from '../../../queue/queue-config.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { FAKE_APP_ID, SENT_WITH_EVERY_MESSAGE } from '../../helpers/fake-discord.ts';

/** A long prompt and the longest continuation: generating it takes far longer than a kill takes to land. */
const PROMPT = ' word'.repeat(500).trim();

/** The model host processes this test process started (the in-process worker's children), read from /proc: fast enough to beat the generation. */
function modelHostPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('model-host')) pids.push(Number(entry));
    } catch {
      // the process ended while it was read
    }
  }
  return pids;
}

describe('GIVEN the bot, a real queue, a worker with the fixture model, and Discord played by a fake REST API', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let worker: WorkerService;
  let events: QueueEvents;
  beforeEach(async () => {
    catalog = await freshCatalog('postgres');
    h = await startBotHarness({ catalog: catalog.repo });
    worker = await startHarnessWorker(h);
    events = new QueueEvents(queueNameFor(h.queue.defaultModel, h.queue), { connection: bullConnection(h.queue), prefix: h.queue.prefix });
    await events.waitUntilReady();
  });
  afterEach(async () => {
    await events?.close();
    await worker?.stop(2_000);
    await h?.close();
    await catalog?.cleanup();
    expect(h.fake.violations).toStrictEqual([]);
  });

  it('WHEN the model process dies after the first view, on every attempt THEN the next tokens were shown before any continuation existed, and the error line replaces them', async () => {
    // Each attempt publishes its next tokens, then dies while generating: the continuation never exists.
    const killed: number[] = [];
    events.on('progress', () => {
      for (const pid of modelHostPids()) {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
    });
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', PROMPT), int('top', 3), int('tokens', 50)] });
    await h.send(payload);

    const original = `/webhooks/${FAKE_APP_ID}/${payload.token}/messages/@original`;
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${payload.id}/${payload.token}/callback`, 204],
      ['PATCH', original, 200], // the first view
      ['PATCH', original, 200], // the error line in its place
    ]);
    const [job] = await h.producer.queue.getJobs(['failed']);
    expect({ attempts: job.attemptsMade, result: job.returnvalue ?? null, killed: killed.length }).toStrictEqual({ attempts: JOB_POLICIES.complete.attempts, result: null, killed: JOB_POLICIES.complete.attempts });
    const first = h.fake.requests[1].body as { embeds: { title: string; fields: { name: string; value: string }[] }[] };
    expect(first.embeds[0].title).toBe("GPT-2's top 3 next tokens");
    expect(first.embeds[0].fields.map((f) => f.name)).toStrictEqual(['Top 3 next tokens', 'Greedy continuation']);
    expect(first.embeds[0].fields[1].value).toBe(CONTINUATION_PENDING);
    // the view shows what the job itself published: its progress holds the same top tokens
    const published = (job.progress as { top: { text: string }[] }).top.map((t) => t.text.replace(/ /g, '␣'));
    for (const token of published) expect(first.embeds[0].fields[0].value).toContain(token);
    // the model process was killed: an outage, worded as one; the chart and the embed are gone
    expect(h.fake.requests[2].body).toStrictEqual({ ...SENT_WITH_EVERY_MESSAGE, content: userMessageFor('unavailable'), embeds: [], components: [], attachments: [] });
    expect(h.fake.original(payload.token)).toMatchObject({ content: userMessageFor('unavailable'), embeds: [], attachments: [] });
  }, 60_000);
});
