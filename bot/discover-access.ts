import { InputError } from '../common/errors.ts';
import { commandRefusal, corpusList, discordIds, type CommandAsker } from './command-access.ts';

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

/**
 * The /discover settings from the environment. HUNT_DISCOVER_CORPORA is the workers' setting
 * (`name=path;…`); the bot reads only its names (a bare `name` is enough on the bot's machine).
 *
 * @example resolveDiscoverSettings({ HUNT_DISCOVER_CORPORA: 'owt=/data/owt;wiki', HUNT_DISCOVER_ROLES: '1300000000000000009' })
 * // { corpora: ['owt', 'wiki'], roles: ['1300000000000000009'], channels: [], shards: 1 }
 */
export function resolveDiscoverSettings(env: NodeJS.ProcessEnv): DiscoverSettings {
  const corpora = corpusList('HUNT_DISCOVER_CORPORA', env.HUNT_DISCOVER_CORPORA, { pathRequired: false }).map((c) => c.name);
  const shardsText = env.HUNT_DISCOVER_SHARDS?.trim() || '1';
  const shards = Number(shardsText);
  if (!/^\d+$/.test(shardsText) || shards < 1 || shards > DISCOVER_SHARDS_MAX) throw new InputError('bad_option', `HUNT_DISCOVER_SHARDS must be a whole number from 1 to ${DISCOVER_SHARDS_MAX} (got "${shardsText.slice(0, 20)}")`);
  return { corpora, roles: discordIds('HUNT_DISCOVER_ROLES', env.HUNT_DISCOVER_ROLES), channels: discordIds('HUNT_DISCOVER_CHANNELS', env.HUNT_DISCOVER_CHANNELS), shards };
}

/**
 * Why this user may not start a scan here (one line naming who can, and where), or
 * undefined when they may. Every setting given must hold: a role in an allowed channel.
 *
 * @example discoverRefusal({ ...NO_DISCOVER, channels: ['1300000000000000002'] }, { guildId: '1', channelId: '9', roles: [] })
 * // '/discover runs only in <#1300000000000000002>: start it there.'
 */
export function discoverRefusal(settings: DiscoverSettings, asker: CommandAsker): string | undefined {
  return commandRefusal(settings, asker, { command: '/discover', heavy: 'a scan is long', envPrefix: 'HUNT_DISCOVER' });
}
