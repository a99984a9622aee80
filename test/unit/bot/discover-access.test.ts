import { describe, expect, it } from 'vitest';
import { parseProposalButtonId, proposalButtonId } from '../../../bot/custom-ids.ts';
import { discoverRefusal, NO_DISCOVER, resolveDiscoverSettings, type DiscoverSettings } from '../../../bot/discover-access.ts';

const GUILD = '1300000000000000001';
const HERE = '1300000000000000002';
const ELSEWHERE = '1300000000000000003';
const ROLE = '1300000000000000077';
const OTHER_ROLE = '1300000000000000078';
const settings = (s: Partial<DiscoverSettings>): DiscoverSettings => ({ ...NO_DISCOVER, corpora: ['owt'], ...s });

describe('GIVEN the /discover settings of the environment', () => {
  it('WHEN HUNT_DISCOVER_CORPORA is the workers\' name=path list, or bare names THEN the bot keeps the names only', () => {
    expect(resolveDiscoverSettings({ HUNT_DISCOVER_CORPORA: 'owt=/data/owt; wiki=wikimedia/wikipedia;spans', HUNT_DISCOVER_ROLES: `${ROLE}, ${OTHER_ROLE}`, HUNT_DISCOVER_SHARDS: '4' })).toStrictEqual({
      corpora: ['owt', 'wiki', 'spans'],
      roles: [ROLE, OTHER_ROLE],
      channels: [],
      shards: 4,
    });
    expect(resolveDiscoverSettings({})).toStrictEqual(NO_DISCOVER);
  });

  it.each([
    ['a corpus that is a path', { HUNT_DISCOVER_CORPORA: '/data/owt' }, 'HUNT_DISCOVER_CORPORA: "/data/owt" does not start with a corpus name (lower-case letters, digits, hyphens)'],
    ['a corpus twice', { HUNT_DISCOVER_CORPORA: 'owt=/a;owt=/b' }, 'HUNT_DISCOVER_CORPORA names a corpus twice'],
    ['26 corpora', { HUNT_DISCOVER_CORPORA: Array.from({ length: 26 }, (_, i) => `c${i}`).join(';') }, 'HUNT_DISCOVER_CORPORA names 26 corpora; Discord offers at most 25 choices'],
    ['a role name', { HUNT_DISCOVER_ROLES: 'moderators' }, 'HUNT_DISCOVER_ROLES: "moderators" is not a Discord id (17 to 20 digits)'],
    ['a channel name', { HUNT_DISCOVER_CHANNELS: '#hunt' }, 'HUNT_DISCOVER_CHANNELS: "#hunt" is not a Discord id (17 to 20 digits)'],
    ['0 shards', { HUNT_DISCOVER_SHARDS: '0' }, 'HUNT_DISCOVER_SHARDS must be a whole number from 1 to 64 (got "0")'],
  ])('WHEN it holds %s THEN it is refused with one line naming the variable', (_, env, line) => {
    expect(() => resolveDiscoverSettings(env)).toThrow(line);
  });
});

describe('GIVEN who may start /discover', () => {
  it.each([
    ['nobody is named', settings({}), { roles: [ROLE], channelId: HERE }, '/discover is off on this bot: a scan is long, so an admin first names who may start one (HUNT_DISCOVER_ROLES or HUNT_DISCOVER_CHANNELS).'],
    ['a role is named and the member lacks it', settings({ roles: [ROLE, OTHER_ROLE] }), { roles: [], channelId: HERE }, `Only members with <@&${ROLE}> or <@&${OTHER_ROLE}> may start /discover: ask one of them, or a moderator for the role.`],
    ['a channel is named and the command comes from another', settings({ channels: [HERE] }), { roles: [], channelId: ELSEWHERE }, `/discover runs only in <#${HERE}>: start it there.`],
    ['both are named and the member has the role in another channel', settings({ roles: [ROLE], channels: [HERE] }), { roles: [ROLE], channelId: ELSEWHERE }, `/discover runs only in <#${HERE}>: start it there.`],
    ['a role is named and the command comes from a DM', settings({ roles: [ROLE] }), { roles: [], channelId: HERE, guildId: null }, `Only members with <@&${ROLE}> may start /discover: ask one of them, or a moderator for the role.`],
  ])('WHEN %s THEN the refusal says why and who can', (_, s, asker, line) => {
    expect(discoverRefusal(s, { guildId: GUILD, ...asker })).toBe(line);
  });

  it.each([
    ['the member has one of the roles', settings({ roles: [ROLE, OTHER_ROLE] }), { roles: [OTHER_ROLE], channelId: ELSEWHERE }],
    ['the command comes from a named channel', settings({ channels: [ELSEWHERE, HERE] }), { roles: [], channelId: HERE }],
    ["the server's own id is named (@everyone)", settings({ roles: [GUILD] }), { roles: [], channelId: HERE }],
    ['both are named and both hold', settings({ roles: [ROLE], channels: [HERE] }), { roles: [ROLE], channelId: HERE }],
  ])('WHEN %s THEN the scan may start', (_, s, asker) => {
    expect(discoverRefusal(s, { guildId: GUILD, ...asker })).toBeUndefined();
  });
});

describe('GIVEN the buttons under a /discover result', () => {
  it('WHEN an id is made THEN it parses back; anything else does not', () => {
    expect(parseProposalButtonId(proposalButtonId('form', '0123456789abcdef', 4))).toStrictEqual({ action: 'form', runId: '0123456789abcdef', index: 4 });
    for (const forged of ['proposal:form:0123456789abcdef', 'proposal:edit:0123456789abcdef:0', 'proposal:file:0123456789ABCDEF:0', 'proposal:file:0123456789abcdef:10', 'proposal:file:../../x:0']) {
      expect(parseProposalButtonId(forged)).toBeUndefined();
    }
  });
});
