import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percent } from '../../../common/number-format.ts';
import { visibleToken } from '../../../models/token-text.ts';
import type { WorkerService } from '../../../worker/worker-service.ts';
import { ResultLinks } from '../../../web/result-links.ts';
import { ResultRepository } from '../../../web/result-repository.ts';
import { buildWebServer } from '../../../web/web-server.ts';
import { startBotHarness, startHarnessWorker, type BotHarness } from '../../helpers/bot-harness.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { launchChromium } from '../../helpers/chromium.ts';
import { chatInputPayload, int, str } from '../../helpers/discord-interactions.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';
import { fixtureInductionTask } from '../../helpers/fixture-induction-task.ts';
import { headsReport, type HeadsReport } from '../../../reports/heads-report.ts';
import { jobResultRecord } from '../../../web/bot-result-link.ts';
import { seedWeb, type SeededWeb } from '../../helpers/web-seed.ts';

const PROMPT = 'applic higher required air see understand applic higher required';

interface Embed {
  url?: string;
  fields: { name: string; value: string }[];
}

describe('GIVEN hunt serve, the bot with a worker on the fixture model, and a real headless Chromium', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let base: string;
  let h: BotHarness;
  let worker: WorkerService;
  let browser: Browser;
  let page: Page;
  let seeded: SeededWeb;
  /** the page the bot's /complete reply links to */
  let completeUrl: string;
  let heads: { id: string; report: HeadsReport };
  /** every URL the browser asked for */
  const requested: string[] = [];

  beforeAll(async () => {
    catalog = await freshCatalog('postgres');
    const results = new ResultRepository(catalog.sql);
    app = buildWebServer({ sql: catalog.sql });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    h = await startBotHarness({ catalog: catalog.repo, resultLinks: new ResultLinks(results, base) });
    worker = await startHarnessWorker(h);
    seeded = await seedWeb(await fixtureEngine(), results, catalog.repo, 20);
    const headsOut = await headsReport(await fixtureGraphEngine(), fixtureInductionTask, { n: 8, seed: 0 });
    heads = { id: (await results.store(jobResultRecord('heads', { task: headsOut.task, n: 8, seed: 0 }, headsOut, 0))).id, report: headsOut };
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (r) => void requested.push(r.url()));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop(2_000);
    await h?.close();
    await app?.close();
    await catalog?.cleanup();
  });

  it('WHEN /complete is answered THEN the embed links to a page that shows the numbers the bot posted', async () => {
    const payload = chatInputPayload({ name: 'complete', options: [str('prompt', PROMPT), int('top', 5), int('tokens', 3)] });
    await h.send(payload);
    const edit = h.fake.find('PATCH', /@original$/).at(-1)!; // the whole report (the first view has no link)
    const embed = (edit.body as { embeds: Embed[] }).embeds[0];
    expect(embed.url).toMatch(new RegExp(`^${base}/r/[0-9a-f]{20}$`));
    completeUrl = embed.url!;

    // the rows of the embed's top-k table: rank, token, prob, logit
    const rows = embed.fields[0].value.split('\n').filter((l) => /^\s+\d+ /.test(l)).map((l) => l.trim().split(/\s+/));
    expect(rows).toHaveLength(5);

    const response = await page.goto(embed.url!, { waitUntil: 'networkidle0' });
    expect(response?.status()).toBe(200);
    const table = await page.$$eval('table.sortable tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(table.map((r) => [r[0], r[1], r[3], r[5]])).toStrictEqual(rows.map(([rank, token, prob, logit]) => [rank, token, prob, logit]));
    // the chart library drew the interactive chart over the server-rendered one
    expect(await page.$eval('[data-chart]', (el) => el.getAttribute('data-ready'))).toBe('1');
  });

  it('WHEN a token of the surprise view is hovered THEN its card shows the top-k the model expected there', async () => {
    await page.goto(`${base}/r/${seeded.tokens.id}`, { waitUntil: 'networkidle0' });
    const index = seeded.tokens.report.tokens.length - 1;
    const token = `.tok.surprise[data-index="${index}"]`;
    const cardShown = () => page.$eval(`${token} .card`, (el) => getComputedStyle(el).display !== 'none');
    expect(await cardShown()).toBe(false);
    await page.hover(token);
    expect(await cardShown()).toBe(true);
    const rows = await page.$$eval(`${token} .card-row`, (els) => els.map((el) => [...el.querySelectorAll('span')].map((s) => s.textContent)));
    expect(rows).toStrictEqual(seeded.tokens.report.tokens[index].top.map((t) => [visibleToken(t.text), percent(t.prob)]));
  });

  it('WHEN a cell of a heads heat map is hovered THEN the chart shows that head’s stored value', async () => {
    await page.goto(`${base}/r/${heads.id}`, { waitUntil: 'networkidle0' });
    const box = (await page.$('[data-chart][data-ready]'))!;
    const [layer, head] = [1, 1];
    const [x, y] = await box.evaluate((el, cell) => {
      const chart = (window as unknown as { echarts: { getInstanceByDom(e: Element): { convertToPixel(f: object, v: number[]): number[] } } }).echarts.getInstanceByDom(el);
      return chart.convertToPixel({ seriesIndex: 0 }, cell);
    }, [head, layer]);
    const rect = (await box.boundingBox())!;
    await page.mouse.move(rect.x + x, rect.y + y);
    const expected = heads.report.heads[layer * heads.report.n_head + head].attribution;
    await page.waitForFunction((el, text) => (el as HTMLElement).innerText.includes(text), {}, box, `layer ${layer}, head ${head}: ${Number(expected.toFixed(4))}`);
  });

  it('WHEN the catalog is browsed THEN an entry opens with its votes, and its evaluation with the verdict', async () => {
    await page.goto(`${base}/catalog`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/catalog/${seeded.task.id}"]`)]);
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('IOI with gifts');
    expect(await page.$eval('.net-votes', (el) => el.textContent)).toBe('3');
    await Promise.all([page.waitForNavigation(), page.click(`td a[href="/evaluations/${seeded.task.evaluationId}"]`)]);
    expect(await page.$eval('.verdict-word', (el) => el.textContent)).toBe(seeded.task.report.verdict);
    const figures = await page.$$eval('table.figures tbody tr', (trs) => trs.map((tr) => tr.querySelector('td:nth-child(2)')?.textContent));
    expect(figures[0]).toBe(percent(seeded.task.report.metrics.mean_prob));
  });

  it('WHEN a link names no stored result THEN the browser gets a 404 page that says so', async () => {
    const response = await page.goto(`${base}/r/ffffffffffffffffffff`);
    expect(response?.status()).toBe(404);
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('404 · Not found');
  });

  it('WHEN JavaScript is off THEN a result page still reads: numbers, prompt and the server-drawn chart', async () => {
    const plain = await browser.newPage();
    await plain.setJavaScriptEnabled(false);
    await plain.goto(completeUrl);
    expect(await plain.$eval('pre.prompt', (el) => el.textContent)).toBe(PROMPT);
    expect(await plain.$$eval('table.sortable tbody tr', (trs) => trs.length)).toBe(5);
    expect(await plain.$eval('[data-chart]', (el) => [el.getAttribute('data-ready'), el.querySelectorAll('svg rect, svg path').length > 5])).toStrictEqual([null, true]);
    await plain.goto(`${base}/r/${seeded.evaluation.id}`);
    expect(await plain.$eval('.verdict-word', (el) => el.textContent)).toBe(seeded.evaluation.report.verdict);
    await plain.close();
  });

  it('THEN the browser asked nothing of any server but hunt serve', () => {
    expect(requested.length).toBeGreaterThan(8);
    expect(requested.filter((u) => !u.startsWith(`${base}/`))).toStrictEqual([]);
  });
});
