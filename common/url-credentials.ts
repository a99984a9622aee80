// Apart from log-redaction.ts (which loads pino) so that errors.ts, which every command
// loads, masks URLs without paying for the logger at start-up.

/** `scheme://user:password@host` → `scheme://user:***@host`, anywhere in a text. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:"'`]*)(:[^\s/@"'`]*)?@/gi;

/**
 * Mask the credentials of every URL in a text.
 *
 * @example maskUrlCredentials('REDIS_URL is http://:hunter2@db:6379') // 'REDIS_URL is http://***@db:6379'
 * @example maskUrlCredentials('postgres://ada:pw@host/db') // 'postgres://ada:***@host/db'
 * @example maskUrlCredentials('redis://token@host') // 'redis://***@host'
 */
export function maskUrlCredentials(text: string): string {
  // `user:password@` keeps the user; a lone `secret@` (a token or a password-only URL) is masked whole
  return text.replace(URL_CREDENTIALS, (_, scheme: string, user: string, password: string | undefined) => `${scheme}${user && password ? `${user}:***` : '***'}@`);
}
