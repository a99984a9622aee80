import { describe, expect, it } from 'vitest';
import { mineRefusal, NO_MINE, resolveMineAccess } from '../../../bot/mine-access.ts';

const ROLE = '1300000000000000009';
const CHANNEL = '1300000000000000002';
const GUILD = '1300000000000000001';

describe('who may start /mine, from the environment', () => {
  it('GIVEN corpora, roles, a shard size and a model THEN each is read', () => {
    expect(resolveMineAccess({ HUNT_MINE_CORPORA: 'owt=/data/owt; wiki = /data/a=b ', HUNT_MINE_ROLES: ROLE, HUNT_MINE_SHARD_SIZE: '64MB', HUNT_MINE_MODEL: 'Xenova/gpt2' })).toStrictEqual({
      corpora: [
        { name: 'owt', path: '/data/owt' },
        { name: 'wiki', path: '/data/a=b' },
      ],
      roles: [ROLE],
      channels: [],
      shardBytes: 64 * 1024 ** 2,
      model: 'Xenova/gpt2',
    });
  });

  it.each([
    [{ HUNT_MINE_CORPORA: 'owt' }, 'HUNT_MINE_CORPORA: "owt" has no path (write owt=/path/to/corpus)'],
    [{ HUNT_MINE_CORPORA: '../x=/data' }, 'HUNT_MINE_CORPORA: "../x=/data" does not start with a corpus name (lower-case letters, digits, hyphens)'],
    [{ HUNT_MINE_CORPORA: 'a=/x;a=/y' }, 'HUNT_MINE_CORPORA names a corpus twice'],
    [{ HUNT_MINE_CHANNELS: 'general' }, 'HUNT_MINE_CHANNELS: "general" is not a Discord id (17 to 20 digits)'],
    [{ HUNT_MINE_SHARD_SIZE: 'big' }, /^HUNT_MINE_SHARD_SIZE: /],
  ])('GIVEN %j THEN start-up fails with one line naming the setting', (env, message) => {
    expect(() => resolveMineAccess(env)).toThrow(message);
  });
});

describe('who may start /mine, asked', () => {
  it.each([
    ['nothing is set', NO_MINE, { guildId: GUILD, channelId: CHANNEL, roles: [ROLE] }, /^\/mine is off on this bot/],
    ['the channel is not listed', { roles: [], channels: [CHANNEL] }, { guildId: GUILD, channelId: '1300000000000000077', roles: [] }, `/mine runs only in <#${CHANNEL}>: start it there.`],
    ['the member lacks the role', { roles: [ROLE], channels: [] }, { guildId: GUILD, channelId: CHANNEL, roles: [] }, `Only members with <@&${ROLE}> may start /mine: ask one of them, or a moderator for the role.`],
  ])('GIVEN %s THEN the refusal says why', (_, access, asker, refusal) => {
    expect(mineRefusal(access, asker)).toMatch(refusal);
  });

  it.each([
    ['the member has the role', { roles: [ROLE], channels: [] }, [ROLE]],
    ['the role is the server (everyone)', { roles: [GUILD], channels: [] }, []],
    ['the channel is listed', { roles: [], channels: [CHANNEL] }, []],
  ])('GIVEN %s THEN the member may start a run', (_, access, roles) => {
    expect(mineRefusal(access, { guildId: GUILD, channelId: CHANNEL, roles })).toBeUndefined();
  });
});
