import { InputError } from '../common/errors.ts';

/** The one BullMQ queue every model job goes through; priorities order the kinds (job-policies.ts). */
export const QUEUE_NAME = 'model';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Key prefix of everything this project keeps in Redis; tests use a fresh one each. */
export const DEFAULT_QUEUE_PREFIX = 'hunt';

export interface QueueConfig {
  /** redis://[user:password@]host:port[/db] (env REDIS_URL) */
  redisUrl: string;
  /** BullMQ key prefix (env HUNT_QUEUE_PREFIX) */
  prefix: string;
}

export function resolveQueueConfig(options: Partial<QueueConfig> = {}, env: NodeJS.ProcessEnv = process.env): QueueConfig {
  const redisUrl = options.redisUrl ?? env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const prefix = options.prefix ?? env.HUNT_QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX;
  if (!/^rediss?:\/\//.test(redisUrl)) throw new InputError('bad_option', `REDIS_URL must start with redis:// or rediss:// (got "${redisUrl}")`);
  if (!/^[\w.-]+$/.test(prefix)) throw new InputError('bad_option', `queue prefix may hold letters, digits, ".", "_" and "-" only (got "${prefix}")`);
  return { redisUrl, prefix };
}

/** BullMQ connection options. `maxRetriesPerRequest: null` is what BullMQ requires of workers' connections. */
export function bullConnection(config: QueueConfig): { url: string; maxRetriesPerRequest: null } {
  return { url: config.redisUrl, maxRetriesPerRequest: null };
}

/** The Redis URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
