import { InputError } from '../common/errors.ts';
import { proportion } from '../corpus/proportion-interval.ts';
import { seededRng, type Rng } from '../common/random.ts';
import { candidateGroups, cellKey, classRates, creditedMask, featureRates, type PositionTally } from './candidate-groups.ts';
import type { DiscoverPartial, PartialCell } from './discover-partial.ts';
import type { Candidate, DiscoverReport, WinInstance } from './discover-report.ts';

export interface MergeOptions {
  minWins: number;
  examples: number;
  /** positions sampled per candidate for --emit-task */
  instances: number;
  seed: number;
}

/** The merge's settings when nobody chose them (a queued shard shown alone, `hunt enqueue discover`): hunt discover's defaults. */
export const DISCOVER_MERGE_DEFAULTS = {
  minWins: 5,
  examples: 10,
  /** wins (for examples) and positions (for --emit-task) kept per (features, shape) cell, seeded reservoir samples; positions drawn per candidate for --emit-task */
  instances: 100,
} as const;

export interface DiscoverResult {
  report: DiscoverReport;
  /** per candidate id: sampled positions (wins or not) as prompt and answer, for --emit-task */
  instances: Map<string, WinInstance[]>;
}

/** The fields every shard of one scan must share; a merge of different scans would mix their rules. */
const SAME = ['model', 'corpus', 'read', 'n_docs', 'window', 'ngram'] as const;

/**
 * Merge the shards of one scan into the report: tallies summed, features credited and
 * candidates grouped on the whole (candidate-groups.ts). Each candidate's examples are drawn
 * from its cells' kept wins in proportion to the cells' win counts, and its instances (the
 * pairs of an emitted task) from its cells' sampled positions, wins or not, in proportion to
 * the cells' position counts: uniform samples whatever the shards kept. Instances are not
 * wins only: a win is a position where this model was right, so a task of wins alone would
 * get its verdict on this model from the selection.
 *
 * @example mergePartials([await scanCorpus(engine, { corpus, shard: { index: 0, count: 2 } }), await scanCorpus(…index: 1…)], options)
 */
export function mergePartials(partials: readonly DiscoverPartial[], options: MergeOptions): DiscoverResult {
  if (partials.length === 0) throw new InputError('bad_option', 'nothing to merge: give the partial results of a scan');
  const first = partials[0];
  for (const p of partials) {
    for (const field of SAME) {
      if (p[field] !== first[field]) throw new InputError('bad_option', `the partial results come from different scans: ${field} "${p[field]}" vs "${first[field]}"`);
    }
    if (JSON.stringify(p.rule) !== JSON.stringify(first.rule) || p.shard.count !== first.shard.count) {
      throw new InputError('bad_option', 'the partial results come from different scans: their win rules or shard counts differ');
    }
  }
  const indices = partials.map((p) => p.shard.index);
  if (new Set(indices).size !== indices.length) throw new InputError('bad_option', `shard ${indices.find((i, k) => indices.indexOf(i) !== k)} is given twice`);

  const tally: PositionTally = { positions: new Map(), wins: new Map() };
  const cells = new Map<string, PartialCell[]>();
  for (const p of partials) {
    for (const c of p.cells) {
      const key = cellKey(c.mask, c.shape);
      tally.positions.set(key, (tally.positions.get(key) ?? 0) + c.positions);
      if (c.wins > 0) tally.wins.set(key, (tally.wins.get(key) ?? 0) + c.wins);
      cells.set(key, [...(cells.get(key) ?? []), c]);
    }
  }
  const sum = (field: 'docs' | 'bytes' | 'tokens' | 'positions' | 'wins' | 'seconds' | 'seconds_model') => partials.reduce((s, p) => s + p[field], 0);
  const megabytes = sum('bytes') / 1e6;
  const rates = featureRates(tally);
  const groups = candidateGroups(tally, rates, megabytes, options.minWins);

  const rng = seededRng(options.seed);
  const candidates: Candidate[] = [];
  const instances = new Map<string, WinInstance[]>();
  for (const g of groups.filter((c) => c.clears_bar)) {
    const members = [...cells.values()].flat().filter((c) => c.shape === g.shape && creditedMask(c.mask, rates) === g.mask);
    const examples = weightedSample(
      members.map((c) => ({ items: c.kept, total: c.wins })),
      options.examples,
      rng,
    );
    const sampled = weightedSample(
      members.map((c) => ({ items: c.sampled, total: c.positions })),
      options.instances,
      rng,
    );
    const { mask: _mask, clears_bar: _clears, ...rest } = g;
    candidates.push({ ...rest, examples: examples.map((w) => w.example) });
    instances.set(g.id, sampled.map((s) => s.instance));
  }

  // shards run side by side: the scan took as long as its slowest shard, and each shard's figures are its own
  const seconds = Math.max(...partials.map((p) => p.seconds));
  const wins = sum('wins');
  const positions = sum('positions');
  const report: DiscoverReport = {
    model: first.model,
    corpus: first.corpus,
    ...(first.shard.count > 1 ? { shards: `${[...indices].sort((a, b) => a - b).join(', ')} of ${first.shard.count}` } : {}),
    docs: sum('docs'),
    bytes: sum('bytes'),
    tokens: sum('tokens'),
    positions,
    window: first.window,
    rule: first.rule,
    ngram: first.ngram,
    min_wins: options.minWins,
    wins,
    win_rate: proportion(wins, positions),
    features: rates,
    by_class: classRates(tally),
    candidates,
    below_bar: groups.length - candidates.length,
    seconds,
    seconds_model: Math.max(...partials.map((p) => p.seconds_model)),
    positions_per_s: positions / seconds,
    tokens_per_s: sum('tokens') / seconds,
    mb_per_s: megabytes / seconds,
  };
  return { report, instances };
}

/**
 * k items from cells that each kept a uniform sample of their `total` items: each kept item
 * stands for total / kept of its cell (Efraimidis–Spirakis weighted sampling without
 * replacement), then back in corpus order.
 */
function weightedSample<T extends { doc_index: number; at: number }>(cells: readonly { items: readonly T[]; total: number }[], k: number, rng: Rng): T[] {
  const keyed = cells.flatMap((c) => c.items.map((w) => ({ w, key: rng() ** (c.items.length / c.total) })));
  return keyed
    .sort((a, b) => b.key - a.key)
    .slice(0, k)
    .map((x) => x.w)
    .sort((a, b) => a.doc_index - b.doc_index || a.at - b.at);
}
