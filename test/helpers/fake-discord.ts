import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkDiscordLimits } from './discord-payload-limits.ts';

/**
 * A local HTTP server that plays Discord's REST API for the routes the bot uses: the
 * interaction callback, the interaction webhook (edit / follow-up / delete the reply),
 * channel messages with the bot token, command registration, and the CDN serving
 * attachments. It records every request, answers like Discord (message objects with
 * ids), refuses over-limit payloads with Discord's 400 / 50035, refuses expired
 * interaction tokens with 401 / 50027, and can be told to fail a route.
 *
 * Point discord.js at it with the REST `api` option: `${fake.url}/api`.
 */

export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** the route after /api/v10, e.g. /interactions/123/tok/callback */
  path: string;
  query: Record<string, string>;
  /** the Authorization header, or null (interaction routes are unauthenticated) */
  auth: string | null;
  /** the JSON body (multipart: the payload_json part) */
  body: unknown;
  files: RecordedFile[];
  /** the status this fake answered */
  status: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: { id: string; filename: string; size: number; url: string; proxy_url: string; content_type: string; description?: string }[];
  flags: number;
  /** the payloads that made this message, in order (create, then edits) */
  history: unknown[];
}

export interface Failure {
  method: string;
  /** a regex over the path */
  path: RegExp;
  status: number;
  body: unknown;
  /** how many times to fail; default once */
  times?: number;
}

export const FAKE_BOT_TOKEN = 'fake-bot-token';
export const FAKE_APP_ID = '1100000000000000001';
export const FAKE_BOT_USER = { id: FAKE_APP_ID, username: 'hunt', discriminator: '0', global_name: null, avatar: null, bot: true };

/** What discord.js sends with every message body, beyond the message itself. */
export const SENT_WITH_EVERY_MESSAGE = { tts: false, enforce_nonce: false, allowed_mentions: { parse: [] } };

/** The body of a follow-up only the user sees (flags 64: ephemeral), as discord.js sends it. */
export function ephemeralFollowUp(content: unknown): Record<string, unknown> {
  return { ...SENT_WITH_EVERY_MESSAGE, content, flags: 64 };
}

/**
 * The routes of a deferred reply that ends in an error for the user alone: the deferral,
 * an ephemeral follow-up, then the public "thinking…" placeholder deleted.
 */
export function deferredErrorRoutes(interaction: { id: string; token: string }): [method: string, path: string][] {
  return [
    ['POST', `/interactions/${interaction.id}/${interaction.token}/callback`],
    ['POST', `/webhooks/${FAKE_APP_ID}/${interaction.token}`],
    ['DELETE', `/webhooks/${FAKE_APP_ID}/${interaction.token}/messages/@original`],
  ];
}

