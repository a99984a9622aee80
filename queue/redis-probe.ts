import { Redis } from 'ioredis';
import { OutageError } from '../common/errors.ts';
import { redactRedisUrl } from './queue-config.ts';

/** Redis cannot be reached: transient, worth retrying. */
export class RedisUnavailableError extends OutageError {
  constructor(url: string, reason: string) {
    super(`Redis at ${redactRedisUrl(url)} is unreachable (${reason})`);
  }
}

/**
 * Connect once and PING, without ioredis's endless reconnect loop, so that a caller
 * learns at once whether Redis is there (and can say so in one line) before it builds
 * BullMQ objects, which would otherwise log reconnect errors forever.
 */
export async function probeRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, enableOfflineQueue: false });
  // ioredis rejects connect() with "Connection is closed."; the cause (ECONNREFUSED, ENOTFOUND…) comes as an event.
  let cause: Error | undefined;
  probe.on('error', (err: Error) => (cause ??= err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const reason = (cause ?? (err instanceof Error ? err : new Error(String(err)))).message.split('\n')[0];
    throw new RedisUnavailableError(url, reason);
  } finally {
    probe.disconnect();
  }
}
