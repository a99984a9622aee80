import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InputError } from '../common/errors.ts';
import { resolveModelSource, type ModelSourceOptions } from '../models/model-source.ts';
import { parseCorpusSpec } from './corpus-format.ts';
import type { CorpusReadOptions } from './corpus-types.ts';
import { loadCorpusTokenizer } from './load-tokenizer.ts';
import { loadTask, type TaskSource } from './load-task.ts';
import { openCorpus } from './open-corpus.ts';
import { ScanPool, type OverBudgetDoc, type PoolResult } from './scan-pool.ts';
import type { MinedInstance, ScanDoc, TokenCountMode } from './scan-protocol.ts';
import { planTaskRegex, type RegexEngine, type RegexEngineChoice } from './task-regex.ts';
import { MineTally, type MineFigures } from './mine-tally.ts';

/**
 * UTF-8 bytes per GPT-2 token on English web text, for `--tokens bytes`: OpenWebText is
 * about 40 GB of text (its authors: "38GB", 8,013,769 documents) and about 9.04 B GPT-2
 * tokens (nanoGPT's data/openwebtext/prepare.py: train 9,035,582,198 tokens), ≈ 4.4.
 */
export const BYTES_PER_TOKEN = 4.4;
/** `sample` mode tokenizes the first million characters of documents, then every 64th document. */
const SAMPLE_HEAD_CHARS = 1_000_000;
const SAMPLE_EVERY = 64;
/** A batch of documents sent to a worker: big enough that messaging is cheap, small enough to keep memory flat. */
const BATCH_CHARS = 512 * 1024;
const BATCH_DOCS = 4096;
/** matches judged per document by default: a page that repeats a pattern a thousand times is one source, not a thousand */
export const DEFAULT_MAX_PER_DOC = 3;
/** over-budget documents listed by name in the report (all are counted) */
const OVER_BUDGET_LISTED = 20;

export interface MineOptions {
  task: TaskSource;
  /** a file, a folder or a hub dataset id (see openCorpus) */
  corpus: string;
  read?: CorpusReadOptions;
  /** stop after this many documents */
  limitDocs?: number;
  /** scan worker threads (default: one per core, os.availableParallelism()) */
  workers?: number;
  /** how tokens are counted (default `sample`) */
  tokens?: TokenCountMode;
  /** where the GPT-2 tokenizer comes from (same rules as the engine's model) */
  model?: ModelSourceOptions;
  /** write instances as JSONL here */
  out?: string;
  /** matches shown as examples (default 5) */
  examples?: number;
  regexEngine?: RegexEngineChoice;
  /** per-document time budget of a JS-engine regex, in ms (default 1000) */
  regexBudgetMs?: number;
  /** matches judged per document, chosen at random; 0: all (default DEFAULT_MAX_PER_DOC) */
  maxPerDoc?: number;
  /** write a seeded random sample of this many instances to `out` instead of all of them */
  sample?: number;
  /** seed of the per-document choice and of the sample (default 0) */
  seed?: number;
  /** characters of text per batch sent to a worker (default 512 Ki; tests make it small to get many batches) */
  batchChars?: number;
  onProgress?(progress: MineProgress): void;
}

export interface MineProgress {
  docs: number;
  bytes: number;
  matches: number;
  /** bytes read from disk so far, and in all when known: a percentage for progress bars */
  bytesRead: number;
  totalBytes?: number;
  seconds: number;
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
  workers: number;
  /** wall time in all, and of the scan alone (after the workers have loaded task and tokenizer) */
  seconds: number;
  scan_seconds: number;
  /** end-to-end throughput: UTF-8 megabytes (10^6) per second of wall time, start-up and writing included */
  mb_per_s: number;
  /** the scan alone: megabytes per second of scan_seconds */
  scan_mb_per_s: number;
}

