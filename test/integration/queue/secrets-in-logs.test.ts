import net from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openPgSqlClient } from '../../../catalog/pg-sql-client.ts';
import { LOG_REDACTION, maskUrlCredentials } from '../../../common/log-redaction.ts';
import { JobProducer } from '../../../queue/job-producer.ts';
import { QueueEventsResults } from '../../../queue/job-results.ts';
import { resolveQueueConfig } from '../../../queue/queue-config.ts';
import { deletePrefix, freshQueueConfig, TEST_REDIS_URL } from '../../helpers/queue-harness.ts';

const SECRET = 'planted-Secret-7f3a9c';

/** Every line a production-configured logger writes. */
function capturingLogger(options: pino.LoggerOptions = LOG_REDACTION) {
  const lines: string[] = [];
  const log = pino({ level: 'trace', ...options }, { write: (line: string) => void lines.push(line) });
  return { log, lines };
}

/** A real ioredis error whose failed command carries the secret: AUTH with a wrong password. */
async function authError(): Promise<Error> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await redis.auth('nobody', SECRET);
  } catch (err) {
    return err as Error;
  } finally {
    redis.disconnect();
  }
  throw new Error('AUTH with a wrong password succeeded');
}

describe('secrets in logs and messages', () => {
  test('GIVEN an ioredis error carrying the password in command.args THEN no log line holds it (and an unredacted logger would have leaked it)', async () => {
    const err = await authError();
    expect(JSON.stringify((err as Error & { command?: unknown }).command)).toContain(SECRET); // the leak is real
    const leaky = capturingLogger({});
    leaky.log.warn({ err, job: 'tokens' }, 'enqueue refused');
    expect(leaky.lines.join('')).toContain(SECRET);

    const { log, lines } = capturingLogger();
    log.warn({ err, job: 'tokens' }, 'enqueue refused');
    log.error({ err: new Error('wrapped', { cause: err }) }, 'wrapped');
    log.info({ config: { redisUrl: `redis://:${SECRET}@cache:6379`, databaseUrl: `postgres://u:${SECRET}@db/x` } }, 'config');
    log.info(`connecting to redis://hunt:${SECRET}@cache:6379`);
    log.warn({ err: new Error(`connect to postgres://u:${SECRET}@db:5432/x failed`) }, 'catalog');
    expect(lines).toHaveLength(5);
    expect(lines.filter((line) => line.includes(SECRET))).toStrictEqual([]);
    expect(JSON.parse(lines[0]).err.command).toStrictEqual({ name: 'auth' });
  });

  test('GIVEN URLs with credentials in option errors and outage errors THEN the messages mask them', async () => {
    expect(() => resolveQueueConfig({ redisUrl: `http://:${SECRET}@cache:6379` })).toThrow('REDIS_URL must start with redis:// or rediss:// (got "http://***@cache:6379")');
    const unreachable = openPgSqlClient(`postgres://ada:${SECRET}@127.0.0.1:1/test`);
    await expect(unreachable).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:1\/test is unreachable/);
    await expect(unreachable.catch((err: Error) => err.message + String(err.stack))).resolves.not.toContain(SECRET);
    expect(maskUrlCredentials(`a rediss://u:${SECRET}@h and postgres://${SECRET}@h`)).toBe('a rediss://u:***@h and postgres://***@h');
  });
});

describe('a Redis outage seen by the producer and the result listener', () => {
  let prefix: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (prefix) await deletePrefix(prefix);
  });

  test('GIVEN Redis unreachable for 1.5 s THEN ioredis prints no "Unhandled error event" and the producer works again after', async () => {
    // A TCP proxy in front of Redis that can drop every connection and refuse new ones.
    const upstream = new URL(TEST_REDIS_URL);
    const sockets = new Set<net.Socket>();
    let down = false;
    const proxy = net.createServer((client) => {
      if (down) return client.destroy();
      const server = net.connect(Number(upstream.port || 6379), upstream.hostname);
      for (const s of [client, server]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    const config = { ...freshQueueConfig(), redisUrl: `redis://127.0.0.1:${port}` };
    prefix = config.prefix;
    const printed = vi.spyOn(console, 'error');
    const producer = new JobProducer(config);
    const results = new QueueEventsResults(config);
    try {
      await results.ready();
      await producer.enqueue('tokens', { text: 'before' }, { userId: 'u1' });
      down = true;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      down = false;
      await producer.enqueue('tokens', { text: 'after' }, { userId: 'u1' });
      // before: "[ioredis] Unhandled error event: Error: write EPIPE" and stack traces, once per reconnect
      expect(printed.mock.calls.map((args) => String(args[0]))).toStrictEqual([]);
    } finally {
      await producer.close();
      await results.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
