import { openCorpus } from '../corpus/open-corpus.ts';
import type { CorpusReader, CorpusReadOptions } from '../corpus/corpus-types.ts';
import { InputError } from '../common/errors.ts';
import { seededRng } from '../common/random.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { cellKey } from './candidate-groups.ts';
import { ContextFeatures, featuresOf } from './context-features.ts';
import type { DiscoverPartial, KeptWin, PartialCell, SampledPosition } from './discover-partial.ts';
import type { WinRule } from './discover-report.ts';
import { DISCOVER_MERGE_DEFAULTS, mergePartials, type DiscoverResult } from './merge-partials.ts';
import { positionShape } from './token-class.ts';
import { TrigramCounts } from './trigram-counts.ts';

export type { DiscoverResult } from './merge-partials.ts';

export const DISCOVER_DEFAULTS = {
  nDocs: 1_000,
  /** tokens per window; the model's context by default */
  window: 1_024,
  minProb: 0.3,
  /** nats: the model must find the token e^1.6 ≈ 5 times as likely as each baseline does */
  margin: 1.6,
  shortContext: 4,
  ...DISCOVER_MERGE_DEFAULTS,
} as const;

/** most documents one scan reads: each is kept in memory with its own n-gram counts (and all of them count in MAX_COUNTED_TOKENS) */
export const DISCOVER_MAX_DOCS = 20_000;

/** tokens of context shown in an example */
const TAIL_TOKENS = 24;
/** tokens of context an emitted prompt keeps: enough to reach back to most cues, short enough to evaluate quickly */
const PROMPT_TOKENS = 256;
/** a task file's prompt limit is 4,000 characters (TASK_LIMITS.promptChars) */
const PROMPT_CHARS = 3_500;
/** windows gathered before one model call */
const BATCH_TOKENS = 4_096;

export interface DiscoverProgress {
  phase: 'count' | 'scan';
  docs: number;
  bytes: number;
  tokens: number;
  positions: number;
  wins: number;
  seconds: number;
  bytesRead: number;
  totalBytes?: number;
}

export interface DiscoverOptions {
  /** a corpus spec (path, folder, hub id), or a corpus already opened (the CLI opens it before loading the model, so a typo fails at once) */
  corpus: string | CorpusReader;
  /** how the corpus is (or was) opened: recorded in the partial, so shards read alike */
  read?: CorpusReadOptions;
  nDocs?: number;
  window?: number;
  minProb?: number;
  margin?: number;
  shortContext?: number;
  minWins?: number;
  examples?: number;
  instances?: number;
  seed?: number;
  /** scan only documents d with d % count === index (every shard still counts every document's n-grams); default the whole corpus */
  shard?: { index: number; count: number };
  /** tokens of a separate corpus for the n-gram baseline; default: the scanned corpus, leaving each document out of its own counts */
  baselineCorpus?: { ids: number[]; name: string };
  onProgress?: (p: DiscoverProgress) => void;
}

interface Doc {
  id: string;
  /** index in the corpus, counted over every shard */
  index: number;
  ids: number[];
  /** the document's own counts, subtracted when its positions are scored against the corpus */
  own?: TrigramCounts;
}

interface Position {
  doc: number;
  /** index in the document's tokens of the predicted token */
  at: number;
  windowStart: number;
}

interface Win extends Position {
  mask: number;
  shape: string;
  lpModel: number;
  lpNgram: number;
  lpShort: number;
}

interface ScanCell extends Omit<PartialCell, 'kept' | 'sampled'> {
  kept: Win[];
  sampled: Position[];
}

/**
 * Scan a corpus for in-context wins and group them into candidates: `scanCorpus` on the whole
 * corpus, merged alone (merge-partials.ts).
 */
export async function discoverCorpus(engine: ScoringEngine, options: DiscoverOptions): Promise<DiscoverResult> {
  const partial = await scanCorpus(engine, options);
  const o = { ...DISCOVER_DEFAULTS, ...withoutUndefined(options) };
  return mergePartials([partial], { minWins: o.minWins, examples: o.examples, instances: o.instances, seed: o.seed ?? 0 });
}

/**
 * Scan a corpus (or one shard of it) for in-context wins: positions where the model gives the
 * actual next token probability ≥ minProb while an n-gram model of the corpus and the model
 * itself given only the last `shortContext` tokens each find it at least `margin` nats less
 * likely (and below minProb). Every position's features are tallied (wins or not), so each
 * feature's and each candidate's win rate has a denominator; each (features, shape) cell keeps
 * a seeded sample of its wins, decoded.
 *
 * The documents (up to nDocs) are tokenized, and the shard's kept in memory: one pass counts
 * n-grams over all of them (cheap beside the model, and every shard then scores against the
 * same counts, so shards merge exactly), the second runs the model over the shard's own. The
 * short-context baseline runs only where the other tests passed.
 */
