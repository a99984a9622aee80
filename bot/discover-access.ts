import { InputError } from '../common/errors.ts';
import { CORPUS_NAME } from '../discover/configured-corpora.ts';
import { OPTION_CHOICES_MAX } from './discord-limits.ts';

/**
 * Who may start `/discover` and over what. A scan is the heaviest job there is (minutes of
 * every worker's time), so it is moderated: nobody may start it until the operator names a
 * role or a channel.
 */
export interface DiscoverSettings {
  /** corpus names users pick from (HUNT_DISCOVER_CORPORA's names: the workers hold the paths) */
  corpora: string[];
  /** role ids any of which lets a member start a scan (HUNT_DISCOVER_ROLES; the server's id = everyone) */
  roles: string[];
  /** channel ids a scan may be started in (HUNT_DISCOVER_CHANNELS) */
  channels: string[];
  /** jobs one scan is cut into, for as many workers (HUNT_DISCOVER_SHARDS, default 1) */
  shards: number;
}

export const NO_DISCOVER: DiscoverSettings = { corpora: [], roles: [], channels: [], shards: 1 };
export const DISCOVER_SHARDS_MAX = 64;

const ids = (name: string, value: string | undefined): string[] => {
  const list = (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const bad = list.find((v) => !/^\d{17,20}$/.test(v));
  if (bad !== undefined) throw new InputError('bad_option', `${name}: "${bad.slice(0, 40)}" is not a Discord id (17 to 20 digits)`);
  return list;
};

/**
 * The /discover settings from the environment. HUNT_DISCOVER_CORPORA is the workers' setting
 * (`name=path;…`); the bot reads only its names (a bare `name` is enough on the bot's machine).
 *
 * @example resolveDiscoverSettings({ HUNT_DISCOVER_CORPORA: 'owt=/data/owt;wiki', HUNT_DISCOVER_ROLES: '1300000000000000009' })
 * // { corpora: ['owt', 'wiki'], roles: ['1300000000000000009'], channels: [], shards: 1 }
 */
export function resolveDiscoverSettings(env: NodeJS.ProcessEnv): DiscoverSettings {
  const corpora = (env.HUNT_DISCOVER_CORPORA ?? '')
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((entry) => {
      const name = entry.split('=')[0].trim();
      if (!CORPUS_NAME.test(name)) throw new InputError('bad_option', `HUNT_DISCOVER_CORPORA: "${entry.slice(0, 80)}" does not start with a corpus name (lower-case letters, digits, hyphens)`);
      return name;
    });
  if (new Set(corpora).size !== corpora.length) throw new InputError('bad_option', 'HUNT_DISCOVER_CORPORA names a corpus twice');
  if (corpora.length > OPTION_CHOICES_MAX) throw new InputError('bad_option', `HUNT_DISCOVER_CORPORA names ${corpora.length} corpora; Discord offers at most ${OPTION_CHOICES_MAX} choices`);
  const shardsText = env.HUNT_DISCOVER_SHARDS?.trim() || '1';
  const shards = Number(shardsText);
  if (!/^\d+$/.test(shardsText) || shards < 1 || shards > DISCOVER_SHARDS_MAX) throw new InputError('bad_option', `HUNT_DISCOVER_SHARDS must be a whole number from 1 to ${DISCOVER_SHARDS_MAX} (got "${shardsText.slice(0, 20)}")`);
  return { corpora, roles: ids('HUNT_DISCOVER_ROLES', env.HUNT_DISCOVER_ROLES), channels: ids('HUNT_DISCOVER_CHANNELS', env.HUNT_DISCOVER_CHANNELS), shards };
}

/** Who is asking, and where. */
export interface DiscoverAsker {
  guildId: string | null;
  channelId: string | null;
  /** the member's role ids in this server (none outside a server) */
  roles: readonly string[];
}

/**
 * Why this user may not start a scan here (one line naming who can, and where), or
 * undefined when they may. Every setting given must hold: a role in an allowed channel.
 *
 * @example discoverRefusal({ ...NO_DISCOVER, channels: ['1300000000000000002'] }, { guildId: '1', channelId: '9', roles: [] })
 * // '/discover runs only in <#1300000000000000002>: start it there.'
 */
export function discoverRefusal(settings: DiscoverSettings, asker: DiscoverAsker): string | undefined {
  const { roles, channels } = settings;
  if (roles.length === 0 && channels.length === 0) {
    return '/discover is off on this bot: a scan is long, so an admin first names who may start one (HUNT_DISCOVER_ROLES or HUNT_DISCOVER_CHANNELS).';
  }
  if (channels.length > 0 && (asker.channelId === null || !channels.includes(asker.channelId))) {
    return `/discover runs only in ${channels.map((c) => `<#${c}>`).join(', ')}: start it there.`;
  }
  // @everyone's role id is the server's id; Discord does not list it among a member's roles
  const everyone = asker.guildId !== null && roles.includes(asker.guildId);
  if (roles.length > 0 && !everyone && !asker.roles.some((r) => roles.includes(r))) {
    return `Only members with ${roles.map((r) => `<@&${r}>`).join(' or ')} may start /discover: ask one of them, or a moderator for the role.`;
  }
  return undefined;
}
