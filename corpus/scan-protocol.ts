import type { WireError } from '../common/errors.ts';
import type { ModelSource } from '../models/model-source.ts';
import type { TaskSource } from './load-task.ts';
import type { TaskRegexPlan } from './task-regex.ts';

/**
 * The messages between the miner (main thread) and its scan workers. Plain,
 * structured-cloneable data only.
 */

/** How `tokens` is counted: every document with GPT-2's tokenizer, a sample of them, or from UTF-8 bytes. */
export type TokenCountMode = 'exact' | 'sample' | 'bytes';

export interface ScanDoc {
  id: string;
  text: string;
  /** count this document's GPT-2 tokens exactly (every one in `exact` mode, a sample in `sample` mode) */
  tokenize: boolean;
}

/** A match shown to people: the text around the answer point, and what the heuristic said. */
export interface MineExample {
  doc: string;
  /** character offset of the answer point in the document */
  offset: number;
  /** up to EXAMPLE_BEFORE characters before the answer point */
  before: string;
  /** what the document really says next: the `answer` group's text */
  actual: string;
  /** up to EXAMPLE_AFTER characters after the answer */
  after: string;
  /** the heuristic's answers, or null when it declined */
  expected: string[] | null;
  /** whether `actual` is one of `expected`; null when the heuristic declined */
  agrees: boolean | null;
  /** a real instance of the behaviour (the heuristic answers and the task's precondition holds) */
  instance: boolean;
}

/** One line of `--out`: an instance for `hunt eval --instances`. */
export interface MinedInstance {
  task: string;
  /** the document up to the answer point, cut on the left to fit the model's context */
  prompt: string;
  expected: string[];
  distractors?: string[];
  actual: string;
  doc: string;
  /** character offset of the answer point in the document (the prompt ends there) */
  offset: number;
}

/** A judged match as the worker hands it to the miner, which dedupes and tallies in corpus order. */
export interface MatchRecord {
  /** a hash of the prompt window and the answer: identical prompts are counted once */
  key: number;
  kind: 'agree' | 'disagree' | 'declined';
  instance: boolean;
  lenient: boolean | null;
  example: MineExample;
  /** the instance for `--out` (real instances only) */
  mined?: MinedInstance;
}

export interface BatchResult {
  docs: number;
  /** UTF-8 bytes of the documents scanned */
  bytes: number;
  tokenizedDocs: number;
  tokenizedBytes: number;
  tokenizedTokens: number;
  /** every regex match */
  matches: number;
  /** matches left unjudged by the per-document cap */
  capped: number;
  /** counts of the task's census patterns, in the task's order */
  census: number[];
  /** the judged matches (at most maxPerDoc per document) */
  records: MatchRecord[];
}

export interface ScanWorkerInit {
  task: TaskSource;
  regex: TaskRegexPlan;
  /** null when no tokenizer is needed (`--tokens bytes`, no `--out`) */
  tokenizer: ModelSource | null;
  writeInstances: boolean;
  /** matches judged per document, chosen at random (seeded by the document id); 0: all */
  maxPerDoc: number;
  seed: number;
  /**
   * Int32 × 2 shared with the main thread: [0] a counter that is odd while a regex scans
   * a document, [1] that document's index in the batch. The main thread's watchdog reads it
   * to stop a worker whose regex has run over its budget, even while it is stuck.
   */
  heartbeat: SharedArrayBuffer;
}

export type ToScanWorker = { type: 'batch'; batch: number; docs: ScanDoc[] };

export type FromScanWorker =
  | { type: 'ready' }
  | { type: 'result'; batch: number; result: BatchResult }
  | ({ type: 'error' } & WireError);

export function emptyBatchResult(): BatchResult {
  return { docs: 0, bytes: 0, tokenizedDocs: 0, tokenizedBytes: 0, tokenizedTokens: 0, matches: 0, capped: 0, census: [], records: [] };
}