/** The `--out` file, open for writing; a path that cannot be written is the user's to fix. */
async function openOut(file: string): Promise<WriteStream> {
  const out = createWriteStream(file);
  try {
    await once(out, 'open');
  } catch (err) {
    throw new InputError('bad_option', `cannot write --out ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return out;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function checkOptions(options: MineOptions): void {
  const whole = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new InputError('bad_option', `${name} must be a whole number ≥ ${min} (got ${value})`);
    }
  };
  whole('limit-docs', options.limitDocs, 1);
  whole('workers', options.workers, 1);
  whole('examples', options.examples, 0);
  whole('regex-budget', options.regexBudgetMs, 1);
  whole('batchChars', options.batchChars, 1);
  whole('max-per-doc', options.maxPerDoc, 0);
  whole('sample', options.sample, 1);
  whole('seed', options.seed, 0);
  if (options.sample !== undefined && options.out === undefined) throw new InputError('bad_option', '--sample picks the instances written to --out: give --out too');
  if (options.tokens !== undefined && !['exact', 'sample', 'bytes'].includes(options.tokens)) {
    throw new InputError('bad_option', `tokens must be exact, sample or bytes (got "${options.tokens}")`);
  }
}

/**
 * Run a task's regex over a corpus and measure the behaviour in the wild: how often it
 * occurs, how often the heuristic has an answer, how often that answer is what the text
 * really says. Documents stream from the reader into worker threads in batches, at most
 * two per worker not yet merged, so memory stays flat whatever the corpus size; results are
 * merged in corpus order, so examples and `--out` are the same on every run.
 *
 * @example await mineCorpus({ task: { kind: 'resolve', spec: 'acronym' }, corpus: 'owt.jsonl.gz', tokens: 'bytes' })
 * // { docs: 10000, tokens: 11950023, matches: 212, per_million_tokens: 17.74, coverage: 0.83, … }
 */
export async function mineCorpus(options: MineOptions): Promise<MineReport> {
  checkOptions(options);
  parseCorpusSpec(options.corpus); // a corpus that cannot be read fails before anything loads
  const started = performance.now();
  const task = await loadTask(options.task);
  if (!task.regex) {
    throw new InputError('bad_task', `task "${task.id}" has no regex, so it cannot be mined: give it one with a named group "answer" (the prompt is the text before it)`);
  }
  const plan = planTaskRegex(task.regex, options.regexEngine ?? 'auto', `task "${task.id}"`);
  const tokenMode = options.tokens ?? 'sample';
  const needTokenizer = tokenMode !== 'bytes' || options.out !== undefined;
  const maxPerDoc = options.maxPerDoc ?? DEFAULT_MAX_PER_DOC;
  const seed = options.seed ?? 0;
  const modelSource = needTokenizer ? resolveModelSource(options.model ?? {}) : null;
  // Loaded here first: fails fast with one clear message, and fills the hub cache before the workers read it.
  const tokenizer = modelSource ? await loadCorpusTokenizer(modelSource) : null;
  const reader = await openCorpus(options.corpus, options.read);
  const workers = options.workers ?? availableParallelism();
  // RE2 is linear in the text but not fast on every pattern: both engines run under the budget.
  const budgetMs = options.regexBudgetMs ?? 1000;
  const maxExamples = options.examples ?? 5;

  const totals = { docs: 0, bytes: 0, tokenizedDocs: 0, tokenizedBytes: 0, tokenizedTokens: 0, instances: 0 };
  const overBudget: OverBudgetDoc[] = [];
  let overBudgetDocs = 0;
  let out: WriteStream | undefined;
  const tally = new MineTally({
    censusLabels: (task.census ?? []).map((c) => c.label),
    examples: maxExamples,
    sample: options.sample,
    seed,
    emit: (instances: MinedInstance[]) => {
      totals.instances += instances.length;
      out?.write(instances.map((i) => JSON.stringify(i)).join('\n') + '\n');
    },
  });

  const pool = await ScanPool.start({
    workers,
    budgetMs,
    init: { task: options.task, regex: plan, tokenizer: modelSource, writeInstances: options.out !== undefined, maxPerDoc, seed },
  });
  const scanStarted = performance.now();

  // Results arrive in any order; they are merged in batch order so the output is deterministic.
  const finished = new Map<number, PoolResult>();
  let nextToMerge = 0;
  let failure: unknown;
  const mergeWaiters: (() => void)[] = [];
  const wakeReader = () => mergeWaiters.splice(0).forEach((wake) => wake());
  const merge = () => {
    for (let done = finished.get(nextToMerge); done; done = finished.get(nextToMerge)) {
      finished.delete(nextToMerge++);
      const r = done.result;
      totals.docs += r.docs;
      totals.bytes += r.bytes;
      totals.tokenizedDocs += r.tokenizedDocs;
      totals.tokenizedBytes += r.tokenizedBytes;
      totals.tokenizedTokens += r.tokenizedTokens;
      tally.add(r);
      overBudgetDocs += done.overBudget.length;
      overBudget.push(...done.overBudget.slice(0, OVER_BUDGET_LISTED - overBudget.length));
      options.onProgress?.({
        docs: totals.docs, bytes: totals.bytes, matches: tally.figures().matches,
        bytesRead: reader.bytesRead(), totalBytes: reader.totalBytes, seconds: (performance.now() - started) / 1000,
      });
    }
  };
  let batchNumber = 0;
  const all: Promise<void>[] = [];
  const submit = (docs: ScanDoc[]) => {
    const number = batchNumber++;
    all.push(
      pool.run(docs).then(
        (result) => {
          finished.set(number, result);
          merge();
          wakeReader();
        },
        (err) => {
          failure ??= err;
          wakeReader();
        },
      ),
    );
  };

  try {
    if (options.out) out = await openOut(options.out);
    const batchLimit = options.batchChars ?? BATCH_CHARS;
    let batch: ScanDoc[] = [];
    let batchChars = 0;
    let read = 0;
    let sampledChars = 0;
    for await (const doc of reader.documents()) {
      const tokenize = tokenMode === 'exact' || (tokenMode === 'sample' && (sampledChars < SAMPLE_HEAD_CHARS || read % SAMPLE_EVERY === 0));
      if (tokenize) sampledChars += doc.text.length;
      batch.push({ id: doc.id, text: doc.text, tokenize });
      batchChars += doc.text.length;
      read++;
      if (batchChars >= batchLimit || batch.length >= BATCH_DOCS) {
        submit(batch);
        batch = [];
        batchChars = 0;
        // Backpressure on batches not yet merged (running, queued, or done out of order): it
        // bounds both the text in flight and the results held back for corpus order.
        while (!failure && batchNumber - nextToMerge >= 2 * workers) await new Promise<void>((wake) => mergeWaiters.push(wake));
        // writableNeedDrain, not a flag of our own: the drain may already have happened
        if (out?.writableNeedDrain) await once(out, 'drain');
      }
      if (failure) break;
      if (options.limitDocs !== undefined && read >= options.limitDocs) break;
    }
    if (batch.length > 0 && !failure) submit(batch);
    await Promise.all(all);
    if (failure) throw failure;
    if (out && options.sample !== undefined) {
      const sampled = tally.sampled();
      totals.instances = sampled.length;
      if (sampled.length > 0) out.write(sampled.map((i) => JSON.stringify(i)).join('\n') + '\n');
    }
  } finally {
    await pool.close();
    if (out && !out.destroyed) {
      out.end();
      await once(out, 'close');
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  let tokens: number;
  let tokensMethod: MineReport['tokens_method'];
  let tokensNote: string;
  if (tokenMode === 'bytes') {
    tokens = Math.round(totals.bytes / BYTES_PER_TOKEN);
    tokensMethod = 'bytes';
    tokensNote = `approximate: UTF-8 bytes ÷ ${BYTES_PER_TOKEN} (GPT-2 on OpenWebText)`;
  } else if (totals.tokenizedDocs === totals.docs) {
    tokens = totals.tokenizedTokens;
    tokensMethod = 'exact';
    tokensNote = `exact: every document tokenized with ${tokenizer!.modelId}'s tokenizer`;
  } else {
    const perByte = totals.tokenizedTokens / Math.max(1, totals.tokenizedBytes);
    tokens = Math.round(totals.bytes * perByte);
    tokensMethod = 'sampled';
    tokensNote = `estimated: ${totals.tokenizedDocs} of ${totals.docs} documents (${((100 * totals.tokenizedBytes) / Math.max(1, totals.bytes)).toFixed(1)}% of bytes) tokenized exactly, ${(1 / perByte).toFixed(2)} bytes/token`;
  }
  const figures = tally.figures();
  return {
    task: task.id,
    corpus: reader.description,
    engine: plan.engine,
    ...(plan.note ? { engine_note: plan.note } : {}),
    docs: totals.docs,
    bytes: totals.bytes,
    tokens,
    tokens_method: tokensMethod,
    tokens_note: tokensNote,
    ...figures,
    per_million_tokens: tokens > 0 ? (figures.matches * 1e6) / tokens : null,
    coverage: ratio(figures.answered, figures.judged),
    agreed: figures.agreement.k,
    heuristic_matches_text: figures.agreement.value,
    max_per_doc: maxPerDoc,
    token_aligned: tokenizer !== null,
    regex_budget_ms: budgetMs,
    over_budget_docs: overBudgetDocs,
    over_budget: overBudget,
    ...(options.out
      ? { out: { path: options.out, instances: totals.instances, context_length: tokenizer!.contextLength, ...(options.sample !== undefined ? { sampled_from: figures.instances_total } : {}) } }
      : {}),
    workers,
    seconds,
    scan_seconds: scanSeconds,
    mb_per_s: totals.bytes / 1e6 / Math.max(seconds, 1e-9),
    scan_mb_per_s: totals.bytes / 1e6 / Math.max(scanSeconds, 1e-9),
  };
}