export async function scanCorpus(engine: ScoringEngine, options: DiscoverOptions): Promise<DiscoverPartial> {
  const o = { ...DISCOVER_DEFAULTS, ...withoutUndefined(options) };
  const shard = options.shard ?? { index: 0, count: 1 };
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new InputError('bad_option', `--shard must be i/n with 0 ≤ i < n (got ${shard.index}/${shard.count})`);
  }
  if (!Number.isInteger(o.nDocs) || o.nDocs < 1 || o.nDocs > DISCOVER_MAX_DOCS) {
    throw new InputError('bad_option', `--n-docs must be a whole number from 1 to ${DISCOVER_MAX_DOCS.toLocaleString('en-US')} (got ${o.nDocs})`);
  }
  const window = Math.min(o.window, engine.contextLength - 1);
  if (window < 2) throw new InputError('bad_option', `--window must be at least 2 tokens (got ${o.window})`);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const reader = typeof options.corpus === 'string' ? await openCorpus(options.corpus, options.read) : options.corpus;

  const docs: Doc[] = [];
  let read = 0;
  let bytes = 0;
  let tokens = 0;
  const counts = new TrigramCounts(engine.loaded.vocabSize);
  const progress = (phase: DiscoverProgress['phase'], positions: number, wins: number) =>
    o.onProgress?.({ phase, docs: docs.length, bytes, tokens, positions, wins, seconds: seconds(), bytesRead: reader.bytesRead(), totalBytes: reader.totalBytes });
  for await (const doc of reader.documents()) {
    if (read >= o.nDocs) break;
    const index = read++;
    const mine = index % shard.count === shard.index;
    if (o.baselineCorpus && !mine) continue;
    const ids = engine.encode(doc.text);
    if (!o.baselineCorpus) counts.add(ids);
    if (!mine) continue;
    bytes += Buffer.byteLength(doc.text);
    tokens += ids.length;
    docs.push({ id: doc.id, index, ids, own: o.baselineCorpus ? undefined : new TrigramCounts(engine.loaded.vocabSize).add(ids) });
    if (docs.length % 50 === 0) progress('count', 0, 0);
  }
  if (read === 0) throw new InputError('bad_option', `${reader.description} holds no documents`);
  if (o.baselineCorpus) counts.add(o.baselineCorpus.ids);

  const text = tokenTexts(engine);
  const cells = new Map<string, ScanCell>();
  const rng = seededRng((o.seed ?? 0) + shard.index);
  let positions = 0;
  let wins = 0;
  let modelSeconds = 0;
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      modelSeconds += (performance.now() - t0) / 1000;
    }
  };
  /** per cell: its tally, and seeded reservoir samples (Algorithm R) of its wins and of all its positions, decoded at the end */
  const cellOf = (mask: number, shape: string): ScanCell => {
    const key = cellKey(mask, shape);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { mask, shape, positions: 0, wins: 0, kept: [], sampled: [] }));
    return cell;
  };
  /** after n items, each is kept with probability instances / n */
  const reservoir = <T>(sample: T[], n: number, item: T) => {
    if (sample.length < o.instances) sample.push(item);
    else {
      const j = Math.floor(rng() * n);
      if (j < o.instances) sample[j] = item;
    }
  };
  const keep = (w: Win) => {
    const cell = cellOf(w.mask, w.shape);
    cell.wins++;
    wins++;
    reservoir(cell.kept, cell.wins, w);
  };

  const rule: WinRule = { min_prob: o.minProb, margin: o.margin, short_context: o.shortContext };
  const logMin = Math.log(o.minProb);
  const bos = engine.loaded.bosId;
  let batch: { doc: number; start: number }[] = [];
  let batchTokens = 0;

  const runBatch = async () => {
    const sequences = batch.map(({ doc, start }) => [bos, ...docs[doc].ids.slice(start, start + window)]);
    const model = await timed(() => engine.idLogprobs(sequences));
    const pending: Win[] = [];
    batch.forEach(({ doc, start }, b) => {
      const ids = docs[doc].ids;
      const end = Math.min(ids.length, start + window);
      const context = new ContextFeatures(text, engine.loaded.vocabSize);
      context.push(ids[start]);
      for (let at = start + 1; at < end; at++) {
        const next = ids[at];
        const mask = context.featuresOf(next);
        const shape = positionShape(text(ids[at - 1]), text(next));
        const cell = cellOf(mask, shape);
        cell.positions++;
        positions++;
        reservoir(cell.sampled, cell.positions, { doc, at, windowStart: start });
        // row j of [BOS, w0, w1, …] predicts w_j
        const lpModel = model[b][at - start];
        const shortSeesAll = at - start <= o.shortContext;
        if (lpModel >= logMin && !shortSeesAll) {
          const lpNgram = counts.logProb(at >= 2 ? ids[at - 2] : undefined, ids[at - 1], next, docs[doc].own);
          if (lpNgram < logMin && lpModel - lpNgram >= o.margin) pending.push({ doc, at, windowStart: start, mask, shape, lpModel, lpNgram, lpShort: Number.NaN });
        }
        context.push(next);
      }
    });
    if (pending.length > 0) {
      const short = pending.map((w) => [bos, ...docs[w.doc].ids.slice(w.at - o.shortContext, w.at + 1)]);
      const lp = await timed(() => engine.idLogprobs(short, () => [o.shortContext]));
      pending.forEach((w, i) => {
        w.lpShort = lp[i][o.shortContext];
        if (w.lpShort < logMin && w.lpModel - w.lpShort >= o.margin) keep(w);
      });
    }
    batch = [];
    batchTokens = 0;
    progress('scan', positions, wins);
  };

  for (let d = 0; d < docs.length; d++) {
    for (let start = 0; start + 1 < docs[d].ids.length; start += window) {
      batch.push({ doc: d, start });
      batchTokens += Math.min(window, docs[d].ids.length - start);
      if (batchTokens >= BATCH_TOKENS) await runBatch();
    }
  }
  if (batch.length > 0) await runBatch();

  return {
    kind: 'hunt-discover-partial',
    version: 2,
    model: engine.modelId,
    corpus: reader.description,
    read: `text field "${options.read?.textField ?? 'text'}", .txt documents ${options.read?.txtDocuments ?? 'blank-line'}`,
    n_docs: o.nDocs,
    shard,
    window,
    rule,
    ngram: o.baselineCorpus ? `interpolated trigram of ${o.baselineCorpus.name} (${o.baselineCorpus.ids.length.toLocaleString('en-US')} tokens)` : 'interpolated trigram of the scanned corpus, each document left out of its own counts',
    docs: docs.length,
    bytes,
    tokens,
    positions,
    wins,
    seconds: seconds(),
    seconds_model: modelSeconds,
    cells: [...cells.values()].map((c) => ({
      ...c,
      kept: c.kept.map((w) => keptWin(engine, docs, w)),
      sampled: c.sampled.map((at) => sampledPosition(engine, docs, at)),
    })),
  };
}

