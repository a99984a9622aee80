import type { MineMerge, MineTotals } from './mine-merge.ts';
import type { MineSetup } from './mine-setup.ts';
import type { MineFigures } from './mine-tally.ts';
import type { OverBudgetDoc } from './scan-pool.ts';
import type { TokenCountMode } from './scan-protocol.ts';
import type { RegexEngine } from './task-regex.ts';

/**
 * UTF-8 bytes per GPT-2 token on English web text, for `--tokens bytes`: OpenWebText is
 * about 40 GB of text (its authors: "38GB", 8,013,769 documents) and about 9.04 B GPT-2
 * tokens (nanoGPT's data/openwebtext/prepare.py: train 9,035,582,198 tokens), ≈ 4.4.
 */
export const BYTES_PER_TOKEN = 4.4;

/** A shard of a queued mine job that could not be scanned: its files are not in the figures. */
export interface FailedShard {
  shard: number;
  files: string[];
  error: string;
}

/** The result of `hunt mine`; `--json` prints exactly this. */
export interface MineReport extends MineFigures {
  task: string;
  corpus: string;
  engine: RegexEngine;
  engine_note?: string;
  /** documents scanned (documents over the regex budget are not counted here but in over_budget_docs) */
  docs: number;
  /** UTF-8 bytes scanned */
  bytes: number;
  /** GPT-2 tokens scanned: exact, estimated from a sample, or approximated from bytes (tokens_method) */
  tokens: number;
  tokens_method: 'exact' | 'sampled' | 'bytes';
  tokens_note: string;
  per_million_tokens: number | null;
  /** answered / judged */
  coverage: number | null;
  /** answered matches where the document's next text is one of the heuristic's answers */
  agreed: number;
  /** agreed / answered (agreement.value) */
  heuristic_matches_text: number | null;
  max_per_doc: number;
  /** answer points moved to GPT-2 token boundaries, and first tokens compared with GPT-2's tokenizer (else with its pre-tokenizer) */
  token_aligned: boolean;
  regex_budget_ms: number | null;
  over_budget_docs: number;
  over_budget: OverBudgetDoc[];
  out?: { path: string; instances: number; context_length: number; sampled_from?: number };
  /** a queued mine job only: how many shards, and those that failed (reported, not counted) */
  shards?: { total: number; failed: FailedShard[] };
  workers: number;
  /** wall time in all, and of the scan alone (after the workers have loaded task and tokenizer) */
  seconds: number;
  scan_seconds: number;
  /** end-to-end throughput: UTF-8 megabytes (10^6) per second of wall time, start-up and writing included */
  mb_per_s: number;
  /** the scan alone: megabytes per second of scan_seconds */
  scan_mb_per_s: number;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * The corpus's GPT-2 token count: from bytes, exact when every document was tokenized, else
 * estimated from the tokenized ones' tokens per byte.
 *
 * @example countTokens({ docs: 2, bytes: 880, tokenizedDocs: 0, … }, 'bytes', null) // { tokens: 200, method: 'bytes', note: 'approximate: …' }
 */
export function countTokens(totals: Pick<MineTotals, 'docs' | 'bytes' | 'tokenizedDocs' | 'tokenizedBytes' | 'tokenizedTokens'>, mode: TokenCountMode, tokenizerId: string | null): { tokens: number; method: MineReport['tokens_method']; note: string } {
  if (mode === 'bytes') {
    return { tokens: Math.round(totals.bytes / BYTES_PER_TOKEN), method: 'bytes', note: `approximate: UTF-8 bytes ÷ ${BYTES_PER_TOKEN} (GPT-2 on OpenWebText)` };
  }
  if (totals.tokenizedDocs === totals.docs) {
    return { tokens: totals.tokenizedTokens, method: 'exact', note: `exact: every document tokenized with ${tokenizerId}'s tokenizer` };
  }
  const perByte = totals.tokenizedTokens / Math.max(1, totals.tokenizedBytes);
  return {
    tokens: Math.round(totals.bytes * perByte),
    method: 'sampled',
    note: `estimated: ${totals.tokenizedDocs} of ${totals.docs} documents (${((100 * totals.tokenizedBytes) / Math.max(1, totals.bytes)).toFixed(1)}% of bytes) tokenized exactly, ${(1 / perByte).toFixed(2)} bytes/token`,
  };
}

export interface ReportInputs {
  task: string;
  corpus: string;
  plan: { engine: RegexEngine; note?: string };
  totals: MineTotals;
  figures: MineFigures;
  tokenMode: TokenCountMode;
  /** the tokenizer's model id and context, when one was loaded */
  tokenizer: { modelId: string; contextLength: number } | null;
  maxPerDoc: number;
  budgetMs: number;
  out?: { path: string; instances: number; sampled: boolean };
  shards?: MineReport['shards'];
  workers: number;
  seconds: number;
  scanSeconds: number;
}

/** The report from the merged figures: pure, shared by `hunt mine` and the queue's merge job. */
export function buildMineReport(i: ReportInputs): MineReport {
  const { tokens, method, note } = countTokens(i.totals, i.tokenMode, i.tokenizer?.modelId ?? null);
  const figures = i.figures;
  return {
    task: i.task,
    corpus: i.corpus,
    engine: i.plan.engine,
    ...(i.plan.note ? { engine_note: i.plan.note } : {}),
    docs: i.totals.docs,
    bytes: i.totals.bytes,
    tokens,
    tokens_method: method,
    tokens_note: note,
    ...figures,
    per_million_tokens: tokens > 0 ? (figures.matches * 1e6) / tokens : null,
    coverage: ratio(figures.answered, figures.judged),
    agreed: figures.agreement.k,
    heuristic_matches_text: figures.agreement.value,
    max_per_doc: i.maxPerDoc,
    token_aligned: i.tokenizer !== null,
    regex_budget_ms: i.budgetMs,
    over_budget_docs: i.totals.overBudgetDocs,
    over_budget: i.totals.overBudget,
    ...(i.out
      ? { out: { path: i.out.path, instances: i.out.instances, context_length: i.tokenizer!.contextLength, ...(i.out.sampled ? { sampled_from: figures.instances_total } : {}) } }
      : {}),
    ...(i.shards ? { shards: i.shards } : {}),
    workers: i.workers,
    seconds: i.seconds,
    scan_seconds: i.scanSeconds,
    mb_per_s: i.totals.bytes / 1e6 / Math.max(i.seconds, 1e-9),
    scan_mb_per_s: i.totals.bytes / 1e6 / Math.max(i.scanSeconds, 1e-9),
  };
}

/** What a run adds to its setup and merged figures: where it read, what it wrote, who scanned and how long it took. */
export type RunInputs = Pick<ReportInputs, 'corpus' | 'out' | 'shards' | 'workers' | 'seconds' | 'scanSeconds'>;

/**
 * The report of a run from its setup and merge: the one way `hunt mine` (corpus/mine-corpus.ts)
 * and the queue's merge job (worker/mine-worker.ts) fill buildMineReport, so both report alike.
 */
export function mineRunReport(setup: Pick<MineSetup, 'task' | 'plan' | 'tokenMode' | 'tokenizer' | 'maxPerDoc' | 'budgetMs'>, merge: Pick<MineMerge, 'totals' | 'tally'>, run: RunInputs): MineReport {
  return buildMineReport({
    task: setup.task.id,
    plan: setup.plan,
    totals: merge.totals,
    figures: merge.tally.figures(),
    tokenMode: setup.tokenMode,
    tokenizer: setup.tokenizer,
    maxPerDoc: setup.maxPerDoc,
    budgetMs: setup.budgetMs,
    ...run,
  });
}
