import { Redis } from 'ioredis';
import { HuntError } from '../common/errors.ts';
import { redactRedisUrl } from './queue-config.ts';

/** Redis cannot be reached: transient, worth retrying. */
export class RedisUnavailableError extends HuntError {
  constructor(url: string, reason: string) {
    super('unavailable', `Redis at ${redactRedisUrl(url)} is unreachable (${reason})`, false);
  }
}

/**
 * Connect once and PING, without ioredis's endless reconnect loop, so that a caller
 * learns at once whether Redis is there (and can say so in one line) before it builds
 * BullMQ objects, which would otherwise log reconnect errors forever.
 */
export async function probeRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, enableOfflineQueue: false });
  probe.on('error', () => {}); // the rejected connect() below reports it
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new RedisUnavailableError(url, reason);
  } finally {
    probe.disconnect();
  }
}
