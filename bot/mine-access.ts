import { InputError } from '../common/errors.ts';
import { DEFAULT_SHARD_BYTES, parseByteSize } from '../corpus/shard-plan.ts';
import type { QueueConfig } from '../queue/queue-config.ts';
import { commandRefusal, corpusList, discordIds, type CommandAccess, type CommandAsker } from './command-access.ts';

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

/**
 * The /mine settings from the environment; a bad entry fails at start-up with one line naming it.
 *
 * @example resolveMineAccess({ HUNT_MINE_CORPORA: 'owt=/data/owt', HUNT_MINE_CHANNELS: '1300000000000000002' })
 * // { corpora: [{ name: 'owt', path: '/data/owt' }], roles: [], channels: ['1300000000000000002'], shardBytes: 33554432 }
 */
export function resolveMineAccess(env: NodeJS.ProcessEnv): MineAccess {
  const corpora = corpusList('HUNT_MINE_CORPORA', env.HUNT_MINE_CORPORA, { pathRequired: true });
  let shardBytes = DEFAULT_SHARD_BYTES;
  if (env.HUNT_MINE_SHARD_SIZE?.trim()) {
    try {
      shardBytes = parseByteSize(env.HUNT_MINE_SHARD_SIZE);
    } catch (err) {
      throw new InputError('bad_option', `HUNT_MINE_SHARD_SIZE: ${(err as Error).message}`);
    }
  }
  const model = env.HUNT_MINE_MODEL?.trim() || undefined;
  return { corpora, roles: discordIds('HUNT_MINE_ROLES', env.HUNT_MINE_ROLES), channels: discordIds('HUNT_MINE_CHANNELS', env.HUNT_MINE_CHANNELS), shardBytes, ...(model ? { model } : {}) };
}

/**
 * Why this user may not start a run here (one line naming who can, and where), or undefined
 * when they may. Every setting given must hold: a role in an allowed channel.
 *
 * @example mineRefusal({ ...NO_MINE, channels: ['1300000000000000002'] }, { guildId: '1', channelId: '9', roles: [] })
 * // '/mine runs only in <#1300000000000000002>: start it there.'
 */
export function mineRefusal(access: CommandAccess, asker: CommandAsker): string | undefined {
  return commandRefusal(access, asker, { command: '/mine', heavy: 'a run scans a whole corpus', envPrefix: 'HUNT_MINE' });
}
