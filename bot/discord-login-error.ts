import { describeError } from '../common/errors.ts';

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * One line for a bot that could not log in to Discord, with the fix for the cause: a token
 * Discord refuses, or Discord out of reach.
 *
 * @example describeDiscordLoginError(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }))
 * // 'Discord refused DISCORD_TOKEN (An invalid token was provided.): copy the token again from the developer portal (your application → Bot → Reset Token)'
 */
export function describeDiscordLoginError(err: unknown): string {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (isRefusedToken(err)) {
    return `Discord refused DISCORD_TOKEN (${message}): copy the token again from the developer portal (your application → Bot → Reset Token)`;
  }
  if ((code && NETWORK_CODES.has(code)) || /getaddrinfo|ECONNREFUSED|ETIMEDOUT/.test(message)) {
    return `cannot reach Discord (${message}): check this machine's network, DNS and proxy settings; the bot exits so that its supervisor restarts it`;
  }
  return `the bot stopped: ${describeError(err)}`;
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Discord said no to the token itself (discord.js's TokenInvalid, HTTP 401, gateway close 4004): retrying cannot help. */
export function isRefusedToken(err: unknown): boolean {
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number((err as { status: unknown }).status) : undefined;
  const code = codeOf(err);
  return code === 'TokenInvalid' || code === '4004' || status === 401;
}
