import type { REST } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../../bot/bot-deps.ts';
import type { PendingEntry } from '../../../bot/pending-jobs.ts';
import { resumePendingJobs } from '../../../bot/resume-pending.ts';
import { userMessageFor } from '../../../bot/user-messages.ts';
import { OutageError } from '../../../common/errors.ts';

/** A REST client that records what the bot sends (Discord's servers cannot run here). */
function recordingRest() {
  const sent: { method: 'post' | 'patch'; route: string; body: { content?: string } }[] = [];
  const rest = {
    post: async (route: string, options: { body: { content?: string } }) => {
      sent.push({ method: 'post', route, body: options.body });
      return { id: 'm1', channel_id: 'c1' };
    },
    patch: async (route: string, options: { body: { content?: string } }) => {
      sent.push({ method: 'patch', route, body: options.body });
      return { id: 'm1', channel_id: 'c1' };
    },
  } as unknown as REST;
  return { rest, sent };
}

const entry: PendingEntry = { id: 'p1', kind: 'complete', jobs: [{ id: 'complete-1', name: 'complete', model: 'local:tiny-gpt2' }], userId: 'u1', channelId: 'c1', createdAt: 0 };

describe('a wait taken over after a restart', () => {
  it('GIVEN the resumed wait ends without a result (Redis out of reach) THEN the user is told why in the channel, once, instead of hearing nothing', async () => {
    const { rest, sent } = recordingRest();
    const deps = {
      results: { for: () => ({ wait: async () => Promise.reject(new OutageError('Redis is out of reach')) }) },
      clock: { now: () => 0 },
      log: pino({ level: 'silent' }),
    } as unknown as BotDeps;
    const { resumed, delivered } = await resumePendingJobs(rest, deps, { claimAll: async () => [entry] });
    await delivered;
    expect(resumed).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'post', route: '/channels/c1/messages' });
    expect(sent[0].body.content).toContain('<@u1>, the result you asked for before the bot restarted:');
    expect(sent[0].body.content).toContain(userMessageFor('unavailable', 'Redis is out of reach'));
  });
});
