import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SqlClient } from '../catalog/sql-client.ts';
import { findBuiltinTask } from '../tasks/builtin/index.ts';
import { CatalogReader } from './catalog-reader.ts';
import type { SafeHtml } from './html.ts';
import { catalogEntryPage, catalogEvaluationPage, catalogListPage } from './pages/catalog-pages.ts';
import { errorPage } from './pages/error-page.ts';
import { homePage } from './pages/home-page.ts';
import { evaluationInstances, resultPage } from './pages/result-page.ts';
import { builtinTaskPage, submittedTaskPage, taskListPage } from './pages/task-page.ts';
import { RESULT_ID_PATTERN } from './result-record.ts';
import { ResultRepository } from './result-repository.ts';
import { PageCache } from './page-cache.ts';
import { Coalescer } from './coalesce.ts';

/** Longest request target accepted (path and query); longer gets a 414 page. */
export const URL_MAX = 2_048;
/** How long a catalog page (votes change) may be served as made: 1 s, so a burst of requests costs one query. */
export const LIVE_PAGE_TTL_MS = 1_000;
/** Rows on the catalog page. */
export const CATALOG_PAGE_ROWS = 200;

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const require = createRequire(import.meta.url);

/** Files under /static/: ours, and the chart library from its package (no CDN). */
function staticFiles(): Map<string, { body: Buffer; type: string }> {
  const js = 'text/javascript; charset=utf-8';
  return new Map([
    ['web.css', { body: readFileSync(path.join(STATIC_DIR, 'web.css')), type: 'text/css; charset=utf-8' }],
    ['web.js', { body: readFileSync(path.join(STATIC_DIR, 'web.js')), type: js }],
    ['echarts.min.js', { body: readFileSync(path.join(path.dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.min.js')), type: js }],
  ]);
}

const catalogQuery = z
  .object({
    q: z.string().max(100, 'the name to search for is over 100 characters').optional(),
    status: z.string().regex(/^[a-z-]{0,20}$/, 'status is in-catalog, not-in-catalog, submitted, known or proposed').optional(),
    verdict: z.enum(['', 'strong', 'moderate', 'weak', 'none'], { message: 'verdict is one of strong, moderate, weak, none' }).optional(),
    sort: z.enum(['', 'votes', 'new'], { message: 'sort is votes or new' }).optional(),
  })
  .strict();

const positiveId = /^[1-9]\d{0,9}$/;

export interface WebServerOptions {
  sql: SqlClient;
  /** log requests (pino) at this level — off when absent (tests) */
  logLevel?: string;
  /** bytes of rendered result pages kept (default 64 MiB; 0 renders every request) */
  pageCacheBytes?: number;
}

/** A request the page answers with a 4xx page: the status and one sentence. */
class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', status === 200 ? 'no-cache' : 'no-store').send(page.text);
}

function idParam(raw: string, what: string): number {
  if (!positiveId.test(raw) || Number(raw) > 2_147_483_647) throw new PageError(400, `"${raw.slice(0, 40)}" is not a ${what} number.`);
  return Number(raw);
}

/**
 * `hunt serve`'s application: read-only, server-rendered pages of stored results and of
 * the catalog. Every response is a page (or a download); a bad address gets a 4xx page
 * that says what was wrong, and no error ever shows a stack trace.
 */
export function buildWebServer(options: WebServerOptions): FastifyInstance {
  const results = new ResultRepository(options.sql);
  const catalog = new CatalogReader(options.sql);
  const files = staticFiles();
  const pages = new PageCache(options.pageCacheBytes);
  const resultRenders = new Coalescer<string>();
  const livePages = new Coalescer<SafeHtml>(LIVE_PAGE_TTL_MS);
  /** a catalog page, made once for all the requests of the same moment */
  const live = (key: string, make: () => Promise<SafeHtml>) => livePages.run(key, make);
  const app = Fastify({
    logger: options.logLevel ? { level: options.logLevel } : false,
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1_024,
    return503OnClosing: true,
    // Malformed HTTP and oversized headers never reach a route: answer them with a short page too.
    clientErrorHandler(err, socket) {
      if (!socket.writable) return socket.destroy();
      const code = (err as NodeJS.ErrnoException).code;
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = errorPage(status, status === 431 ? 'The request headers (or its address) are too large.' : 'The request could not be read.').text;
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // Everything is served from here: the browser may load nothing from elsewhere.
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'");
    if (request.url.length > URL_MAX) {
      return sendPage(reply, errorPage(414, `The address is ${request.url.length} characters long; this server reads at most ${URL_MAX}.`), 414);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendPage(reply.header('allow', 'GET, HEAD'), errorPage(405, 'This server only shows pages: it takes no changes (the bot and the CLI write the catalog).'), 405);
    }
  });

  app.setNotFoundHandler((request, reply) => sendPage(reply, errorPage(404, 'There is no page at this address.'), 404));

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof PageError) return sendPage(reply, errorPage(err.status, err.message), err.status);
    const status = typeof (err as { statusCode?: number }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (status >= 400 && status < 500) return sendPage(reply, errorPage(status, 'The request could not be understood.'), status);
    request.log.error({ err }, 'page failed');
    return sendPage(reply, errorPage(503, 'The page could not be made just now (the database may be unreachable). Try again in a moment.'), 503);
  });

  app.get('/', async (_request, reply) => sendPage(reply, await live('/', async () => homePage(await results.recent()))));
  app.get('/healthz', async () => ({ ok: true }));

  app.get<{ Params: { file: string } }>('/static/:file', async (request, reply) => {
    const file = files.get(request.params.file);
    if (!file) throw new PageError(404, `There is no file ${request.params.file.slice(0, 60)} here.`);
    return reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body);
  });

  async function storedResult(id: string) {
    if (!RESULT_ID_PATTERN.test(id)) throw new PageError(400, `"${id.slice(0, 40)}" is not a result id: ids are 20 characters, 0–9 and a–f.`);
    const result = await results.get(id);
    if (!result) throw new PageError(404, `No result has the id ${id}. A link stays valid forever once made, so this one was mistyped or never shared.`);
    return result;
  }

  /** Text made once per key while it fits in the page cache: stored results and submitted tasks never change. */
  const immutable = (key: string, make: () => Promise<string>): Promise<string> | string =>
    pages.get(key) ??
    resultRenders.run(key, async () => {
      const text = await make();
      pages.set(key, text);
      return text;
    });

  app.get<{ Params: { id: string } }>('/r/:id', async (request, reply) => {
    const id = request.params.id;
    const page = await immutable(id, async () => resultPage(await storedResult(id)).text);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=86400, immutable').send(page);
  });
  app.get<{ Params: { id: string } }>('/r/:id/record.json', async (request, reply) => {
    const id = request.params.id;
    const body = await immutable(`${id}/record.json`, async () => JSON.stringify(await storedResult(id), null, 2));
    return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${id}.json"`).send(body);
  });
  app.get<{ Params: { id: string } }>('/r/:id/instances.jsonl', async (request, reply) => {
    const id = request.params.id;
    const body = await immutable(`${id}/instances.jsonl`, async () => {
      const result = await storedResult(id);
      if (result.kind !== 'evaluation') throw new PageError(404, `Result ${result.id} is not an evaluation, so it has no instances.`);
      return evaluationInstances(result);
    });
    return reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${id}-instances.jsonl"`).send(body);
  });

  app.get('/catalog', async (request, reply) => {
    const parsed = catalogQuery.safeParse(request.query);
    if (!parsed.success) throw new PageError(400, `Bad search: ${parsed.error.issues[0].path.length ? `${parsed.error.issues[0].path.join('.')}: ` : ''}${parsed.error.issues[0].message}.`);
    const q = parsed.data;
    const search = { q: q.q?.trim() || undefined, status: q.status || undefined, verdict: q.verdict || undefined, sort: q.sort === 'new' ? ('new' as const) : ('votes' as const), limit: CATALOG_PAGE_ROWS };
    return sendPage(reply, await live(`/catalog?${JSON.stringify(search)}`, async () => catalogListPage(await catalog.search(search), search)));
  });
  app.get<{ Params: { id: string } }>('/catalog/:id', async (request, reply) => {
    const id = idParam(request.params.id, 'task');
    const page = await live(`/catalog/${id}`, async () => {
      const view = await catalog.entry(id);
      if (!view) throw new PageError(404, `There is no task #${id} in the catalog.`);
      return catalogEntryPage(view);
    });
    return sendPage(reply, page);
  });
  app.get<{ Params: { id: string } }>('/evaluations/:id', async (request, reply) => {
    const id = idParam(request.params.id, 'evaluation');
    const page = await live(`/evaluations/${id}`, async () => {
      const row = await catalog.evaluation(id);
      if (!row) throw new PageError(404, `There is no evaluation #${id}.`);
      return catalogEvaluationPage(row);
    });
    return sendPage(reply, page);
  });

  app.get('/tasks', async (_request, reply) => sendPage(reply, taskListPage()));
  app.get<{ Params: { id: string } }>('/tasks/:id', async (request, reply) => {
    const id = request.params.id;
    if (/^\d+$/.test(id)) {
      const taskId = idParam(id, 'task');
      // the page shows the task as submitted (definition, submitter, date), which never changes; votes are on /catalog/<n>
      const page = await immutable(`/tasks/${taskId}`, async () => {
        const view = await catalog.entry(taskId);
        if (!view) throw new PageError(404, `There is no submitted task #${id}.`);
        return submittedTaskPage(view).text;
      });
      return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    }
    const task = /^[a-z0-9-]{1,60}$/.test(id) ? findBuiltinTask(id) : undefined;
    if (!task) throw new PageError(404, `There is no built-in task "${id.slice(0, 60)}" (see the list of tasks).`);
    return sendPage(reply, builtinTaskPage(task));
  });

  return app;
}
