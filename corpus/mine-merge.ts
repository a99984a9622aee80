import type { MinedInstance } from './scan-protocol.ts';
import type { PoolResult, OverBudgetDoc } from './scan-pool.ts';
import { MineTally } from './mine-tally.ts';

/** Over-budget documents listed by name in the report (all are counted). */
export const OVER_BUDGET_LISTED = 20;

/** The corpus-wide counts a report needs besides the tally. */
export interface MineTotals {
  docs: number;
  bytes: number;
  tokenizedDocs: number;
  tokenizedBytes: number;
  tokenizedTokens: number;
  overBudgetDocs: number;
  overBudget: OverBudgetDoc[];
}

export interface MineMergeOptions {
  censusLabels: string[];
  examples: number;
  sample?: number;
  seed: number;
  /** instances as they are merged, in corpus order (not called with `sample`: see MineMerge.sampled) */
  emit?: (instances: MinedInstance[]) => void;
}

/**
 * The one place scan results become a corpus's figures: `hunt mine` adds each batch's result
 * here in corpus order, and the queue's merge job adds each shard's (one concatenated result
 * per shard, see concatResults) in shard order — the same records in the same order, so the
 * same dedupe, samples, examples, reservoir and instances.
 */
export class MineMerge {
  readonly totals: MineTotals = { docs: 0, bytes: 0, tokenizedDocs: 0, tokenizedBytes: 0, tokenizedTokens: 0, overBudgetDocs: 0, overBudget: [] };
  readonly tally: MineTally;

  constructor(options: MineMergeOptions) {
    this.tally = new MineTally(options);
  }

  add({ result, overBudget }: PoolResult): void {
    const t = this.totals;
    t.docs += result.docs;
    t.bytes += result.bytes;
    t.tokenizedDocs += result.tokenizedDocs;
    t.tokenizedBytes += result.tokenizedBytes;
    t.tokenizedTokens += result.tokenizedTokens;
    this.tally.add(result);
    t.overBudgetDocs += overBudget.length;
    t.overBudget.push(...overBudget.slice(0, OVER_BUDGET_LISTED - t.overBudget.length));
  }
}

/**
 * Batch results of consecutive documents as one result (a shard's output): counts added,
 * records kept in order. Merging the concatenation equals merging the parts one by one.
 */
export function concatResults(parts: PoolResult[]): PoolResult {
  const out: PoolResult = {
    result: { docs: 0, bytes: 0, tokenizedDocs: 0, tokenizedBytes: 0, tokenizedTokens: 0, matches: 0, capped: 0, census: [], records: [] },
    overBudget: [],
  };
  for (const { result: r, overBudget } of parts) {
    const o = out.result;
    o.docs += r.docs;
    o.bytes += r.bytes;
    o.tokenizedDocs += r.tokenizedDocs;
    o.tokenizedBytes += r.tokenizedBytes;
    o.tokenizedTokens += r.tokenizedTokens;
    o.matches += r.matches;
    o.capped += r.capped;
    r.census.forEach((n, i) => (o.census[i] = (o.census[i] ?? 0) + n));
    for (const record of r.records) o.records.push(record);
    out.overBudget.push(...overBudget);
  }
  return out;
}
