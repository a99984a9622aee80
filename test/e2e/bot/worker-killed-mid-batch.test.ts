import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluateJobResult } from '../../../queue/job-result-types.ts';
import { startBotHarness, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { ALICE, modalSubmitPayload } from '../../helpers/discord-interactions.ts';
import { FAKE_APP_ID } from '../../helpers/fake-discord.ts';
import { spawnWorker, type WorkerProcess } from '../../helpers/queue-harness.ts';

/** Short locks (queue/queue-config.ts's defaults are 60 s and 30 s): a dead worker's job is taken again within seconds. */
const FAST_RECOVERY = ['--lock-duration', '2000', '--stalled-interval', '500'];

const FORM = {
  name: 'IOI with gifts',
  template: 'When {A} and {B} went to the {place}, {B} gave a {object} to',
  expected: '{A}',
  distractor: '{B}',
  description: 'Who gets the gift: the name that is not repeated.',
};

/** The process id a worker's JSON log lines carry (pino's `pid`): the id it records as `worker <host>:<pid>`. */
function pidOf(w: WorkerProcess): number {
  const match = /"pid":(\d+)/.exec(w.logs());
  if (!match) throw new Error(`no pid in the worker's log:\n${w.logs()}`);
  return Number(match[1]);
}

describe('GIVEN the bot, real Redis and PostgreSQL, and worker processes', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  const workers: WorkerProcess[] = [];
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await h?.close();
    await catalog?.cleanup();
  });

  it('WHEN the worker running a submitted task is SIGKILLed mid-batch THEN another worker takes the job over and the user still gets the result, once', async () => {
    catalog = await freshCatalog('postgres', 3);
    h = await startBotHarness({ catalog: catalog.repo });
    const a = spawnWorker(h.queue, FAST_RECOVERY);
    workers.push(a);
    await a.waitForLog('worker ready');

    const modal = modalSubmitPayload({ customId: 'task-submit', fields: FORM, user: ALICE });
    const handled = h.start(modal);
    // the model host has the evaluation: killed now, the batch is mid-run
    await a.waitForLog('"msg":"batch started"');
    // the second worker loads its model meanwhile; it cannot take the job while a holds its lock
    const b = spawnWorker(h.queue, FAST_RECOVERY);
    workers.push(b);
    a.child.kill('SIGKILL');
    expect(await a.exited).toStrictEqual({ code: null, signal: 'SIGKILL' });
    expect(a.logs()).not.toContain('"msg":"batch done"');
    await handled; // the bot's handler ends when the user has their answer

    const original = `/webhooks/${FAKE_APP_ID}/${modal.token}/messages/@original`;
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${modal.id}/${modal.token}/callback`, 204],
      ['PATCH', original, 200], // "evaluating…"
      ['PATCH', original, 200], // the result
    ]);
    const [row] = await catalog.repo.listTasks({ sort: 'new' });
    const result = h.fake.requests[2].body as { content: string; embeds: { title: string; description: string }[] };
    expect(result.content).toBe(`<@${ALICE.id}>'s task #${row.id} is evaluated. Vote: 👍 if GPT-2 small really does this, 👎 if not.`);
    const [job] = await h.producer.queue.getJobs(['completed']);
    const { report } = job.returnvalue as EvaluateJobResult;
    expect(result.embeds[0].description).toMatch(new RegExp(`^\\*\\*Verdict: ${report.verdict}\\*\\*`));
    // the job was recovered from the dead worker once and completed by the other: one evaluation, computed by b
    expect({ stalledCounter: job.stalledCounter, attemptsStarted: job.attemptsStarted }).toStrictEqual({ stalledCounter: 1, attemptsStarted: 2 });
    const rows = await catalog.sql.query<{ job_id: string; computed_by: string }>('SELECT job_id, computed_by FROM evaluations');
    expect(rows).toStrictEqual([{ job_id: job.id, computed_by: `worker ${hostname()}:${pidOf(b)}` }]);
    expect(h.fake.violations).toStrictEqual([]);
  }, 180_000);
});
