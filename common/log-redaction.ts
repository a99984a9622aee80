/**
 * Keeping credentials out of logs and messages. Two ways they leaked: ioredis errors carry
 * the failed command with its arguments (`AUTH <password>` in `command.args`), and URLs with
 * `user:password@` were echoed whole in errors and option messages (url-credentials.ts).
 */
import pino from 'pino';
import { maskUrlCredentials } from './url-credentials.ts';

export { maskUrlCredentials };

/** Fields that hold a secret wherever they appear in a log object. */
const SECRET_FIELDS = ['password', 'token', 'redisUrl', 'databaseUrl', 'authorization', 'DISCORD_TOKEN', 'REDIS_URL', 'DATABASE_URL'];

/** A serialized error without the parts that carry secrets. */
function safeError(err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? maskUrlCredentials(err) : err;
  const plain = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  // ioredis: `command: { name: 'auth', args: [password] }`; keep the command's name only
  const command = plain.command as { name?: unknown } | undefined;
  if (command && typeof command === 'object') plain.command = { name: command.name };
  delete plain.args;
  for (const [key, value] of Object.entries(plain)) {
    if (typeof value === 'string') plain[key] = maskUrlCredentials(value);
    else if (SECRET_FIELDS.includes(key)) plain[key] = '[redacted]';
  }
  // `cause` chains are serialized by pino as nested objects: walk them the same way
  if (err.cause !== undefined) plain.cause = safeError(err.cause);
  return plain;
}

/**
 * Options for every logger: secrets redacted by field name, errors serialized without
 * `command.args`, and URL credentials masked in messages. Spread into `pino({...})`.
 */
export const LOG_REDACTION = {
  redact: {
    paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`), 'err.command.args', '*.command.args', 'command.args'],
    censor: '[redacted]',
  },
  serializers: { err: safeError, error: safeError },
  hooks: {
    logMethod(this: pino.Logger, args: unknown[], method: pino.LogFn) {
      const masked = args.map((a) => (typeof a === 'string' ? maskUrlCredentials(a) : a));
      return (method as (...a: unknown[]) => void).apply(this, masked);
    },
  },
} satisfies pino.LoggerOptions;
