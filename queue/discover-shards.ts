import { DISCOVER_MERGE_DEFAULTS, mergePartials, type DiscoverResult } from '../discover/merge-partials.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import type { JobInput } from './job-schemas.ts';

/** A discover scan as a front end asks for it: everything a shard job says but which shard it is. */
export type DiscoverScanInput = Omit<JobInput<'discover'>, 'shard'>;

/**
 * One `discover` job input per shard of a scan: the same corpus and rule, shard i of n. Every
 * front end (`hunt enqueue discover`, the bot's `/discover`) cuts a scan this way, so the
 * same request gives the same job ids (and shares their results) whoever asked.
 *
 * @example discoverShardInputs({ corpus: 'owt', n_docs: 200 }, 2)
 * // [{ corpus: 'owt', n_docs: 200, shard: { index: 0, count: 2 } }, { …, shard: { index: 1, count: 2 } }]
 */
export function discoverShardInputs(scan: DiscoverScanInput, shards: number): JobInput<'discover'>[] {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a whole number ≥ 1 (got ${shards})`);
  return Array.from({ length: shards }, (_, index) => ({ ...scan, shard: { index, count: shards } }));
}

/**
 * Every shard's partial result merged into the `hunt discover` report, with the merge's
 * defaults where the caller chose nothing (candidates need 5 wins, 10 examples each).
 */
export function mergeDiscoverShards(
  partials: readonly DiscoverPartial[],
  options: { minWins?: number; examples?: number; seed?: number } = {},
): DiscoverResult {
  return mergePartials(partials, {
    minWins: options.minWins ?? DISCOVER_MERGE_DEFAULTS.minWins,
    examples: options.examples ?? DISCOVER_MERGE_DEFAULTS.examples,
    instances: DISCOVER_MERGE_DEFAULTS.instances,
    seed: options.seed ?? 0,
  });
}
