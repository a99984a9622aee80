import { InputError } from '../common/errors.ts';
import { seededRng } from '../common/random.ts';
import { planAnswers, promptLength, recordRow, scoreResults, wantedRows, type AnswerItem, type PreparedPrompt, type WantedRow } from './answer-scoring.ts';
import type {
  CommonOptions,
  GenerateOptions,
  GenerateResult,
  NextTokenOptions,
  NextTokenResult,
  ScoreOptions,
  ScoreResult,
  TokenInfo,
  TokenLogprobsResult,
  TopToken,
} from './engine-types.ts';
import type { CausalLM } from './causal-lm.ts';
import { loadModel } from './load-model.ts';
import { logSumExp, topKIndices, truncatedSoftmax } from './logprob-math.ts';
import { resolveModelSource, type ModelSourceOptions } from './model-source.ts';
import { columnBlocks, columnStep } from './column-blocks.ts';
import { continuationBatch, leftPad, planBatches, type PaddedBatch } from './padded-batch.ts';
import { prefixRuns } from './prefix-runs.ts';
import { cacheBytesPerColumn, selectCacheRows, type KvCache } from './row-logits-run.ts';
import { logitsRowView, scoredRowView, type RowView } from './row-view.ts';

export interface EngineOptions {
  /** largest padded batch (rows × width) run in one forward pass; bounds logits memory */
  maxBatchTokens?: number;
  /** most rows in one forward pass */
  maxBatchSize?: number;
}

// 512 padded tokens bound padding waste, and on a backend that computes logits at every
// position (HUNT_ROW_LOGITS=0) keep one logits tensor near 100 MB (512 × 50,257 floats).
// On the fixture, budgets from 256 to 4,096 scored 512 prompts equally fast within noise.
const DEFAULTS: Required<EngineOptions> = { maxBatchTokens: 512, maxBatchSize: 64 };

/** Called with the logits row that predicts the token after `position` of sequence `seq`. */
type RowVisitor = (seq: number, position: number, row: Float32Array) => void;

/** Called with the distribution that predicts the token after `position` of sequence `seq`. */
type ViewVisitor = (seq: number, position: number, view: RowView) => void;

/**
 * GPT-2 as a scoring engine: next-token distributions, answer scores, per-token
 * log-probs and continuations, all batched (left padding) and numerically equal to
 * one-prompt-at-a-time runs.
 */
export class ScoringEngine {
  protected readonly options: Required<EngineOptions>;