let nextSnowflake = 1_200_000_000_000_000_000n;
function snowflake(): string {
  nextSnowflake += 1n;
  return nextSnowflake.toString();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parse the body as Discord does: JSON, or multipart with payload_json and files[n]. */
async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[] }> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** every limit Discord would have refused, with the request that broke it */
  readonly violations: { path: string; problems: string[] }[] = [];
  readonly messages = new Map<string, FakeMessage>();
  /** the CDN: attachment files by path */
  private readonly cdn = new Map<string, { data: Buffer; contentType: string }>();
  /** interaction token → the id of its original response message */
  private readonly originals = new Map<string, string>();
  private readonly expiredTokens = new Set<string>();
  private readonly failures: Failure[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The REST base URL for discord.js. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  /** Fail the next request(s) matching method and path with this status and body. */
  failNext(failure: Failure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** From now on the interaction webhook refuses this token, as Discord does 15 minutes after the interaction. */
  expireInteractionToken(token: string): void {
    this.expiredTokens.add(token);
  }

  /** Serve a file as Discord's CDN would; returns its URL. */
  addAttachment(name: string, data: Buffer | string, contentType = 'application/octet-stream'): string {
    const key = `/attachments/${snowflake()}/${name}`;
    this.cdn.set(key, { data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), contentType });
    return `${this.url}${key}`;
  }

  /** Requests whose method and path match. */
  find(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** The current state of an interaction's original response. */
  original(token: string): FakeMessage | undefined {
    const id = this.originals.get(token);
    return id === undefined ? undefined : this.messages.get(id);
  }

  /** Wait until a request matching method and path has been answered (polling; the bot runs in this process). */
  async waitFor(method: string, path: RegExp, count = 1, timeoutMs = 30_000): Promise<RecordedRequest[]> {
    const started = Date.now();
    for (;;) {
      const found = this.find(method, path);
      if (found.length >= count) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no ${count}× ${method} ${path} within ${timeoutMs} ms; saw:\n${this.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private send(res: ServerResponse, status: number, body?: unknown): number {
    if (body === undefined) {
      res.writeHead(status).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
    return status;
  }

  private makeMessage(channelId: string, payload: Record<string, unknown>, files: RecordedFile[]): FakeMessage {
    const message: FakeMessage = { id: snowflake(), channel_id: channelId, content: '', embeds: [], components: [], attachments: [], flags: 0, history: [] };
    this.applyEdit(message, payload, files);
    return message;
  }

  private applyEdit(message: FakeMessage, payload: Record<string, unknown>, files: RecordedFile[]): void {
    message.history.push(payload);
    if (typeof payload.content === 'string') message.content = payload.content;
    if (Array.isArray(payload.embeds)) message.embeds = payload.embeds;
    if (Array.isArray(payload.components)) message.components = payload.components;
    if (typeof payload.flags === 'number') message.flags = payload.flags;
    if (Array.isArray(payload.attachments)) {
      message.attachments = (payload.attachments as { id: string | number; description?: string }[]).map((a, i) => {
        const file = files[i];
        const url = file ? this.addAttachment(file.name, file.data, file.contentType) : '';
        return { id: snowflake(), filename: file?.name ?? String(a.id), size: file?.data.length ?? 0, url, proxy_url: url, content_type: file?.contentType ?? '', description: a.description };
      });
    }
  }

  private apiMessage(m: FakeMessage, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      id: m.id,
      type: 0,
      channel_id: m.channel_id,
      author: FAKE_BOT_USER,
      content: m.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: m.attachments,
      embeds: m.embeds,
      components: m.components,
      pinned: false,
      flags: m.flags,
      ...extra,
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const cdnFile = this.cdn.get(url.pathname);
    if (method === 'GET' && cdnFile) {
      res.writeHead(200, { 'content-type': cdnFile.contentType, 'content-length': cdnFile.data.length }).end(cdnFile.data);
      return;
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const { body, files } = await parseBody(req, raw).catch(() => ({ body: raw.toString('utf8'), files: [] }));
    const record: RecordedRequest = { method, path, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization ?? null, body, files, status: 0 };
    this.requests.push(record);
    record.status = this.answer(record, res);
  }

  private answer(r: RecordedRequest, res: ServerResponse): number {
    const failure = this.failures.find((f) => f.method === r.method && f.path.test(r.path) && (f.times ?? 1) > 0);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      return this.send(res, failure.status, failure.body);
    }
    const payload = (r.body ?? {}) as Record<string, unknown>;
    const problems = r.body === undefined ? [] : checkDiscordLimits(r.body);
    if (problems.length) {
      this.violations.push({ path: r.path, problems });
      return this.send(res, 400, { code: 50035, message: 'Invalid Form Body', errors: problems });
    }

    let m: RegExpExecArray | null;
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(r.path)) && r.method === 'POST') {
      const token = m[2];
      if (this.originals.has(token) || this.expiredTokens.has(token)) {
        return this.send(res, 404, { code: 10062, message: 'Unknown interaction' });
      }
      const type = payload.type as number;
      const data = (payload.data ?? {}) as Record<string, unknown>;
      if (type === 4 || type === 5) {
        const message = this.makeMessage(String(this.channelOf(token)), type === 5 ? { flags: (Number(data.flags ?? 0) | 128) } : data, r.files);
        this.messages.set(message.id, message);
        this.originals.set(token, message.id);
        if (r.query.with_response === 'true') {
          return this.send(res, 200, { interaction: { id: m[1], type: 2 }, resource: { type, message: this.apiMessage(message) } });
        }
      } else {
        this.originals.set(token, 'answered');
      }
      if (type === 7) {
        const target = this.messages.get(String(this.messageOf(token)));
        if (target) this.applyEdit(target, data, r.files);
      }
      return this.send(res, 204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/(@original|\d+))?$/.exec(r.path))) {
      const token = m[2];
      if (this.expiredTokens.has(token)) return this.send(res, 401, { code: 50027, message: 'Invalid Webhook Token' });
      if (r.method === 'POST' && !m[3]) {
        const message = this.makeMessage(String(this.channelOf(token)), payload, r.files);
        this.messages.set(message.id, message);
        return this.send(res, 200, this.apiMessage(message, { webhook_id: m[1] }));
      }
      const id = m[4] === '@original' ? this.originals.get(token) : m[4];
      const message = id === undefined ? undefined : this.messages.get(id);
      if (!message) return this.send(res, 404, { code: 10008, message: 'Unknown Message' });
      if (r.method === 'PATCH') {
        this.applyEdit(message, payload, r.files);
        return this.send(res, 200, this.apiMessage(message, { webhook_id: m[1] }));
      }
      if (r.method === 'DELETE') {
        this.messages.delete(message.id);
        return this.send(res, 204);
      }
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(r.path)) && r.method === 'POST') {
      if (r.auth !== `Bot ${FAKE_BOT_TOKEN}`) return this.send(res, 401, { code: 0, message: '401: Unauthorized' });
      const message = this.makeMessage(m[1], payload, r.files);
      this.messages.set(message.id, message);
      return this.send(res, 200, this.apiMessage(message));
    }
    if (r.path === '/gateway/bot' && r.method === 'GET') {
      // the first call of a gateway login; the fake has no gateway, so only a refused token is answered
      if (r.auth !== `Bot ${FAKE_BOT_TOKEN}`) return this.send(res, 401, { code: 0, message: '401: Unauthorized' });
    }
    if ((m = /^\/applications\/(\d+)(\/guilds\/(\d+))?\/commands$/.exec(r.path)) && r.method === 'PUT') {
      if (r.auth !== `Bot ${FAKE_BOT_TOKEN}`) return this.send(res, 401, { code: 0, message: '401: Unauthorized' });
      const commands = (r.body as Record<string, unknown>[]).map((c) => ({ id: snowflake(), application_id: m![1], guild_id: m![3], version: snowflake(), ...c }));
      return this.send(res, 200, commands);
    }
    return this.send(res, 404, { code: 0, message: `404: Not Found (the fake has no ${r.method} ${r.path})` });
  }

  /** Interactions register their channel and message here (see `interactionPayload`), as Discord knows them. */
  private readonly tokenChannels = new Map<string, { channelId: string; messageId?: string }>();

  registerInteraction(token: string, channelId: string, messageId?: string): void {
    this.tokenChannels.set(token, { channelId, messageId });
  }

  private channelOf(token: string): string | undefined {
    return this.tokenChannels.get(token)?.channelId;
  }

  private messageOf(token: string): string | undefined {
    return this.tokenChannels.get(token)?.messageId;
  }

  /** A message in a channel, as if posted earlier (for buttons on it). */
  seedMessage(channelId: string, payload: Record<string, unknown>): FakeMessage {
    const message = this.makeMessage(channelId, payload, []);
    this.messages.set(message.id, message);
    return message;
  }

  apiMessageOf(id: string): Record<string, unknown> {
    const message = this.messages.get(id);
    if (!message) throw new Error(`the fake has no message ${id}`);
    return this.apiMessage(message);
  }
}
