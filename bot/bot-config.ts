import { z } from 'zod';
import { InputError } from '../common/errors.ts';
import { resolveQueueConfig, type QueueConfig } from '../queue/queue-config.ts';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const tokenSchema = z
  .string({ error: 'DISCORD_TOKEN is not set: put the bot token from the Discord developer portal (Bot → Token) in the environment' })
  .trim()
  .min(1, 'DISCORD_TOKEN is empty: put the bot token from the Discord developer portal (Bot → Token) in the environment');

const appIdSchema = z.string({ error: 'DISCORD_APP_ID is not set: put the application id (developer portal → General Information) in the environment' }).pipe(snowflake);

const optionalUrl = (name: string) => z.url({ error: `${name} must be a URL` }).optional();

/** The environment `hunt bot` reads, validated at start. */
const botEnvSchema = z.object({
  DISCORD_TOKEN: tokenSchema,
  DISCORD_APP_ID: snowflake.optional(),
  /** a Discord-compatible REST base URL (a proxy); default Discord's own */
  DISCORD_API_URL: optionalUrl('DISCORD_API_URL'),
  REDIS_URL: z.string().optional(),
  HUNT_QUEUE_PREFIX: z.string().optional(),
  /** the catalog's PostgreSQL; unset: an embedded PGlite database */
  DATABASE_URL: z.string().optional(),
});

/** The environment `hunt register-commands` reads. */
const registerEnvSchema = z.object({
  DISCORD_TOKEN: tokenSchema,
  DISCORD_APP_ID: appIdSchema,
  DISCORD_API_URL: optionalUrl('DISCORD_API_URL'),
});

export interface BotConfig {
  token: string;
  appId?: string;
  apiUrl?: string;
  queue: QueueConfig;
  /** unset: the embedded PGlite database; the vote threshold is the catalog's (HUNT_CATALOG_THRESHOLD, default 3) */
  databaseUrl?: string;
}

export interface RegisterConfig {
  token: string;
  appId: string;
  apiUrl?: string;
}

function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Messages that already name their variable are shown as they are; others get it in front.
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new InputError('bad_option', problems.join('; '));
  }
  return parsed.data;
}

/**
 * Read and check `hunt bot`'s configuration; throws one InputError naming every problem,
 * before anything connects anywhere.
 *
 * @example resolveBotConfig({}) // throws "DISCORD_TOKEN is not set: put the bot token …"
 */
export function resolveBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = parseEnv(botEnvSchema, env);
  return {
    token: parsed.DISCORD_TOKEN,
    appId: parsed.DISCORD_APP_ID,
    apiUrl: parsed.DISCORD_API_URL,
    queue: resolveQueueConfig({}, env),
    databaseUrl: parsed.DATABASE_URL || undefined,
  };
}

/** Read and check `hunt register-commands`'s configuration. */
export function resolveRegisterConfig(env: NodeJS.ProcessEnv = process.env): RegisterConfig {
  const parsed = parseEnv(registerEnvSchema, env);
  return { token: parsed.DISCORD_TOKEN, appId: parsed.DISCORD_APP_ID, apiUrl: parsed.DISCORD_API_URL };
}
