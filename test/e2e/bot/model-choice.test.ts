import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { fitMessage } from '../../../bot/fit-message.ts';
import { completeResultMessage } from '../../../bot/embeds/complete-result.ts';
import { renderTopKChart } from '../../../bot/top-k-chart.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { FAKE_APP_ID, SENT_WITH_EVERY_MESSAGE } from '../../helpers/fake-discord.ts';
import { FIXTURE_MODEL, FIXTURE_MODEL_ID, fixtureEngine } from '../../helpers/fixture-model.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';
/** The fixture's weights under another folder name: a worker loading them reports this id. */
const SECOND_MODEL_ID = 'local:second-gpt2';

let folder: string;
let secondModel: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'hunt-models-'));
  secondModel = path.join(folder, 'second-gpt2');
  symlinkSync(FIXTURE_MODEL, secondModel, 'dir');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('GIVEN the bot serving two models (HUNT_MODELS), and a worker for the second one only', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let worker: WorkerService;
  beforeEach(async () => {
    catalog = await freshCatalog('postgres');
    h = await startBotHarness({ catalog: catalog.repo, models: [FIXTURE_MODEL_ID, SECOND_MODEL_ID] });
    worker = await startHarnessWorker(h, { model: secondModel });
  });
  afterEach(async () => {
    await worker?.stop(2_000);
    await h?.close();
    await catalog?.cleanup();
    expect(h.fake.violations).toStrictEqual([]);
  });

  it('WHEN /complete names the second model THEN its worker computes it, and the embed’s footer names that model', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI), int('top', 5), int('tokens', 3), str('model', SECOND_MODEL_ID)] });
    await h.send(payload);

    const direct = { ...(await completeReport(await fixtureEngine(), IOI, { top: 5, tokens: 3 })), model: SECOND_MODEL_ID };
    const expected = fitMessage(completeResultMessage(direct, renderTopKChart(direct.top)));
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['POST', `/interactions/${payload.id}/${payload.token}/callback`, 204],
      ['PATCH', `/webhooks/${FAKE_APP_ID}/${payload.token}/messages/@original`, 200], // the next tokens first
      ['PATCH', `/webhooks/${FAKE_APP_ID}/${payload.token}/messages/@original`, 200],
    ]);
    const edit = h.fake.requests[2];
    expect(edit.body).toStrictEqual({
      ...SENT_WITH_EVERY_MESSAGE,
      embeds: expected.embeds,
      attachments: [{ id: '0', description: 'bar chart of the top next-token probabilities' }],
    });
    expect((edit.body as { embeds: { footer: { text: string } }[] }).embeds[0].footer.text).toBe('model local:second-gpt2 · <|endoftext|> prepended');
    expect(worker.worker.stats.jobs).toBe(1);
  });

  it('WHEN /complete names a model no worker here serves THEN the user alone is told which models there are, and nothing is queued', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI), str('model', 'Xenova/gpt2-xl')] });
    await h.send(payload);

    expect(h.fake.requests.map((r) => [r.method, r.path])).toStrictEqual([['POST', `/interactions/${payload.id}/${payload.token}/callback`]]);
    expect(h.fake.requests[0].body).toStrictEqual({
      type: 4,
      data: {
        ...SENT_WITH_EVERY_MESSAGE,
        content: 'No worker here runs the model "Xenova/gpt2-xl" (served: local:tiny-gpt2, local:second-gpt2). Pick one of the `model` choices, or leave it out for the default.',
        flags: 64,
      },
    });
    expect(await h.producer.queueFor('Xenova/gpt2-xl').getJobCountByTypes('waiting', 'prioritized', 'active', 'completed', 'failed')).toBe(0);
  });

  it('WHEN /score names the second model THEN it is scored there', async () => {
    const payload = chatInputPayload({ name: 'score', options: [str('prompt', IOI), str('answers', 'John | Mary'), str('model', SECOND_MODEL_ID)] });
    await h.send(payload);

    const edit = h.fake.find('PATCH', /@original$/)[0];
    expect((edit.body as { embeds: { footer: { text: string } }[] }).embeds[0].footer.text).toMatch(/^model local:second-gpt2 · /);
    expect(worker.worker.stats.jobs).toBe(1);
  });
});
