import type { Proportion } from '../corpus/proportion-interval.ts';
import type { Feature } from './context-features.ts';

/**
 * What `hunt discover` reports (`--json` prints it as is; snake_case keys are the stable
 * contract): the scan's counts, the win rate per feature and per token class, and the
 * candidate behaviours that clear the bar.
 */

/** The thresholds a position must pass to count as an in-context win; defaults in DISCOVER_DEFAULTS. */
export interface WinRule {
  /** the model gives the actual next token at least this probability */
  min_prob: number;
  /** and at least this many nats more log-prob than each baseline (1.6 ≈ five times as likely) */
  margin: number;
  /** the short-context baseline: the model itself, given only this many tokens before the position */
  short_context: number;
}

/** One in-context win, as shown: the prompt's end, the token, what each predictor gave it. */
export interface WinExample {
  doc: string;
  /** the last tokens of the context, decoded */
  prompt_tail: string;
  actual: string;
  p_model: number;
  p_ngram: number;
  p_short: number;
  features: Feature[];
}

/** Wins among positions of one kind: k of n, with the 95% Wilson interval. */
export interface WinRate {
  kind: string;
  positions: number;
  wins: number;
  rate: Proportion;
}

/** A feature's win rate, and for a refinement whether it wins more often than its parent alone. */
export interface FeatureRate extends WinRate {
  kind: Feature;
  /** the feature it refines (induction refines "seen before"), when it does */
  refines?: Feature;
  /** the parent's positions without this feature: the comparison a refinement must beat */
  parent_alone?: Proportion;
  /** one-sided Fisher exact test: wins more often than the parent alone */
  p_value?: number;
  /** kept in candidates' signatures: not a refinement, or a refinement with p < 0.01 */
  credited: boolean;
}

export interface Candidate {
  /** stable within a run: name and shape, e.g. "induction-word-word"; what --emit-task takes */
  id: string;
  /** suggested from the most specific credited feature */
  name: string;
  /** the credited features every win of the group has (empty: nothing known explains it) */
  signature: Feature[];
  /** class of the token before → class of the predicted token */
  shape: string;
  wins: number;
  /** all positions (wins or not) with the same signature and shape */
  positions: number;
  rate: Proportion;
  per_mb: number;
  /** one-sided Fisher exact test against the positions no feature explains (null for the unexplained group itself) */
  p_vs_unexplained: number | null;
  /** p_vs_unexplained Holm-adjusted across every group tested in the scan: what the bar compares with 0.01 */
  p_adjusted: number | null;
  heuristic: string;
  /** a regex with a named group "answer" for `hunt mine`, where a known feature gives one */
  regex: string | null;
  examples: WinExample[];
}

export interface DiscoverReport {
  model: string;
  corpus: string;
  /** which shards were merged ("0, 1, 2 of 4"), when the scan was sharded */
  shards?: string;
  docs: number;
  bytes: number;
  tokens: number;
  /** positions scored: every token of every window but the first */
  positions: number;
  window: number;
  rule: WinRule;
  /** where the n-gram baseline's counts come from */
  ngram: string;
  min_wins: number;
  wins: number;
  win_rate: Proportion;
  features: FeatureRate[];
  by_class: WinRate[];
  candidates: Candidate[];
  /** groups with wins that did not clear the bar (too few wins, or no more than unexplained positions) */
  below_bar: number;
  seconds: number;
  /** time inside the model (full windows and short contexts) */
  seconds_model: number;
  positions_per_s: number;
  tokens_per_s: number;
  mb_per_s: number;
}

/** A prompt and the token that followed it: what --emit-task turns into a task's pairs. */
export interface WinInstance {
  prompt: string;
  answer: string;
}
