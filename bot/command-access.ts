import { InputError } from '../common/errors.ts';
import { CORPUS_NAME } from '../discover/configured-corpora.ts';
import { OPTION_CHOICES_MAX } from './discord-limits.ts';

/**
 * What the moderated commands (/discover, /mine) share: their settings name corpora, roles and
 * channels the same way, and they refuse a user the same way. Each keeps its own settings type
 * and environment names (bot/discover-access.ts, bot/mine-access.ts).
 */

/**
 * A comma-separated list of Discord ids from the setting `name`; anything else fails with one line naming it.
 *
 * @example discordIds('HUNT_MINE_ROLES', '1300000000000000009, 1300000000000000010') // ['1300000000000000009', '1300000000000000010']
 */
export function discordIds(name: string, value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const bad = list.find((v) => !/^\d{17,20}$/.test(v));
  if (bad !== undefined) throw new InputError('bad_option', `${name}: "${bad.slice(0, 40)}" is not a Discord id (17 to 20 digits)`);
  return list;
}

/**
 * The corpora of a `name=path;…` setting, as many as Discord can offer as choices, each name
 * once. A bare `name` has the path '' unless `pathRequired` (then it fails, naming the entry).
 *
 * @example corpusList('HUNT_DISCOVER_CORPORA', 'owt=/data/owt;wiki', { pathRequired: false })
 * // [{ name: 'owt', path: '/data/owt' }, { name: 'wiki', path: '' }]
 */
export function corpusList(name: string, value: string | undefined, { pathRequired }: { pathRequired: boolean }): { name: string; path: string }[] {
  const corpora = (value ?? '')
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      const corpus = (at === -1 ? entry : entry.slice(0, at)).trim();
      const path = at === -1 ? '' : entry.slice(at + 1).trim();
      if (!CORPUS_NAME.test(corpus)) throw new InputError('bad_option', `${name}: "${entry.slice(0, 80)}" does not start with a corpus name (lower-case letters, digits, hyphens)`);
      if (pathRequired && !path) throw new InputError('bad_option', `${name}: "${corpus}" has no path (write ${corpus}=/path/to/corpus)`);
      return { name: corpus, path };
    });
  if (new Set(corpora.map((c) => c.name)).size !== corpora.length) throw new InputError('bad_option', `${name} names a corpus twice`);
  if (corpora.length > OPTION_CHOICES_MAX) throw new InputError('bad_option', `${name} names ${corpora.length} corpora; Discord offers at most ${OPTION_CHOICES_MAX} choices`);
  return corpora;
}

/** Who may start a moderated command: role ids (the server's id = everyone) and channel ids. */
export interface CommandAccess {
  roles: string[];
  channels: string[];
}

/** Who is asking, and where. */
export interface CommandAsker {
  guildId: string | null;
  channelId: string | null;
  /** the member's role ids in this server (none outside a server) */
  roles: readonly string[];
}

/** How a refusal names the command: `/discover`, why it is moderated, and its settings' prefix (`HUNT_DISCOVER`). */
export interface CommandWords {
  command: string;
  /** why it is off until named, e.g. 'a scan is long' */
  heavy: string;
  envPrefix: string;
}

/**
 * Why this user may not start the command here (one line naming who can, and where), or
 * undefined when they may. Every setting given must hold: a role in an allowed channel.
 *
 * @example commandRefusal({ roles: [], channels: ['1300000000000000002'] }, { guildId: '1', channelId: '9', roles: [] }, { command: '/mine', heavy: 'a run scans a whole corpus', envPrefix: 'HUNT_MINE' })
 * // '/mine runs only in <#1300000000000000002>: start it there.'
 */
export function commandRefusal(access: CommandAccess, asker: CommandAsker, words: CommandWords): string | undefined {
  const { roles, channels } = access;
  const { command, heavy, envPrefix } = words;
  if (roles.length === 0 && channels.length === 0) {
    return `${command} is off on this bot: ${heavy}, so an admin first names who may start one (${envPrefix}_ROLES or ${envPrefix}_CHANNELS).`;
  }
  if (channels.length > 0 && (asker.channelId === null || !channels.includes(asker.channelId))) {
    return `${command} runs only in ${channels.map((c) => `<#${c}>`).join(', ')}: start it there.`;
  }
  // @everyone's role id is the server's id; Discord does not list it among a member's roles
  const everyone = asker.guildId !== null && roles.includes(asker.guildId);
  if (roles.length > 0 && !everyone && !asker.roles.some((r) => roles.includes(r))) {
    return `Only members with ${roles.map((r) => `<@&${r}>`).join(' or ')} may start ${command}: ask one of them, or a moderator for the role.`;
  }
  return undefined;
}
