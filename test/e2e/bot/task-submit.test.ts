import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitMessage } from '../../../bot/fit-message.ts';
import { catalogAddedMessage, taskPendingMessage, taskResultMessage } from '../../../bot/embeds/task-result.ts';
import { voteButtons } from '../../../bot/embeds/vote-buttons.ts';
import type { EvaluateJobResult } from '../../../queue/job-result-types.ts';
import { catalogRecorder } from '../../../worker/catalog-recorder.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { ALICE, BOB, CAROL, CHANNEL_ID, DAVE, buttonPayload, chatInputPayload, int, modalSubmitPayload, sub, type TestUser } from '../../helpers/discord-interactions.ts';
import { percent } from '../../../common/number-format.ts';
import { deferredErrorRoutes, ephemeralFollowUp, FAKE_APP_ID, FAKE_BOT_TOKEN, SENT_WITH_EVERY_MESSAGE } from '../../helpers/fake-discord.ts';

/** a fifth user: the submitter's own vote does not count, so reaching 3 and then 4 takes four others */
const ERIN: TestUser = { id: '1400000000000000005', username: 'erin' };

const IOI_FORM = {
  name: 'IOI with gifts',
  template: 'When {A} and {B} went to the {place}, {B} gave a {object} to',
  expected: '{A}',
  distractor: '{B}',
  description: 'Who gets the gift: the name that is not repeated.',
};

