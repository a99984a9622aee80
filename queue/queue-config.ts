import { InputError } from '../common/errors.ts';
import { maskUrlCredentials } from '../common/log-redaction.ts';
import { DEFAULT_MODEL } from '../models/model-source.ts';

/**
 * The BullMQ queue of the default model's jobs (every job, before workers served several
 * models); priorities order the kinds (job-policies.ts). Another model's jobs go to its own
 * queue, see queueNameFor.
 */
export const QUEUE_NAME = 'model';
/** Longest model id: Discord's cap on a choice's value, since the bot offers model ids as choices. */
export const MODEL_ID_MAX = 100;
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Key prefix of everything this project keeps in Redis; tests use a fresh one each. */
export const DEFAULT_QUEUE_PREFIX = 'hunt';

export interface QueueConfig {
  /** redis://[user:password@]host:port[/db] (env REDIS_URL) */
  redisUrl: string;
  /** BullMQ key prefix (env HUNT_QUEUE_PREFIX) */
  prefix: string;
  /**
   * The model id whose jobs use the queue named QUEUE_NAME, as workers report it: a hub id,
   * or `local:<folder name>` (env HUNT_DEFAULT_MODEL; default Xenova/gpt2). Jobs that name
   * no model are its jobs.
   */
  defaultModel: string;
}

export function resolveQueueConfig(options: Partial<QueueConfig> = {}, env: NodeJS.ProcessEnv = process.env): QueueConfig {
  const redisUrl = options.redisUrl ?? env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const prefix = options.prefix ?? env.HUNT_QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX;
  const defaultModel = options.defaultModel ?? (env.HUNT_DEFAULT_MODEL || DEFAULT_MODEL);
  if (!/^rediss?:\/\//.test(redisUrl)) throw new InputError('bad_option', `REDIS_URL must start with redis:// or rediss:// (got "${maskUrlCredentials(redisUrl)}")`);
  if (!/^[\w.-]+$/.test(prefix)) throw new InputError('bad_option', `queue prefix may hold letters, digits, ".", "_" and "-" only (got "${prefix}")`);
  const problem = modelIdProblem(defaultModel);
  if (problem) throw new InputError('bad_option', `HUNT_DEFAULT_MODEL ${problem}`);
  return { redisUrl, prefix, defaultModel };
}

/**
 * What is wrong with a model id, if anything: ids name queues and Discord choices, so they
 * are short and printable.
 *
 * @example modelIdProblem('gpt2 large') // 'must not contain spaces or control characters (got "gpt2 large")'
 */
export function modelIdProblem(model: string): string | undefined {
  if (model === '') return 'must not be empty';
  if (model.length > MODEL_ID_MAX) return `must be at most ${MODEL_ID_MAX} characters (got ${model.length})`;
  if (/[\s\p{Cc}]/u.test(model)) return `must not contain spaces or control characters (got "${model}")`;
  return undefined;
}

/**
 * The BullMQ queue of one model's jobs: QUEUE_NAME for the default model, so existing
 * deployments keep their queue; else `model@` and the id percent-encoded, which is one-to-one
 * (two ids never share a queue) and free of ":", which BullMQ refuses in queue names.
 *
 * @example queueNameFor('Xenova/gpt2-medium', { defaultModel: 'Xenova/gpt2' }) // 'model@Xenova%2Fgpt2-medium'
 * @example queueNameFor('local:tiny-gpt2', { defaultModel: 'Xenova/gpt2' }) // 'model@local%3Atiny-gpt2'
 */
export function queueNameFor(model: string, config: Pick<QueueConfig, 'defaultModel'>): string {
  return model === config.defaultModel ? QUEUE_NAME : `${QUEUE_NAME}@${encodeURIComponent(model)}`;
}

/** BullMQ connection options. `maxRetriesPerRequest: null` is what BullMQ requires of workers' connections. */
export function bullConnection(config: QueueConfig): { url: string; maxRetriesPerRequest: null } {
  return { url: config.redisUrl, maxRetriesPerRequest: null };
}

/** The Redis URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  return maskUrlCredentials(url);
}
