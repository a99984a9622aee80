import { z } from 'zod';
import { InputError } from '../common/errors.ts';
import { modelIdProblem, resolveQueueConfig, type QueueConfig } from '../queue/queue-config.ts';
import { OPTION_CHOICES_MAX } from './discord-limits.ts';
import { resolveDiscoverSettings, type DiscoverSettings } from './discover-access.ts';

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
  HUNT_DEFAULT_MODEL: z.string().optional(),
  HUNT_MODELS: z.string().optional(),
  /** the catalog's PostgreSQL; unset: an embedded PGlite database */
  DATABASE_URL: z.string().optional(),
});

/** The environment `hunt register-commands` reads. */
const registerEnvSchema = z.object({
  DISCORD_TOKEN: tokenSchema,
  DISCORD_APP_ID: appIdSchema,
  DISCORD_API_URL: optionalUrl('DISCORD_API_URL'),
  HUNT_DEFAULT_MODEL: z.string().optional(),
  HUNT_MODELS: z.string().optional(),
});

/** The models users may pick (`/complete model:`), as workers report their ids; the default model first. */
export interface ServedModels {
  /** what a command without `model` runs on: the queue's default model (HUNT_DEFAULT_MODEL) */
  defaultModel: string;
  /** every model some worker serves (HUNT_MODELS), at most 25: they are the option's choices */
  models: string[];
}

export interface BotConfig {
  token: string;
  appId?: string;
  apiUrl?: string;
  queue: QueueConfig;
  served: ServedModels;
  /** unset: the embedded PGlite database; the vote threshold is the catalog's (HUNT_CATALOG_THRESHOLD, default 3) */
  databaseUrl?: string;
  /** who may start /discover and over which corpora (HUNT_DISCOVER_*) */
  discover: DiscoverSettings;
}

export interface RegisterConfig {
  token: string;
  appId: string;
  apiUrl?: string;
  /** the `model` option's choices */
  served: ServedModels;
  /** /discover's corpus choices */
  discover: DiscoverSettings;
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
 * Read and check HUNT_MODELS, the comma-separated model ids that workers serve (default:
 * the default model alone). The default model must be among them: commands without
 * `model`, and every `/task` evaluation, run on it.
 *
 * @example resolveServedModels('Xenova/gpt2, Xenova/gpt2-medium', 'Xenova/gpt2')
 * // { defaultModel: 'Xenova/gpt2', models: ['Xenova/gpt2', 'Xenova/gpt2-medium'] }
 */
export function resolveServedModels(list: string | undefined, defaultModel: string): ServedModels {
  if (list === undefined || list.trim() === '') return { defaultModel, models: [defaultModel] };
  const models = list.split(',').map((m) => m.trim());
  const problems: string[] = [];
  models.forEach((model, i) => {
    const problem = modelIdProblem(model);
    if (problem) problems.push(`model ${i + 1} ${problem}`);
  });
  const repeated = models.filter((m, i) => m !== '' && models.indexOf(m) !== i);
  if (repeated.length > 0) problems.push(`lists ${[...new Set(repeated)].map((m) => `"${m}"`).join(', ')} twice`);
  if (models.length > OPTION_CHOICES_MAX) problems.push(`lists ${models.length} models; Discord offers at most ${OPTION_CHOICES_MAX} choices`);
  if (problems.length === 0 && !models.includes(defaultModel)) {
    problems.push(`must include the default model "${defaultModel}" (HUNT_DEFAULT_MODEL), which commands without a model use`);
  }
  if (problems.length > 0) throw new InputError('bad_option', `HUNT_MODELS ${problems.join('; ')}`);
  return { defaultModel, models };
}

/**
 * Read and check `hunt bot`'s configuration; throws one InputError naming every problem,
 * before anything connects anywhere.
 *
 * @example resolveBotConfig({}) // throws "DISCORD_TOKEN is not set: put the bot token …"
 */
export function resolveBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = parseEnv(botEnvSchema, env);
  const queue = resolveQueueConfig({}, env);
  return {
    token: parsed.DISCORD_TOKEN,
    appId: parsed.DISCORD_APP_ID,
    apiUrl: parsed.DISCORD_API_URL,
    queue,
    served: resolveServedModels(parsed.HUNT_MODELS, queue.defaultModel),
    databaseUrl: parsed.DATABASE_URL || undefined,
    discover: resolveDiscoverSettings(env),
  };
}

/** Read and check `hunt register-commands`'s configuration. */
export function resolveRegisterConfig(env: NodeJS.ProcessEnv = process.env): RegisterConfig {
  const parsed = parseEnv(registerEnvSchema, env);
  const { defaultModel } = resolveQueueConfig({}, { HUNT_DEFAULT_MODEL: parsed.HUNT_DEFAULT_MODEL });
  return {
    token: parsed.DISCORD_TOKEN,
    appId: parsed.DISCORD_APP_ID,
    apiUrl: parsed.DISCORD_API_URL,
    served: resolveServedModels(parsed.HUNT_MODELS, defaultModel),
    discover: resolveDiscoverSettings(env),
  };
}
