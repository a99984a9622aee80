import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { completeReport } from '../../../cli/commands/complete-command.ts';
import { fitMessage } from '../../../bot/fit-message.ts';
import { completeResultMessage } from '../../../bot/embeds/complete-result.ts';
import { renderTopKChart } from '../../../bot/top-k-chart.ts';
import { catalogRecorder } from '../../../worker/catalog-recorder.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { startBotHarness, type BotHarness } from '../../helpers/bot-harness.ts';
import { chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { FAKE_APP_ID } from '../../helpers/fake-discord.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';

describe('GIVEN the bot, a real queue, a worker with the fixture model and Discord’s REST API', () => {
  let catalog: TestCatalog;
  let h: BotHarness;
  let worker: WorkerService;
  beforeEach(async () => {
    catalog = await freshCatalog('postgres');
    h = await startBotHarness({ catalog: catalog.repo });
    worker = await startWorkerService({ queue: h.queue, source: { model: FIXTURE_MODEL, threads: 1 }, log: pino({ level: 'silent' }), recorder: catalogRecorder(catalog.repo) });
  });
  afterEach(async () => {
    await worker?.stop(2_000);
    await h?.close();
    await catalog?.cleanup();
    expect(h.fake.violations).toStrictEqual([]);
  });

  it('WHEN /complete runs THEN the reply is deferred and then edited with the embed and chart of the model’s numbers', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', IOI), int('top', 5), int('tokens', 3)] });
    await h.send(payload);
    console.log(JSON.stringify(h.fake.requests.map((r) => ({ ...r, files: r.files.map((f) => ({ ...f, data: f.data.length })) })), null, 1));
  });
});
