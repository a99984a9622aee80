/**
 * `npm run docs:screenshots`: the main pages of `hunt serve`, on results computed with the
 * fixture model, photographed in headless Chromium into docs/web-*.png (shown in README).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalog } from '../catalog/open-catalog.ts';
import { headsReport } from '../reports/heads-report.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import { completeReport } from '../reports/complete-report.ts';
import { fixtureInductionTask } from '../test/helpers/fixture-induction-task.ts';
import { FIXTURE_MODEL } from '../test/helpers/fixture-model.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
import { seedWeb } from '../test/helpers/web-seed.ts';
import { jobResultRecord } from '../web/bot-result-link.ts';
import { ResultRepository } from '../web/result-repository.ts';
import { buildWebServer } from '../web/web-server.ts';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');

const catalog = await openCatalog({ pgliteDir: 'memory://' }, {});
const results = new ResultRepository(catalog.sql);
const engine = await GraphEngine.load({ model: FIXTURE_MODEL, threads: 1 });
const seeded = await seedWeb(engine, results, catalog.repo, 60);
// a few more submissions, so that the catalog page has rows to sort
for (const [name, template, expected, votes] of [
  ['Repeated names', 'Then {A} met {B}, and later {A} met', '{B}', 2],
  ['Acronym of a team', 'The {X} {Y} {Z} ({x}', '{y}', 1],
] as const) {
  const form = { name, template, expected, description: 'An example submission.' };
  const { definitionFromForm } = await import('../bot/task-submission.ts');
  try {
    const row = await catalog.repo.submitTask({ definition: definitionFromForm(form), submitter: 'bob' });
    for (let v = 0; v < votes; v++) await catalog.repo.vote(row.id, `user${v}`, 1);
  } catch (err) {
    console.error(`skipped ${name}: ${(err as Error).message}`);
  }
}
const complete = await completeReport(engine, 'applic higher required air see understand applic higher required', { top: 8, tokens: 6 });
const completeId = (await results.store(jobResultRecord('complete', { prompt: 'applic higher required air see understand applic higher required', top: 8, tokens: 6 }, complete, null))).id;
const heads = await headsReport(engine, fixtureInductionTask, { n: 20, seed: 0 });
const headsId = (await results.store(jobResultRecord('heads', { task: heads.task, n: 20, seed: 0 }, heads, 0))).id;

const app = buildWebServer({ sql: catalog.sql });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 800 });
  const shots: [string, string, (() => Promise<void>)?][] = [
    ['web-complete.png', `/r/${completeId}`],
    ['web-surprise.png', `/r/${seeded.tokens.id}`, async () => void (await page.hover('.tok.surprise[data-index="17"]'))],
    ['web-evaluation.png', `/r/${seeded.evaluation.id}`],
    ['web-heads.png', `/r/${headsId}`, async () => {
      const box = await page.$('[data-chart][data-ready] svg');
      const rect = await box?.boundingBox();
      if (rect) await page.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 3);
      await new Promise((r) => setTimeout(r, 300));
    }],
    ['web-catalog.png', '/catalog'],
    ['web-entry.png', `/catalog/${seeded.task.id}`],
    ['web-404.png', '/r/0123456789abcdef0123'],
  ];
  for (const [file, url, act] of shots) {
    await page.goto(base + url, { waitUntil: 'networkidle0' });
    await act?.();
    await page.screenshot({ path: path.join(DOCS, file), fullPage: false });
    console.log(`docs/${file}  ←  ${url}`);
  }
} finally {
  await browser.close();
  await app.close();
  await catalog.close();
}
