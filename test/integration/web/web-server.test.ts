import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { completeReport } from '../../../reports/complete-report.ts';
import { percent } from '../../../common/number-format.ts';
import { catalogFields } from '../../../catalog/evaluation-fields.ts';
import { visibleToken } from '../../../models/token-text.ts';
import { escapeHtml } from '../../../web/html.ts';
import { jobResultRecord } from '../../../web/bot-result-link.ts';
import { ResultRepository } from '../../../web/result-repository.ts';
import { buildWebServer, URL_MAX } from '../../../web/web-server.ts';
import { freshCatalog, type TestCatalog } from '../../helpers/catalog-db.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';
import { seedWeb, type SeededWeb } from '../../helpers/web-seed.ts';

const PROMPT = 'applic higher required air see <b>understand</b> applic higher required';

/** What no error page may contain: a stack frame or an exception's name. */
const STACK = /\bat .+:\d+:\d+|Error:|TypeError|\.ts:\d+/;

describe('GIVEN hunt serve on a catalog with results computed by the fixture model', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let results: ResultRepository;
  let seeded: SeededWeb;
  let completeId: string;
  let complete: Awaited<ReturnType<typeof completeReport>>;
  beforeAll(async () => {
    catalog = await freshCatalog('postgres');
    results = new ResultRepository(catalog.sql);
    const engine = await fixtureEngine();
    seeded = await seedWeb(engine, results, catalog.repo);
    complete = await completeReport(engine, PROMPT, { top: 5, tokens: 3 });
    completeId = (await results.store(jobResultRecord('complete', { prompt: PROMPT, top: 5, tokens: 3 }, complete, null))).id;
    // no page cache: every request renders from the database, so what is tested is the rendering
    app = buildWebServer({ sql: catalog.sql, pageCacheBytes: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await catalog?.cleanup();
  });
  const get = (url: string) => app.inject({ method: 'GET', url });

  test('WHEN a next-token result is opened THEN its page shows the prompt (escaped), the top tokens with visible spaces and their probabilities', async () => {
    const res = await get(`/r/${completeId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(escapeHtml(PROMPT));
    expect(res.body).not.toContain('<b>understand</b>');
    for (const t of complete.top) {
      expect(res.body).toContain(`>${escapeHtml(visibleToken(t.text))}</span>`);
      expect(res.body).toContain(`>${percent(t.prob)}</td>`);
    }
    expect(res.body).toContain('<svg'); // the bar chart, rendered on the server
  });

  test('WHEN a surprise result is opened THEN every token carries its log-prob colour and a hover card with the stored top-k', async () => {
    const res = await get(`/r/${seeded.tokens.id}`);
    expect(res.statusCode).toBe(200);
    const cards = res.body.match(/<span class="tok surprise"/g) ?? [];
    expect(cards).toHaveLength(seeded.tokens.report.tokens.length);
    const last = seeded.tokens.report.tokens.at(-1)!;
    expect(last.top.length).toBe(5);
    for (const t of last.top) expect(res.body).toContain(`<span>${escapeHtml(visibleToken(t.text))}</span><span>${percent(t.prob)}</span>`);
  });

  test('WHEN an evaluation result is opened THEN the verdict, the figures and the worst prompts are there, and its instances download', async () => {
    const report = seeded.evaluation.report;
    const res = await get(`/r/${seeded.evaluation.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<strong class="verdict-word">${report.verdict}</strong>`);
    expect(res.body).toContain(`<td>${percent(report.metrics.mean_prob)}</td>`);
    expect(res.body).toContain(escapeHtml(report.worst[0].prompt));
    // the confidence is said as the report means it: each deciding figure's interval, and the gate's p
    const level = `${(report.confidence * 100).toFixed(0)}%`;
    expect(res.body).toContain(
      report.verdict === 'none'
        ? `gate p ${report.gate.p.toExponential(2)}`
        : `each deciding figure's ${level} interval clears its threshold; gate p ${report.gate.p.toExponential(2)}`,
    );
    expect(res.body).not.toContain('share of bootstrap resamples');
    const instances = await get(`/r/${seeded.evaluation.id}/instances.jsonl`);
    expect(instances.statusCode).toBe(200);
    const lines = instances.body.trim().split('\n').map((l) => JSON.parse(l) as { prompt: string });
    expect(lines.map((l) => l.prompt)).toStrictEqual(report.worst.map((w) => w.prompt));
  });

  test('WHEN the task and the model change after a result was shared THEN its page is byte for byte the same, even from a database holding only the record', async () => {
    const before = (await get(`/r/${seeded.evaluation.id}`)).body;
    const completeBefore = (await get(`/r/${completeId}`)).body;
    await catalog.sql.query(`UPDATE tasks SET definition = jsonb_set(definition, '{title}', '"renamed"')`);
    await catalog.repo.recordEvaluation({ taskId: seeded.task.id, modelId: 'another-model', modelRevision: 'sha256:ffffffffffffffff', metrics: {}, verdict: 'none' });
    expect((await get(`/r/${seeded.evaluation.id}`)).body).toBe(before);
    expect((await get(`/r/${completeId}`)).body).toBe(completeBefore); // charts included

    const elsewhere = await freshCatalog('postgres');
    try {
      const record = (await results.get(seeded.evaluation.id))!;
      await elsewhere.sql.query('INSERT INTO results (id, kind, model_id, model_revision, tool_version, seed, input, output, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        record.id, record.kind, record.model.id, record.model.revision, record.tool_version, record.seed, JSON.stringify(record.input), JSON.stringify(record.output), record.created_at,
      ]);
      const other = buildWebServer({ sql: elsewhere.sql });
      expect((await other.inject({ method: 'GET', url: `/r/${seeded.evaluation.id}` })).body).toBe(before);
      await other.close();
    } finally {
      await elsewhere.cleanup();
    }
  });

  test('WHEN the catalog is searched THEN name, status and verdict filter it and the entry page shows the vote history and evaluations', async () => {
    const all = await get('/catalog');
    expect(all.body).toContain(`href="/catalog/${seeded.task.id}"`);
    expect((await get('/catalog?q=GIFTS')).body).toContain(`href="/catalog/${seeded.task.id}"`);
    expect((await get('/catalog?q=acronym')).body).toContain('No task matches.');
    expect((await get('/catalog?status=in-catalog')).body).toContain(`href="/catalog/${seeded.task.id}"`);
    expect((await get('/catalog?status=not-in-catalog&sort=new')).body).toContain('No task matches.');
    expect((await get('/catalog?status=submitted&sort=new')).body).toContain(`href="/catalog/${seeded.task.id}"`);
    expect((await get('/catalog?status=known')).body).toContain('No task matches.');
    const otherVerdict = ['strong', 'moderate', 'weak', 'none'].find((v) => v !== seeded.task.report.verdict)!;
    expect((await get(`/catalog?verdict=${otherVerdict}`)).body).toContain('No task matches.');

    const entry = await get(`/catalog/${seeded.task.id}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain('net <strong class="net-votes">3</strong> · ▲ 4 up · ▼ 1 down');
    expect(entry.body.match(/<td>(bob|carol|frank|dave|erin)<\/td>/g)).toHaveLength(5);
    expect(entry.body).toContain(`href="/evaluations/${seeded.task.evaluationId}"`);
    const evaluation = await get(`/evaluations/${seeded.task.evaluationId}`);
    expect(evaluation.body).toContain(`<strong class="verdict-word">${seeded.task.report.verdict}</strong>`);
    const task = await get(`/tasks/${seeded.task.id}`);
    expect(task.body).toContain('Submitted by alice');
    expect(task.body).toContain('Examples (seed 0)');
    const builtin = await get('/tasks/ioi');
    expect(builtin.statusCode).toBe(200);
    expect(builtin.body).toContain('hunt eval ioi');
    expect(builtin.body.match(/<tr><td class="text">/g)).toHaveLength(5);
  });

  test.each([
    ['an unknown result id', '/r/0123456789abcdef0123', 404, 'No result has the id 0123456789abcdef0123'],
    ['a malformed result id', '/r/..%2F..%2Fetc', 400, 'is not a result id'],
    ['an id with SQL in it', "/r/1'%20OR%20'1'='1", 400, 'is not a result id'],
    ['an unknown page', '/nothing/here', 404, 'There is no page at this address.'],
    ['an unknown catalog task', '/catalog/999999', 404, 'There is no task #999999'],
    ['a task number that is not one', '/catalog/12abc', 400, 'is not a task number'],
    ['a task number past integers', '/catalog/99999999999', 400, 'is not a task number'],
    ['an unknown search key', '/catalog?drop=table', 400, 'Bad search'],
    ['a bad verdict', '/catalog?verdict=great', 400, 'verdict is one of strong, moderate, weak, none'],
    ['a search repeated as an array', '/catalog?q=a&q=b', 400, 'Bad search'],
    ['a huge query string', `/catalog?q=${'x'.repeat(URL_MAX)}`, 414, 'this server reads at most 2048'],
    ['an unknown static file', '/static/../../package.json', 404, ''],
  ])('WHEN %s is asked for THEN a %i page says so, without a stack trace', async (_what, url, status, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(message);
    expect(res.body).toContain('<h1 class="error-title">');
    expect(res.body).not.toMatch(STACK);
  });

  test('WHEN an evaluation page is opened THEN it says who computed it with which weights; an imported one shows its claim as unverified, not as figures', async () => {
    const task = await catalog.repo.submitTask({ definition: { id: 'provenance-page', title: 'Provenance' }, submitter: 'alice' });
    const { id } = await catalog.repo.recordEvaluation({
      taskId: task.id, jobId: 'provenance-page', modelId: 'local:tiny-gpt2', modelRevision: 'sha256:0123456789abcdef', ...catalogFields(seeded.task.report),
      computedBy: 'worker host-7:4242', modelFileHash: 'c0ffee'.repeat(10) + 'c0de', toolVersion: '1.2.3', seed: 5, n: 64,
    });
    const computed = await get(`/evaluations/${id}`);
    expect(computed.statusCode).toBe(200);
    for (const shown of ['<dt>computed by</dt><dd>worker host-7:4242</dd>', `<dt>weights sha256</dt><dd>${'c0ffee'.repeat(10)}c0de</dd>`, '<dt>tool version</dt><dd>1.2.3</dd>', '<dt>seed, n</dt><dd>5, 64</dd>']) expect(computed.body).toContain(shown);

    const forged = {
      task_id: 9001, slug: 'forged', definition: { id: 'forged' }, submitter: 'mallory', guild_id: null, channel_id: null, message_id: null,
      submitted_at: '2025-01-01T00:00:00Z', net_votes: 0, threshold: 3, added_at: '2025-01-01T00:00:00Z',
      evaluation: { id: 9002, job_id: null, model_id: 'Xenova/gpt2', model_revision: 'hub:main', metrics: { mean_prob: 0.99 }, verdict: 'strong', evaluated_at: '2025-01-01T00:00:00Z' },
    };
    await catalog.repo.importRecords([forged]);
    const imported = await get('/evaluations/9002');
    expect(imported.statusCode).toBe(200); // before: a 503, the page read figures an import does not have
    expect(imported.body).toContain('<dt>computed by</dt><dd>imported, unverified</dd>');
    expect(imported.body).toContain('Imported, not verified');
    expect(imported.body).toContain('&quot;mean_prob&quot;: 0.99');
    expect(imported.body).not.toContain('verdict-strong');
  });

  test('WHEN something tries to write THEN it gets a 405 page: the server is read-only', async () => {
    const res = await app.inject({ method: 'POST', url: `/r/${completeId}`, payload: { x: 1 } });
    expect(res.statusCode).toBe(405);
    expect(res.body).toContain('takes no changes');
  });

  test('WHEN the database goes away THEN pages answer 503 with a short message, not a stack trace', async () => {
    const broken = buildWebServer({ sql: { ...catalog.sql, description: 'gone', query: () => Promise.reject(new Error('connection terminated')), exec: () => Promise.resolve(), transaction: () => Promise.reject(new Error('x')), close: () => Promise.resolve() } });
    const res = await broken.inject({ method: 'GET', url: `/r/${completeId}` });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('could not be made just now');
    expect(res.body).not.toMatch(STACK);
    await broken.close();
  });

  test.each([
    ['a stored result\'s record', () => `/r/${seeded.evaluation.id}/record.json`],
    ['an evaluation\'s instances', () => `/r/${seeded.evaluation.id}/instances.jsonl`],
    ['a submitted task\'s page', () => `/tasks/${seeded.task.id}`],
  ])('WHEN %s is asked for again THEN the page cache answers: the same bytes, no query', async (_what, url) => {
    let queries = 0;
    const counted = buildWebServer({ sql: { ...catalog.sql, description: catalog.sql.description, query: (sql, params) => (queries++, catalog.sql.query(sql, params)) } });
    const first = await counted.inject({ method: 'GET', url: url() });
    const afterFirst = queries;
    const second = await counted.inject({ method: 'GET', url: url() });
    await counted.close();
    expect(first.statusCode).toBe(200);
    expect(afterFirst).toBeGreaterThan(0);
    expect([second.statusCode, second.body, second.headers['content-disposition']]).toStrictEqual([200, first.body, first.headers['content-disposition']]);
    expect(queries).toBe(afterFirst);
  });

  test('WHEN a page is served THEN everything it loads comes from this server', async () => {
    const res = await get(`/r/${completeId}`);
    const sources = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources) expect(s).toMatch(/^\//);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const chartLib = await get('/static/echarts.min.js');
    expect(chartLib.statusCode).toBe(200);
    expect(chartLib.body.length).toBeGreaterThan(500_000);
  });
});

describe('GIVEN the result store', () => {
  let catalog: TestCatalog;
  beforeAll(async () => {
    catalog = await freshCatalog('postgres');
  });
  afterAll(async () => catalog?.cleanup());

  test('WHEN the same result is stored twice THEN it keeps one record and one id; another seed is another record', async () => {
    const results = new ResultRepository(catalog.sql);
    const output: { model: string; top: unknown[] } = { model: 'm', top: [] };
    const record = jobResultRecord('complete', { prompt: 'x' }, output, 3);
    const first = await results.store(record);
    const again = await results.store(JSON.parse(JSON.stringify(record)));
    expect([first.created, again.created, again.id]).toStrictEqual([true, false, first.id]);
    expect((await results.store({ ...record, seed: 4 })).id).not.toBe(first.id);
    const stored = await results.get(first.id);
    expect({ ...stored, created_at: undefined }).toStrictEqual({ ...record, id: first.id, created_at: undefined });
    expect(await results.get('not-an-id')).toBeUndefined();
  });

  test('WHEN a record is not one THEN storing it fails with one clear line and stores nothing', async () => {
    const results = new ResultRepository(catalog.sql);
    await expect(results.store({ kind: 'nonsense', model: { id: 'm', revision: null }, tool_version: '1', seed: null, input: {}, output: {} } as never)).rejects.toThrow(/^not a result record: kind: /);
    expect(await catalog.sql.query('SELECT id FROM results WHERE kind = $1', ['nonsense'])).toStrictEqual([]);
  });
});