  constructor(
    /** the model behind the engine: transformers.js (`loadModel`) or our own graph (models/graph/) */
    readonly loaded: CausalLM,
    options: EngineOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxBatchTokens) || this.options.maxBatchTokens < 1) {
      throw new InputError('bad_option', 'maxBatchTokens must be a whole number ≥ 1');
    }
  }

  /** Resolve the model (option → HUNT_MODEL → GPT-2 small on the hub), load it, and wrap it. */
  static async load(source: ModelSourceOptions = {}, options: EngineOptions = {}): Promise<ScoringEngine> {
    return new ScoringEngine(await loadModel(resolveModelSource(source)), options);
  }

  get modelId(): string {
    return this.loaded.modelId;
  }

  get contextLength(): number {
    return this.loaded.contextLength;
  }

  /** Token ids of a text, with no special tokens added. */
  encode(text: string): number[] {
    return this.loaded.tokenizer.encode(text, { add_special_tokens: false });
  }

  decode(ids: number[]): string {
    return this.loaded.tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  tokenInfo(id: number): TokenInfo {
    return { id, text: this.decode([id]) };
  }

  /** Tokenize a prompt, prepend BOS, and check it fits the context with `reserve` tokens to spare. */
  protected prepare(prompt: string, options: CommonOptions, reserve = 0): PreparedPrompt {
    if (typeof prompt !== 'string' || prompt.length === 0) {
      throw new InputError('empty_prompt', 'the prompt is empty: give some text for the model to continue');
    }
    return this.prepareIds(this.encode(prompt), options, reserve);
  }

  /** `prepare` for a prompt already tokenized (without BOS). */
  private prepareIds(allIds: number[], options: CommonOptions, reserve: number): PreparedPrompt {
    const bos = options.prependBos ?? true;
    let promptIds = allIds;
    const room = this.contextLength - (bos ? 1 : 0) - reserve;
    let truncated = 0;
    if (promptIds.length > room) {
      if (!options.truncate || room < 1) {
        throw new InputError(
          'prompt_too_long',
          `the prompt is ${promptIds.length} tokens${bos ? ' (+1 for <|endoftext|>)' : ''}${reserve ? ` plus ${reserve} answer/continuation tokens` : ''}, over the model's context of ${this.contextLength}; shorten it or pass --truncate to cut it on the left`,
        );
      }
      truncated = promptIds.length - room;
      promptIds = promptIds.slice(truncated);
    }
    return { ids: bos ? [this.loaded.bosId, ...promptIds] : promptIds, bos, truncated, promptIds };
  }

  /** Sequences grouped under the batch budget (planBatches) and left-padded, one batch at a time. */
  protected *paddedBatches(sequences: number[][]): Generator<{ group: number[]; padded: PaddedBatch }> {
    const { maxBatchTokens, maxBatchSize } = this.options;
    for (const group of planBatches(sequences.map((s) => s.length), maxBatchTokens, maxBatchSize)) {
      yield { group, padded: leftPad(group.map((i) => sequences[i]), this.loaded.bosId) };
    }
  }

  /**
   * Run the model over many sequences in padded batches and hand each wanted logits row
   * to `visit`. `wanted(seq)` lists positions (0-based, in the unpadded sequence) whose
   * next-token row is needed; only those rows are read.
   */
  private async forEachRow(sequences: number[][], wanted: (seq: number) => number[], visit: RowVisitor): Promise<void> {
    const vocab = this.loaded.vocabSize;
    for (const { group, padded } of this.paddedBatches(sequences)) {
      const width = padded.width;
      const wantedRows = group.map((seq, b) => wanted(seq).map((position) => ({ seq, position, flat: b * width + padded.padOf[b] + position })));
      if (this.loaded.rowLogits) {
        const picks = wantedRows.flat();
        const data = await this.loaded.rowLogits(padded, picks.map((p) => p.flat));
        picks.forEach((p, r) => visit(p.seq, p.position, data.subarray(r * vocab, (r + 1) * vocab)));
      } else {
        const data = await this.loaded.logits(padded);
        for (const p of wantedRows.flat()) visit(p.seq, p.position, data.subarray(p.flat * vocab, (p.flat + 1) * vocab));
      }
    }
  }

  /**
   * `forEachRow` for scoring: each wanted row as a RowView. When the backend has the scoring
   * tail (rowScores), onnxruntime reduces each row to a few values (log-normaliser, the
   * targets' logits and ranks, `topK` best tokens) and no logits row reaches JS; otherwise
   * the full rows are read here, with the same numbers.
   */
  private async forEachScoredRow(sequences: number[][], wanted: (seq: number) => WantedRow[], topK: number, visit: ViewVisitor): Promise<void> {
    const rowScores = this.loaded.rowScores?.bind(this.loaded);
    if (!rowScores || process.env.HUNT_SCORE_IN_GRAPH === '0') {
      const targets = new Map<number, Set<number>>();
      for (let seq = 0; seq < sequences.length; seq++) targets.set(seq, new Set(wanted(seq).map((w) => w.position)));
      await this.forEachRow(sequences, (seq) => [...targets.get(seq)!], (seq, position, row) => visit(seq, position, logitsRowView(row)));
      return;
    }
    for (const { group, padded } of this.paddedBatches(sequences)) {
      const picks = group.flatMap((seq, b) => wanted(seq).map((w) => ({ seq, ...w, flat: b * padded.width + padded.padOf[b] + w.position })));
      if (picks.length === 0) continue;
      // The tail holds the rows' logits and two [rows, most targets of a row, vocab] float tensors for
      // the ranks: a long prompt, or a task with many answers (greater-than's 67 years), would hold
      // hundreds of megabytes or gigabytes at once, so the rows go through the tail in runs that keep
      // those tensors under HUNT_SCORE_TAIL_MB: on a KV cache, column blocks one after another (each
      // token still runs once); without one, runs of rows that each re-run the batch.
      const maxTargets = Math.max(1, ...picks.map((p) => p.targets.length));
      const rowsPerRun = this.tailRowsPerRun(maxTargets);
      if (picks.length > rowsPerRun && this.cacheWanted()) {
        await this.scoreInColumnBlocks(padded, picks, rowsPerRun, topK, visit);
        continue;
      }
      for (let start = 0; start < picks.length; start += rowsPerRun) {
        const run = picks.slice(start, start + rowsPerRun);
        const scores = await rowScores(padded, { rows: run.map((p) => p.flat), targets: run.map((p) => p.targets), topK });
        run.forEach((p, r) => visit(p.seq, p.position, scoredRowView(scores, r, p.targets)));
      }
    }
  }

  /**
   * Rows of `targets` targets each that one run of the scoring tail may take under HUNT_SCORE_TAIL_MB
   * (at least one): per row, its logits and the rank step's two [targets × vocab] blocks.
   */
  private tailRowsPerRun(targets: number): number {
    return Math.max(1, Math.floor((scoreTailMegabytes() * 2 ** 20) / ((1 + 2 * targets) * 4 * this.loaded.vocabSize)));
  }

  /**
   * Score `picks` of one padded batch in column blocks (models/column-blocks.ts), each block on the
   * cache of the ones before it, so no run's tail holds more than `rowsPerRun` rows. A column with
   * more scored rows than that goes in several runs on the same past (each writes the same columns
   * into the buffers, past the past's length; the last run's cache goes on). A block with no scored
   * row (the columns before a heavy one) scores one row, unread: the tail needs a row. The buffers
   * have room for the whole batch, less a block where a graph with a fixed causal mask needs it
   * (past + new columns stay within the context; a full buffer grows).
   */
  private async scoreInColumnBlocks(padded: PaddedBatch, picks: (WantedRow & { seq: number; flat: number })[], rowsPerRun: number, topK: number, visit: ViewVisitor): Promise<void> {
    const step = this.loaded.cachedRowScores!.bind(this.loaded);
    const width = padded.width;
    const perColumn = new Array<number>(width).fill(0);
    for (const p of picks) perColumn[p.flat % width]++;
    const blocks = columnBlocks(perColumn, rowsPerRun);
    const capacity = Math.min(width, this.contextLength - Math.max(...blocks.map(([start, end]) => end - start)));
    let past: KvCache | undefined;
    for (const [start, end] of blocks) {
      const { batch, attentionMask } = columnStep(padded, start, end);
      const inBlock = picks.filter((p) => p.flat % width >= start && p.flat % width < end);
      const row = (p: { flat: number }) => Math.floor(p.flat / width) * batch.width + (p.flat % width) - start;
      if (inBlock.length === 0) {
        past = (await step({ batch, attentionMask, past }, { rows: [0], targets: [[]], topK: 1 }, { capacity })).cache;
        continue;
      }
      let next: KvCache | undefined;
      for (let at = 0; at < inBlock.length; at += rowsPerRun) {
        const run = inBlock.slice(at, at + rowsPerRun);
        const { scores, cache } = await step({ batch, attentionMask, past }, { rows: run.map(row), targets: run.map((p) => p.targets), topK }, { capacity });
        run.forEach((p, r) => visit(p.seq, p.position, scoredRowView(scores, r, p.targets)));
        next = cache;
      }
      past = next;
    }
  }

  /**
   * Extend each sequence by up to `steps` tokens with a KV cache: one pass over each padded
   * batch of prompts, then one token per row per step, each step reading the keys and values
   * of everything before it from the cache. `choose(i, view)` must append a token to
   * sequence i. Rows are visited in the order the uncached loop visits them (batches in
   * planned order, rows in batch order), so seeded sampling draws the same tokens; a row at
   * the context length stops, and is fed a masked placeholder while the others go on.
   *
   * The cache lives in buffers with room for every step (row-logits-run.ts: each step fetches and
   * writes its own column only). Its columns are the padded batch's width plus one per step,
   * whatever each row's own length: beside a long prompt that stopped, a short one would take the
   * cache past n_positions columns, which exports with a fixed [n_positions, n_positions] causal
   * mask refuse. So a group whose next step would need more columns than the context starts
   * over: its live rows alone, left-padded afresh (each is shorter than the context), run once
   * without a past.
   */
  private async continueWithCache(sequences: number[][], steps: number, topK: number, choose: (i: number, view: RowView) => void): Promise<void> {
    const step = this.loaded.cachedRowScores!.bind(this.loaded);
    const live = (i: number) => sequences[i].length < this.contextLength;
    const groups = [...this.paddedBatches(sequences)].map(({ group, padded }) => ({ group, padded, mask: padded.attentionMask, past: undefined as KvCache | undefined, fed: group.map((i) => sequences[i].length) }));
    for (let s = 0; s < steps; s++) {
      if (!sequences.some((_, i) => live(i))) break;
      for (const g of groups) {
        if (!g.group.some(live)) continue;
        if (g.past && g.past.length + 1 > this.contextLength) {
          g.group = g.group.filter(live);
          g.padded = leftPad(g.group.map((i) => sequences[i]), this.loaded.bosId);
          g.mask = g.padded.attentionMask;
          g.past = undefined;
          g.fed = g.group.map((i) => sequences[i].length);
        }
        const B = g.group.length;
        let batch: PaddedBatch;
        let rows: number[];
        if (!g.past) {
          batch = g.padded;
          rows = g.group.map((_, b) => b * batch.width + batch.width - 1);
        } else {
          // the token each row gained last step (or a masked placeholder where it gained none)
          const inputIds = new BigInt64Array(B).fill(BigInt(this.loaded.bosId));
          const positionIds = new BigInt64Array(B);
          const width = g.past.length;
          const mask = new BigInt64Array(B * (width + 1));
          g.group.forEach((i, b) => {
            mask.set(g.mask.subarray(b * width, (b + 1) * width), b * (width + 1));
            if (g.fed[b] < sequences[i].length) {
              inputIds[b] = BigInt(sequences[i][g.fed[b]]);
              positionIds[b] = BigInt(g.fed[b]);
              mask[b * (width + 1) + width] = 1n;
              g.fed[b]++;
            }
          });
          g.mask = mask;
          batch = { batch: B, width: 1, inputIds, attentionMask: mask, positionIds, padOf: new Array<number>(B).fill(0) };
          rows = g.group.map((_, b) => b);
        }
        // room for every column the group's remaining steps add (a graph with a fixed causal mask takes
        // at most the context: past columns + 1), so each step writes one column into the buffers
        const capacity = Math.min(this.contextLength - 1, (g.past?.length ?? 0) + batch.width + (steps - s - 1));
        const { scores, cache } = await step({ batch, attentionMask: g.mask, past: g.past }, { rows, targets: [], topK }, { capacity });
        g.past = cache;
        g.group.forEach((i, b) => {
          if (live(i)) choose(i, scoredRowView(scores, b, []));
        });
      }
    }
  }

  /** The k best tokens of a distribution with probability, log-prob and logit. */
  protected topOf(view: RowView, k: number): TopToken[] {
    const lse = view.lse;
    return view.top(k).map(({ id, logit }) => ({ ...this.tokenInfo(id), logit, logprob: logit - lse, prob: Math.exp(logit - lse) }));
  }

  protected topTokens(row: Float32Array, k: number, lse = logSumExp(row)): TopToken[] {
    return topKIndices(row, k).map((id) => ({
      ...this.tokenInfo(id),
      logit: row[id],
      logprob: row[id] - lse,
      prob: Math.exp(row[id] - lse),
    }));
  }

  private checkTopK(topK: number): void {
    if (!Number.isInteger(topK) || topK < 1) throw new InputError('bad_option', `top must be a whole number ≥ 1 (got ${topK})`);
  }

  /**
   * The next-token distribution at the end of each prompt: top-k tokens with
   * probability, log-prob and logit.
   *
   * @example (await engine.nextTokens(['When John and Mary went to the store, Mary gave a flower to']))[0].top[0]
   * // { id: 1757, text: ' John', prob: 0.63, logprob: -0.46, logit: -… } on GPT-2 small
   */
  async nextTokens(prompts: string[], options: NextTokenOptions = {}): Promise<NextTokenResult[]> {
    const topK = options.topK ?? 10;
    this.checkTopK(topK);
    const prepared = prompts.map((p) => this.prepare(p, options));
    const results: NextTokenResult[] = new Array(prompts.length);
    await this.forEachScoredRow(
      prepared.map((p) => p.ids),
      (seq) => [{ position: prepared[seq].ids.length - 1, targets: [] }],
      topK,
      (seq, _pos, view) => {
        const p = prepared[seq];
        results[seq] = {
          bos: p.bos,
          truncated: p.truncated,
          prompt_tokens: p.promptIds.map((id) => this.tokenInfo(id)),
          top: this.topOf(view, topK),
        };
      },
    );
    return results;
  }

  /** Score answers as continuations of one prompt. */
  async score(prompt: string, answers: string[], options: ScoreOptions = {}): Promise<ScoreResult> {
    return (await this.scoreMany([{ prompt, answers }], options))[0];
  }

  /**
   * Score many (prompt, answers) items in one batched run. For each answer: the summed
   * log-prob of its tokens (teacher-forced, as TransformerLens's test_prompt), its
   * probability, and the rank and logit of its first token; per item the logit
   * difference of the first two answers. With a KV cache, answers of several tokens run on
   * their prompt's cache: the prompt once, not once per answer.
   */
  async scoreMany(items: AnswerItem[], options: ScoreOptions = {}): Promise<ScoreResult[]> {
    const topK = options.topK ?? 10;
    this.checkTopK(topK);
    const plan = planAnswers(items, { encode: (text) => this.encode(text), prepareIds: (ids, reserve) => this.prepareIds(ids, options, reserve) }, options.alternatives ?? true);
    const wanted = (seq: number) => wantedRows(plan, seq);
    const record = (seq: number, position: number, view: RowView) => recordRow(plan, seq, position, view, (v) => this.topOf(v, topK));
    const longer = plan.sequences.some((ids, seq) => ids.length > promptLength(plan, seq));
    if (longer && this.cacheWanted()) {
      await this.forEachScoredRowAfterPrompts(plan.sequences, (seq) => promptLength(plan, seq), wanted, topK, record);
    } else {
      await this.forEachScoredRow(plan.sequences, wanted, topK, record);
    }
    return scoreResults(plan, items, (id) => this.tokenInfo(id));
  }

  /** Whether continuations run on a KV cache: the backend has one, and neither HUNT_KV_CACHE=0 nor HUNT_SCORE_IN_GRAPH=0 turns it off. */
  private cacheWanted(): boolean {
    return Boolean(this.loaded.cachedRowScores) && process.env.HUNT_KV_CACHE !== '0' && process.env.HUNT_SCORE_IN_GRAPH !== '0';
  }

  /**
   * `forEachScoredRow` for sequences that share prompts: each prompt (the first
   * `prefixLength(seq)` tokens) runs once, in padded batches, and the rest of every sequence
   * then runs on that batch's cache, its rows copied out for each continuation. Continuations
   * go in runs bounded like any batch (maxBatchTokens new tokens, maxBatchSize rows), by the
   * copied cache (HUNT_CACHE_COPY_MB, default 256) and by the scoring tail's memory.
   */
  private async forEachScoredRowAfterPrompts(sequences: number[][], prefixLength: (seq: number) => number, wanted: (seq: number) => WantedRow[], topK: number, visit: ViewVisitor): Promise<void> {
    const step = this.loaded.cachedRowScores!.bind(this.loaded);
    const runs = prefixRuns(sequences, prefixLength, wanted);
    const { maxBatchTokens, maxBatchSize } = this.options;
    for (const { group, padded } of this.paddedBatches(runs.map((r) => r.ids))) {
      const rows = group.flatMap((r, b) => runs[r].rows.map((row) => ({ ...row, flat: b * padded.width + padded.padOf[b] + row.position })));
      // every prompt has a wanted row: its last, which predicts its answers' first tokens
      const first = await step({ batch: padded }, { rows: rows.map((r) => r.flat), targets: rows.map((r) => r.targets), topK });
      rows.forEach((row, i) => {
        const view = scoredRowView(first.scores, i, row.targets);
        for (const seq of row.seqs) visit(seq, row.position, view);
      });
      const rest = group.flatMap((r, b) =>
        runs[r].continuations.map((seq) => {
          const start = runs[r].ids.length;
          return { seq, continuation: { row: b, tokens: sequences[seq].slice(start), start }, wanted: wanted(seq).filter((w) => w.position >= start) };
        }),
      );
      const copyBudget = megabytesFromEnv('HUNT_CACHE_COPY_MB', 256) * 2 ** 20;
      const rowBytes = cacheBytesPerColumn(first.cache) * first.cache.length;
      const tailRows = this.tailRowsPerRun(1);
      for (let at = 0; at < rest.length; ) {
        // grow the run while it stays under every bound (one continuation always goes)
        let end = at + 1;
        let width = rest[at].continuation.tokens.length;
        let scored = rest[at].wanted.length * Math.max(1, ...rest[at].wanted.map((w) => w.targets.length));
        while (end < rest.length) {
          const next = rest[end];
          const w = Math.max(width, next.continuation.tokens.length);
          const n = end - at + 1;
          const s = scored + next.wanted.length * Math.max(1, ...next.wanted.map((x) => x.targets.length));
          if (n > maxBatchSize || n * w > maxBatchTokens || n * rowBytes > copyBudget || s > tailRows) break;
          width = w;
          scored = s;
          end++;
        }
        const chunk = rest.slice(at, end);
        at = end;
        const { batch, attentionMask } = continuationBatch(padded, chunk.map((c) => c.continuation), this.loaded.bosId);
        const picks = chunk.flatMap((c, r) => c.wanted.map((w) => ({ seq: c.seq, ...w, flat: r * batch.width + batch.padOf[r] + w.position - c.continuation.start })));
        const past = selectCacheRows(first.cache, chunk.map((c) => c.continuation.row));
        const { scores } = await step({ batch, attentionMask, past }, { rows: picks.map((p) => p.flat), targets: picks.map((p) => p.targets), topK });
        picks.forEach((p, i) => visit(p.seq, p.position, scoredRowView(scores, i, p.targets)));
      }
    }
  }

  /**
   * Raw logits at every position of each prompt (row i predicts the token after input
   * token i, BOS included). For research and for checking numbers against PyTorch;
   * each row is a copy of 50,257 floats, so keep prompts short.
   */
  async positionLogits(prompts: string[], options: CommonOptions = {}): Promise<{ input_ids: number[]; rows: Float32Array[] }[]> {
    const prepared = prompts.map((p) => this.prepare(p, options));
    const results = prepared.map((p) => ({ input_ids: p.ids, rows: new Array<Float32Array>(p.ids.length) }));
    await this.forEachRow(
      prepared.map((p) => p.ids),
      (seq) => prepared[seq].ids.map((_, i) => i),
      (seq, position, row) => {
        results[seq].rows[position] = row.slice();
      },
    );
    return results;
  }

  /** Per-token log-probs of whole texts, with each actual token's rank: which tokens surprised the model. */
  async tokenLogprobs(texts: string[], options: CommonOptions = {}): Promise<TokenLogprobsResult[]> {
    const prepared = texts.map((t) => this.prepare(t, options));
    const results: TokenLogprobsResult[] = prepared.map((p) => ({
      bos: p.bos,
      truncated: p.truncated,
      tokens: p.promptIds.map((id) => ({ ...this.tokenInfo(id), logprob: null, rank: null })),
    }));
    await this.forEachScoredRow(
      prepared.map((p) => p.ids),
      // row at position i predicts token i+1; the BOS shifts display indices by one
      (seq) => prepared[seq].ids.slice(0, -1).map((_, i) => ({ position: i, targets: [prepared[seq].ids[i + 1]] })),
      1,
      (seq, position, view) => {
        const p = prepared[seq];
        const next = p.ids[position + 1];
        const displayIndex = position + 1 - (p.bos ? 1 : 0);
        const token = results[seq].tokens[displayIndex];
        token.logprob = view.logit(next) - view.lse;
        token.rank = view.rank(next);
      },
    );
    return results;
  }

  /**
   * log P(ids[i + 1] | ids[0..i]) of sequences already tokenized (BOS included by the caller
   * where wanted): entry i of a sequence's array, NaN at its last position. `positions(seq)`
   * limits the rows read (default: every position but the last). For scans over token streams
   * (hunt discover), where re-tokenizing text would move window boundaries.
   */
  async idLogprobs(sequences: number[][], positions?: (seq: number) => number[]): Promise<Float32Array[]> {
    for (const ids of sequences) {
      if (ids.length < 2 || ids.length > this.contextLength) {
        throw new InputError('prompt_too_long', `a scored sequence must hold 2 to ${this.contextLength} tokens (got ${ids.length})`);
      }
    }
    const out = sequences.map((ids) => new Float32Array(ids.length).fill(Number.NaN));
    const wanted = (seq: number): number[] => positions?.(seq) ?? sequences[seq].slice(0, -1).map((_, i) => i);
    await this.forEachScoredRow(
      sequences,
      (seq) => wanted(seq).map((position) => ({ position, targets: [sequences[seq][position + 1]] })),
      1,
      (seq, position, view) => {
        out[seq][position] = view.logit(sequences[seq][position + 1]) - view.lse;
      },
    );
    return out;
  }

  /** Greedy (default) or seeded sampled continuation of each prompt. */
  async generate(prompts: string[], options: GenerateOptions = {}): Promise<GenerateResult[]> {
    const steps = options.maxNewTokens ?? 20;
    if (!Number.isInteger(steps) || steps < 0) throw new InputError('bad_option', `tokens must be a whole number ≥ 0 (got ${steps})`);
    const sample = options.sample;
    const temperature = sample?.temperature ?? 1;
    if (sample && !(temperature > 0)) throw new InputError('bad_option', `temperature must be > 0 (got ${temperature})`);
    const rng = seededRng(sample?.seed ?? 0);
    const prepared = prompts.map((p) => this.prepare(p, options, options.truncate ? steps : 0));
    const current = prepared.map((p) => [...p.ids]);
    const added: number[][] = prompts.map(() => []);
    const topK = sample ? (sample.topK ?? 50) : 1;
    const pick = (view: RowView): number => {
      if (!sample) return view.top(1)[0].id;
      const best = view.top(topK);
      const ids = best.map((t) => t.id);
      const probs = truncatedSoftmax(best.map((t) => t.logit), ids.map((_, k) => k), temperature);
      let u = rng();
      let pickIndex = ids.length - 1;
      for (let k = 0; k < probs.length; k++) {
        u -= probs[k];
        if (u <= 0) {
          pickIndex = k;
          break;
        }
      }
      return ids[pickIndex];
    };
    if (this.cacheWanted()) {
      await this.continueWithCache(current, steps, topK, (i, view) => {
        const id = pick(view);
        current[i].push(id);
        added[i].push(id);
      });
    } else {
      for (let step = 0; step < steps; step++) {
        const live = current.map((_, i) => i).filter((i) => current[i].length < this.contextLength);
        if (live.length === 0) break;
        const chosen = new Map<number, number>();
        await this.forEachScoredRow(
          live.map((i) => current[i]),
          (seq) => [{ position: current[live[seq]].length - 1, targets: [] }],
          topK,
          (seq, _pos, view) => chosen.set(live[seq], pick(view)),
        );
        for (const [i, id] of chosen) {
          current[i].push(id);
          added[i].push(id);
        }
      }
    }
    return prepared.map((p, i) => ({
      bos: p.bos,
      truncated: p.truncated,
      tokens: added[i].map((id) => this.tokenInfo(id)),
      text: this.decode(added[i]),
    }));
  }
}

/**
 * Memory the in-graph scoring tail may hold per run: the rows' logits and the rank step's two
 * [rows × targets × vocab] blocks (HUNT_SCORE_TAIL_MB, default 512 MB: a 512-token prompt scored at
 * every position goes in one run; 128 MB puts it in three column blocks, ≈ 170 MB lower at the peak
 * and 1.12× the time, measured side by side in `npm run bench:speed`).
 */
function scoreTailMegabytes(): number {
  return megabytesFromEnv('HUNT_SCORE_TAIL_MB', 512);
}

/** A memory bound in megabytes from the environment, or the default where it is unset or not a positive number. */
function megabytesFromEnv(name: string, fallback: number): number {
  const asked = Number(process.env[name]);
  return Number.isFinite(asked) && asked > 0 ? asked : fallback;
}