describe('GIVEN the bot, a real queue and catalog, a worker with the fixture model, and Discord played by a fake REST API', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let worker: WorkerService | undefined;
  const startWorker = async () => {
    worker = await startHarnessWorker(h, { recorder: catalogRecorder(catalog.repo) });
  };
  beforeEach(async () => {
    catalog = await freshCatalog('postgres', 3);
    h = await startBotHarness({ catalog: catalog.repo });
    worker = undefined;
  });
  afterEach(async () => {
    await worker?.stop(2_000);
    await h?.close();
    await catalog?.cleanup();
    expect(h.fake.violations).toStrictEqual([]);
  });

  /** The evaluation job's result, as the worker stored it in the queue. */
  async function evaluation(): Promise<EvaluateJobResult> {
    const [job] = await h.producer.queue.getJobs(['completed']);
    return job.returnvalue as EvaluateJobResult;
  }

  it('WHEN /task submit comes without a file THEN the form opens, five labelled inputs', async () => {
    const payload = chatInputPayload({ name: 'task', options: [sub('submit')] });
    await h.send(payload);
    expect(h.fake.requests).toHaveLength(1);
    const input = (custom_id: string, style: number, required: boolean, max_length: number, placeholder: string) => ({ type: 4, custom_id, style, required, max_length, placeholder });
    expect(h.fake.requests[0].body).toStrictEqual({
      type: 9,
      data: {
        custom_id: 'task-submit',
        title: 'Submit a behaviour task',
        components: [
          { type: 18, label: 'Name', component: input('name', 1, true, 100, 'IOI with gifts') },
          {
            type: 18,
            label: 'Prompt, or template with {slots}',
            description: 'Fillers on lines below: "place: store, park". {A}, {place}, {object} have lists.',
            component: input('template', 2, true, 2_000, 'When {A} and {B} went to the {place}, {B} gave a {object} to'),
          },
          { type: 18, label: 'Expected answer', description: 'A new word after the prompt; several with |; "…" keeps spacing.', component: input('expected', 1, true, 200, '{A}') },
          { type: 18, label: 'Distractor (optional)', component: input('distractor', 1, false, 200, '{B}') },
          { type: 18, label: 'Description (optional)', component: input('description', 2, false, 1_000, 'Who gets the gift: the name not repeated.') },
        ],
      },
    });
  });

  it('WHEN an IOI template is submitted THEN the reply is deferred, edited to "evaluating", then to metrics and vote buttons; three upvotes put it in the catalog once', async () => {
    await startWorker();
    const modal = modalSubmitPayload({ customId: 'task-submit', fields: IOI_FORM, user: ALICE });
    await h.send(modal);

    const original = `/webhooks/${FAKE_APP_ID}/${modal.token}/messages/@original`;
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${modal.id}/${modal.token}/callback`, 204],
      ['PATCH', original, 200],
      ['PATCH', original, 200],
    ]);
    const [defer, pending, result] = h.fake.requests;
    expect(defer.body).toStrictEqual({ type: 5, data: { flags: 0 } });

    const [row] = await catalog.repo.listTasks({ sort: 'new' });
    expect(row).toMatchObject({ slug: 'ioi-with-gifts', title: 'IOI with gifts', submitter: ALICE.id });
    const task = { id: row.id, submitter: ALICE.id };
    expect(pending.body).toStrictEqual({
      ...SENT_WITH_EVERY_MESSAGE,
      embeds: [
        {
          title: `Task #${row.id} · IOI with gifts`,
          color: 0x99aab5,
          description: '⏳ Submitted; GPT-2 small is being evaluated on it. This message shows the result when it is ready.',
          fields: [{ name: '⚠ Looks like a task we already have', value: expect.stringMatching(/^\*\*built-in ioi\*\*: its heuristic gives the same expected answer on \d+ of 24 sample prompts/) }],
        },
      ],
    });

    const { report, evaluation_id } = await evaluation();
    expect(report).toMatchObject({ task: 'ioi-with-gifts', title: 'IOI with gifts', status: 'submitted', model: 'local:tiny-gpt2', n: 200 });
    const detail = await catalog.repo.taskDetail(row.id);
    expect(detail!.evaluation).toMatchObject({ id: evaluation_id, verdict: report.verdict, model_id: 'local:tiny-gpt2' });
    const reason = (pending.body as { embeds: { fields: { value: string }[] }[] }).embeds[0].fields[0].value.replace(/^\*\*built-in ioi\*\*: /, '');
    const expected = fitMessage(taskResultMessage(task, report, { up: 0, down: 0, inCatalog: false }, [{ label: 'built-in ioi', reason }]));
    expect(result.body).toStrictEqual({
      content: `<@${ALICE.id}>'s task #${row.id} is evaluated. Vote: 👍 if GPT-2 small really does this, 👎 if not.`,
      ...SENT_WITH_EVERY_MESSAGE,
      embeds: expected.embeds,
      components: voteButtons(row.id, { up: 0, down: 0, inCatalog: false }),
    });
    const embed = (result.body as { embeds: { title: string; description: string; fields: { name: string }[] }[] }).embeds[0];
    expect(embed.title).toBe(`Task #${row.id} · IOI with gifts`);
    expect(embed.description).toMatch(new RegExp(`^\\*\\*Verdict: ${report.verdict}\\*\\* · confidence \\d+%\\n`));
    expect(embed.fields.map((f) => f.name)).toStrictEqual([
      'P(expected)',
      'Top-1 · top-5',
      'Median rank',
      'Logit diff vs distractor',
      'Beats distractor',
      // the form has no control field: the report is paired with the generic control, and says so
      'Cue removed (generic control: words shuffled)',
      'Prompts',
      `Worst 3 of ${report.scored} prompts`,
      '⚠ Looks like a task we already have',
    ]);
    expect(report.control).toMatchObject({ n: report.scored, generic: report.scored });

    // Votes: the message as Discord would send it with each button press.
    const message = () => h.fake.apiMessageOf(h.fake.original(modal.token)!.id);
    const press = async (user: TestUser, direction: 'up' | 'down') => {
      const payload = buttonPayload({ customId: `vote:${direction}:${row.id}`, message: message(), user });
      await h.send(payload);
      return h.fake.requests.filter((r) => r.path.includes(payload.token));
    };
    const update = (up: number, down: number, inCatalog: boolean) => ({ type: 7, data: { ...SENT_WITH_EVERY_MESSAGE, components: voteButtons(row.id, { up, down, inCatalog }) } });

    // The submitter's own vote does not count.
    expect((await press(ALICE, 'up')).map((r) => r.body)).toStrictEqual([
      { type: 4, data: { ...SENT_WITH_EVERY_MESSAGE, content: `An option is not valid: you submitted task #${row.id}; votes on it come from others.`, flags: 64 } },
    ]);
    expect((await press(BOB, 'up')).map((r) => r.body)).toStrictEqual([update(1, 0, false)]);
    expect((await press(CAROL, 'up')).map((r) => r.body)).toStrictEqual([update(2, 0, false)]);
    const third = await press(DAVE, 'up');
    expect(third.map((r) => [r.method, r.path])).toStrictEqual([
      ['POST', expect.stringMatching(/^\/interactions\/\d+\/itok-\w+\/callback$/)],
      ['POST', expect.stringMatching(/^\/webhooks\/\d+\/itok-\w+$/)],
    ]);
    expect(third[0].body).toStrictEqual(update(3, 0, true));
    expect(third[1].body).toStrictEqual({ ...SENT_WITH_EVERY_MESSAGE, embeds: catalogAddedMessage(task, 'IOI with gifts', 3, 3).embeds });
    expect((await catalog.repo.list()).map((e) => [e.task_id, e.net_votes])).toStrictEqual([[row.id, 3]]);

    // A fourth upvote counts, but the task is not added (or announced) again.
    expect((await press(ERIN, 'up')).map((r) => r.body)).toStrictEqual([update(4, 0, true)]);
    expect((await catalog.repo.exportRecords()).map((r) => r.task_id)).toStrictEqual([row.id]);

    // One user pressing twice never counts twice: 👍 again withdraws, 👎 then changes the vote.
    expect((await press(BOB, 'up')).map((r) => r.body)).toStrictEqual([update(3, 0, true)]);
    expect((await press(BOB, 'up')).map((r) => r.body)).toStrictEqual([update(4, 0, true)]);
    expect((await press(BOB, 'down')).map((r) => r.body)).toStrictEqual([update(3, 1, true)]);
    expect((await catalog.repo.taskDetail(row.id))!.tally).toStrictEqual({ net: 2, up: 3, down: 1, inCatalog: true });
    // the message on Discord shows the last counts
    expect(h.fake.original(modal.token)!.components).toStrictEqual(voteButtons(row.id, { up: 3, down: 1, inCatalog: true }));

    // /task show reads the evaluation back from the catalog.
    const show = chatInputPayload({ name: 'task', options: [sub('show', [int('id', row.id)])], user: DAVE });
    await h.send(show);
    const shown = h.fake.find('PATCH', new RegExp(`${show.token}/messages/@original$`))[0].body as { content: string; embeds: { fields: { name: string; value: string }[] }[] };
    expect(shown.content).toBe(`Submitted by <@${ALICE.id}> · 👍 3 · 👎 1 · 📚 in the catalog`);
    // The date is the one the catalog recorded (the database's clock), not today's: a run across midnight still agrees.
    const evaluatedAt = (await catalog.repo.taskDetail(row.id))!.evaluation!.evaluated_at;
    expect(shown.embeds[0].fields.at(-1)).toStrictEqual({
      name: 'Latest evaluation',
      value: `**${report.verdict}** (confidence ${Math.round(report.confidence * 100)}%) · P(expected) ${percent(report.metrics.mean_prob)} · top-1 ${percent(report.metrics.top1)} · median rank ${report.metrics.median_rank}\nlocal:tiny-gpt2 · ${evaluatedAt.toISOString().slice(0, 10)}`,
    });
  });

  it('WHEN the evaluation ends after the 15-minute token lifetime THEN the result is posted as a new channel message with the bot token', async () => {
    const modal = modalSubmitPayload({ customId: 'task-submit', fields: IOI_FORM, user: ALICE });
    const handled = h.start(modal);
    await h.fake.waitFor('PATCH', /@original$/); // "evaluating…"; no worker yet, so nothing more can happen
    h.clock.advance(16 * 60_000);
    h.fake.expireInteractionToken(modal.token);
    const before = h.fake.requests.length;
    await startWorker();
    await handled;

    const after = h.fake.requests.slice(before);
    expect(after.map((r) => [r.method, r.path, r.auth, r.status])).toStrictEqual([['POST', `/channels/${CHANNEL_ID}/messages`, `Bot ${FAKE_BOT_TOKEN}`, 200]]);
    const [row] = await catalog.repo.listTasks({ sort: 'new' });
    const { report } = await evaluation();
    const expected = fitMessage(taskResultMessage({ id: row.id, submitter: ALICE.id }, report, { up: 0, down: 0, inCatalog: false }, []));
    expect(after[0].body).toStrictEqual({
      content: `<@${ALICE.id}>'s task #${row.id} is evaluated. Vote: 👍 if GPT-2 small really does this, 👎 if not.`,
      embeds: [{ ...expected.embeds![0], fields: [...expected.embeds![0].fields!, { name: '⚠ Looks like a task we already have', value: expect.stringMatching(/^\*\*built-in ioi\*\*/) }] }],
      components: voteButtons(row.id, { up: 0, down: 0, inCatalog: false }),
      allowed_mentions: { parse: [], users: [ALICE.id] },
      attachments: [],
    });
  });

  it('WHEN a task file is attached THEN it is downloaded from Discord, validated and evaluated like a form', async () => {
    await startWorker();
    const yaml = [
      'id: gift-giving',
      'title: Gift giving from a file',
      'template: "Then {X} and {Y} had lunch. {Y} handed the {thing} to"',
      'lists: { people: [Anna, Tom, Lucy, Max, Emma, Jack] }',
      'slots: { X: people, Y: people, thing: [book, ring, cake] }',
      'expected: " {X}"',
      'distractor: " {Y}"',
    ].join('\n');
    const url = h.fake.addAttachment('gift.yaml', yaml, 'application/x-yaml');
    const payload = chatInputPayload({
      name: 'task',
      user: BOB,
      options: [{ name: 'submit', type: 1, options: [{ name: 'file', type: 11, value: '1600000000000000001' }] }],
      attachments: { '1600000000000000001': { filename: 'gift.yaml', url, size: yaml.length, content_type: 'application/x-yaml' } },
    });
    await h.send(payload);

    expect(h.fake.requests.map((r) => r.method)).toStrictEqual(['POST', 'PATCH', 'PATCH']);
    const [row] = await catalog.repo.listTasks({ sort: 'new' });
    expect(row).toMatchObject({ slug: 'gift-giving', title: 'Gift giving from a file', submitter: BOB.id });
    expect((await catalog.repo.getTask(row.id))!.definition).toMatchObject({ status: 'submitted', template: 'Then {X} and {Y} had lunch. {Y} handed the {thing} to' });
    const { report } = await evaluation();
    expect(report.task).toBe('gift-giving');
    expect((h.fake.requests[2].body as { components: unknown }).components).toStrictEqual(voteButtons(row.id, { up: 0, down: 0, inCatalog: false }));
  });

  it('WHEN the submitted form is not a valid task THEN the user alone reads every problem and nothing is stored or queued', async () => {
    const modal = modalSubmitPayload({ customId: 'task-submit', fields: { ...IOI_FORM, expected: '{C}' }, user: ALICE });
    await h.send(modal);
    expect(h.fake.requests.map((r) => [r.method, r.path])).toStrictEqual(deferredErrorRoutes(modal));
    expect(h.fake.requests[1].body).toStrictEqual(
      ephemeralFollowUp(
        'That task is not valid: your task: expected: uses {C}, which the template does not contain: the heuristic could not read it from the prompt. Fix it and submit again (`/help` shows the task format).',
      ),
    );
    expect(await catalog.repo.listTasks({ sort: 'new' })).toStrictEqual([]);
    expect(await h.producer.queue.count()).toBe(0);
  });
});
