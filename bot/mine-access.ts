import { InputError } from '../common/errors.ts';
import { DEFAULT_SHARD_BYTES, parseByteSize } from '../corpus/shard-plan.ts';
import type { QueueConfig } from '../queue/queue-config.ts';
import { OPTION_CHOICES_MAX } from './discord-limits.ts';

/**
 * Who may start `/mine` and over what. A mine run scans a whole corpus on every mine worker,
 * so it is moderated: nobody may start one until the operator names a role or a channel, and
 * users pick a corpus by name from the operator's list, never a path.
 */
export interface MineAccess {
  /** HUNT_MINE_CORPORA (`name=path;…`): the bot plans the shards, so it holds the paths (the workers read the same paths) */
  corpora: { name: string; path: string }[];
  /** role ids any of which lets a member start a run (HUNT_MINE_ROLES; the server's id = everyone) */
  roles: string[];
  /** channel ids a run may be started in (HUNT_MINE_CHANNELS) */
  channels: string[];
  /** files are grouped into shards of at least this size (HUNT_MINE_SHARD_SIZE, as `hunt enqueue mine --shard-size`) */
  shardBytes: number;
  /** the tokenizer the workers load (HUNT_MINE_MODEL, as `--model`); unset: the workers' default */
  model?: string;
}

/** /mine's settings and the queue its runs go to. */
export interface MineCommandConfig extends MineAccess {
  queue: QueueConfig;
  /** progress edits at most this often (default commands/mine.ts's MINE_PROGRESS_EVERY_MS) */
  progressEveryMs?: number;
}

export const NO_MINE: MineAccess = { corpora: [], roles: [], channels: [], shardBytes: DEFAULT_SHARD_BYTES };

const CORPUS_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

const ids = (name: string, value: string | undefined): string[] => {
  const list = (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const bad = list.find((v) => !/^\d{17,20}$/.test(v));
  if (bad !== undefined) throw new InputError('bad_option', `${name}: "${bad.slice(0, 40)}" is not a Discord id (17 to 20 digits)`);
  return list;
};

/**
 * The /mine settings from the environment; a bad entry fails at start-up with one line naming it.
 *
 * @example resolveMineAccess({ HUNT_MINE_CORPORA: 'owt=/data/owt', HUNT_MINE_CHANNELS: '1300000000000000002' })
 * // { corpora: [{ name: 'owt', path: '/data/owt' }], roles: [], channels: ['1300000000000000002'], shardBytes: 33554432 }
 */
export function resolveMineAccess(env: NodeJS.ProcessEnv): MineAccess {
  const corpora = (env.HUNT_MINE_CORPORA ?? '')
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      const name = (at === -1 ? entry : entry.slice(0, at)).trim();
      const path = at === -1 ? '' : entry.slice(at + 1).trim();
      if (!CORPUS_NAME.test(name)) throw new InputError('bad_option', `HUNT_MINE_CORPORA: "${entry.slice(0, 80)}" does not start with a corpus name (lower-case letters, digits, hyphens)`);
      if (!path) throw new InputError('bad_option', `HUNT_MINE_CORPORA: "${name}" has no path (write ${name}=/path/to/corpus)`);
      return { name, path };
    });
  if (new Set(corpora.map((c) => c.name)).size !== corpora.length) throw new InputError('bad_option', 'HUNT_MINE_CORPORA names a corpus twice');
  if (corpora.length > OPTION_CHOICES_MAX) throw new InputError('bad_option', `HUNT_MINE_CORPORA names ${corpora.length} corpora; Discord offers at most ${OPTION_CHOICES_MAX} choices`);
  let shardBytes = DEFAULT_SHARD_BYTES;
  if (env.HUNT_MINE_SHARD_SIZE?.trim()) {
    try {
      shardBytes = parseByteSize(env.HUNT_MINE_SHARD_SIZE);
    } catch (err) {
      throw new InputError('bad_option', `HUNT_MINE_SHARD_SIZE: ${(err as Error).message}`);
    }
  }
  const model = env.HUNT_MINE_MODEL?.trim() || undefined;
  return { corpora, roles: ids('HUNT_MINE_ROLES', env.HUNT_MINE_ROLES), channels: ids('HUNT_MINE_CHANNELS', env.HUNT_MINE_CHANNELS), shardBytes, ...(model ? { model } : {}) };
}

/** Who is asking, and where. */
export interface MineAsker {
  guildId: string | null;
  channelId: string | null;
  /** the member's role ids in this server (none outside a server) */
  roles: readonly string[];
}

/**
 * Why this user may not start a run here (one line naming who can, and where), or undefined
 * when they may. Every setting given must hold: a role in an allowed channel.
 *
 * @example mineRefusal({ ...NO_MINE, channels: ['1300000000000000002'] }, { guildId: '1', channelId: '9', roles: [] })
 * // '/mine runs only in <#1300000000000000002>: start it there'
 */
export function mineRefusal(access: Pick<MineAccess, 'roles' | 'channels'>, asker: MineAsker): string | undefined {
  const { roles, channels } = access;
  if (roles.length === 0 && channels.length === 0) {
    return '/mine is off on this bot: a run scans a whole corpus, so an admin first names who may start one (HUNT_MINE_ROLES or HUNT_MINE_CHANNELS)';
  }
  if (channels.length > 0 && (asker.channelId === null || !channels.includes(asker.channelId))) {
    return `/mine runs only in ${channels.map((c) => `<#${c}>`).join(', ')}: start it there`;
  }
  // @everyone's role id is the server's id; Discord does not list it among a member's roles
  const everyone = asker.guildId !== null && roles.includes(asker.guildId);
  if (roles.length > 0 && !everyone && !asker.roles.some((r) => roles.includes(r))) {
    return `Only members with ${roles.map((r) => `<@&${r}>`).join(' or ')} may start /mine: ask one of them, or a moderator for the role`;
  }
  return undefined;
}