/** A win decoded for the merge: its example. */
function keptWin(engine: ScoringEngine, docs: Doc[], w: Win): KeptWin {
  const ids = docs[w.doc].ids;
  return {
    doc_index: docs[w.doc].index,
    at: w.at,
    example: {
      doc: docs[w.doc].id,
      prompt_tail: engine.decode(ids.slice(Math.max(w.windowStart, w.at - TAIL_TOKENS), w.at)),
      actual: engine.decode([ids[w.at]]),
      p_model: Math.exp(w.lpModel),
      p_ngram: Math.exp(w.lpNgram),
      p_short: Math.exp(w.lpShort),
      features: featuresOf(w.mask),
    },
  };
}

/** A position decoded for the merge: the prompt before it (as much of its window as PROMPT_TOKENS allows) and its token, a pair of an emitted task. */
function sampledPosition(engine: ScoringEngine, docs: Doc[], { doc, at, windowStart }: Position): SampledPosition {
  const ids = docs[doc].ids;
  let prompt = engine.decode(ids.slice(Math.max(windowStart, at - PROMPT_TOKENS), at));
  if (prompt.length > PROMPT_CHARS) prompt = prompt.slice(-PROMPT_CHARS);
  return { doc_index: docs[doc].index, at, instance: { prompt, answer: engine.decode([ids[at]]) } };
}

/** The decoded text of each token id, decoded once. */
function tokenTexts(engine: ScoringEngine): (id: number) => string {
  const cache = new Map<number, string>();
  return (id) => {
    let t = cache.get(id);
    if (t === undefined) cache.set(id, (t = engine.decode([id])));
    return t;
  };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
