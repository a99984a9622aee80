import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { fitMessage, truncationNote } from '../../../bot/fit-message.ts';
import { completeResultMessage, CONTINUATION_PENDING } from '../../../bot/embeds/complete-result.ts';
import { renderTopKChart } from '../../../bot/top-k-chart.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { bool, chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { deferredErrorRoutes, ephemeralFollowUp, FAKE_APP_ID, SENT_WITH_EVERY_MESSAGE } from '../../helpers/fake-discord.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';
/** 1,100 tokens: over the fixture's 1,024-token context */
const OVER_LONG = ' word'.repeat(1_100).trim();

describe('GIVEN the bot, a real queue, a worker with the fixture model, and Discord played by a fake REST API', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let worker: WorkerService;
  beforeEach(async () => {
    catalog = await freshCatalog('postgres');
    h = await startBotHarness({ catalog: catalog.repo });
    worker = await startHarnessWorker(h);
  });
  afterEach(async () => {
    await worker?.stop(2_000);
    await h?.close();
    await catalog?.cleanup();
    // Every payload the bot sent was within Discord's limits (the fake refuses any that is not, as Discord does).
    expect(h.fake.violations).toStrictEqual([]);
  });

  it('WHEN /complete runs THEN the reply is deferred, edited with the next tokens and their chart first, then with the continuation: the model’s own numbers', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI), int('top', 5), int('tokens', 3)] });
    await h.send(payload);

    const direct = await completeReport(await fixtureEngine(), IOI, { top: 5, tokens: 3 });
    const { continuation: _continuation, continuation_tokens: _tokens, ...firstView } = direct;
    const chart = renderTopKChart(direct.top);
    const original = `/webhooks/${FAKE_APP_ID}/${payload.token}/messages/@original`;
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${payload.id}/${payload.token}/callback`, 204],
      ['PATCH', original, 200], // the next tokens, while the continuation is generated
      ['PATCH', original, 200], // the whole report
    ]);
    const [defer, first, final] = h.fake.requests;
    expect(defer.body).toStrictEqual({ type: 5, data: { flags: 0 } });
    expect(defer.auth).toBeNull();
    const chartAttachment = [{ id: '0', description: 'bar chart of the top next-token probabilities' }];
    expect(first.body).toStrictEqual({ ...SENT_WITH_EVERY_MESSAGE, embeds: fitMessage(completeResultMessage(firstView, chart)).embeds, attachments: chartAttachment });
    expect((first.body as { embeds: { fields: { name: string; value: string }[] }[] }).embeds[0].fields[1]).toStrictEqual({ name: 'Greedy continuation', value: CONTINUATION_PENDING });
    expect(final.body).toStrictEqual({ ...SENT_WITH_EVERY_MESSAGE, embeds: fitMessage(completeResultMessage(direct, chart)).embeds, attachments: chartAttachment });
    for (const edit of [first, final]) expect(edit.files).toStrictEqual([{ field: 'files[0]', name: 'top-k.png', contentType: 'image/png', data: chart }]);
    expect((final.body as { embeds: { fields: { value: string }[] }[] }).embeds[0].fields[0].value).toContain(direct.top[0].text.replace(/ /g, '␣'));
  });

  it('WHEN /complete gets a prompt longer than the context THEN the user alone reads why and what to do, and the placeholder goes', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', OVER_LONG)] });
    await h.send(payload);

    expect(h.fake.requests.map((r) => [r.method, r.path])).toStrictEqual(deferredErrorRoutes(payload));
    expect(h.fake.requests[1].body).toStrictEqual(
      ephemeralFollowUp("That prompt is too long for GPT-2: the prompt is 1100 tokens (+1 for <|endoftext|>), over the model's context of 1024. Shorten it, or set the `truncate` option to cut it on the left."),
    );
  });

  it('WHEN /complete gets that prompt with truncate THEN the cut token list fits the embed and the whole report is attached', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', OVER_LONG), bool('truncate', true), int('tokens', 2)] });
    await h.send(payload);

    const edit = h.fake.find('PATCH', /@original$/).at(-1)!;
    const body = edit.body as { content: string; embeds: { description: string; footer: { text: string } }[] };
    expect(edit.files.map((f) => f.name)).toStrictEqual(['top-k.png', 'complete.json']);
    const report = JSON.parse(edit.files[1].data.toString('utf8'));
    // The context holds 1,024 tokens: <|endoftext|> and the last 1,023 of the prompt's 1,100.
    expect([report.prompt_tokens.length, report.truncated]).toStrictEqual([1_023, 77]);
    expect(body.content).toBe(truncationNote('complete.json'));
    expect(body.embeds[0].description).toMatch(/^\*\*Tokenized prompt\*\* \(1024 tokens\)\n```\n'<\|endoftext\|>' '␣word' .* … \d+ tokens … .* '␣word'\n```$/s);
    expect(body.embeds[0].footer.text).toBe('model local:tiny-gpt2 · <|endoftext|> prepended · first 77 prompt tokens cut to fit the context');
  });

  it('WHEN /score gets 30 answers THEN they are scored (as two queue jobs), 23 are shown with a count of the rest, and all 30 are attached', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `name${i}`);
    const payload = chatInputPayload({ name: 'score', options: [str('prompt', IOI), str('answers', ['John', 'Mary', ...names.slice(2)].join(' | '))] });
    await h.send(payload);

    expect(await h.producer.queue.getJobCountByTypes('completed')).toBe(2);
    const edit = h.fake.find('PATCH', /@original$/)[0];
    const body = edit.body as { content: string; embeds: { title: string; description: string; fields: { name: string }[] }[] };
    expect(body.embeds[0].title).toBe('Scores of 30 answers');
    const direct = await (await fixtureEngine()).score(IOI, [' John', ' Mary']);
    expect(body.embeds[0].description).toContain(`**Logit difference** ("␣John" − "␣Mary", first tokens): **${direct.logit_diff!.toFixed(3)}**`);
    expect(body.embeds[0].fields.map((f) => f.name)).toStrictEqual([
      '1. "␣John"',
      '2. "␣Mary"',
      ...names.slice(2, 23).map((n, i) => `${i + 3}. "␣${n}"`),
      '… and 7 more answers',
      "Top 10 next tokens (◀ = an answer's first token)",
    ]);
    expect(body.content).toBe(truncationNote('score.json'));
    const report = JSON.parse(edit.files[0].data.toString('utf8'));
    expect(report.answers.map((a: { answer: string }) => a.answer)).toStrictEqual([' John', ' Mary', ...names.slice(2).map((n) => ` ${n}`)]);
    expect(report.logit_diff).toBeCloseTo(direct.logit_diff!, 5);
  });
});
