import { describe, expect, test } from 'vitest';
import { describeDiscordLoginError } from '../../../bot/discord-login-error.ts';

describe('a failed Discord login gets the fix for its cause', () => {
  test('GIVEN discord.js refusing the token THEN the line says to copy the token again', () => {
    const err = Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' });
    expect(describeDiscordLoginError(err)).toBe('Discord refused DISCORD_TOKEN (An invalid token was provided.): copy the token again from the developer portal (your application → Bot → Reset Token)');
  });

  test('GIVEN no route to Discord THEN the line points at the network, not the token', () => {
    const err = Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), { code: 'ENOTFOUND' });
    expect(describeDiscordLoginError(err)).toBe("cannot reach Discord (getaddrinfo ENOTFOUND discord.com): check this machine's network, DNS and proxy settings; the bot exits so that its supervisor restarts it");
  });

  test('GIVEN anything else THEN the line says the bot stopped and why', () => {
    expect(describeDiscordLoginError(new TypeError('boom'))).toBe('the bot stopped: TypeError: boom');
  });
});
