import { InputError } from '../common/errors.ts';

/**
 * A PostgreSQL connection string that cannot work is the user's input, not an outage: fail at
 * once with what is wrong instead of retrying a connection that can never succeed.
 * `where` names the source (`--database-url`, `DATABASE_URL`) for the message.
 *
 * @example checkDatabaseUrl('not a url', '--database-url') // throws: --database-url must be a postgres:// URL, e.g. postgres://127.0.0.1:5432/hunt (got "not a url")
 */
export function checkDatabaseUrl(url: string | undefined, where: string): void {
  if (!url) return;
  const example = 'postgres://127.0.0.1:5432/hunt';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('bad_option', `${where} must be a postgres:// URL, e.g. ${example} (got "${redact(url)}")`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InputError('bad_option', `${where} must start with postgres:// or postgresql://, e.g. ${example} (got "${redact(url)}")`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new InputError('bad_option', `${where} names no host, e.g. ${example} (got "${redact(url)}")`);
  }
}

/** The URL without a password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
