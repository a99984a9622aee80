import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { InputError, ModelLoadError } from '../../common/errors.ts';
import type { CausalLM } from '../causal-lm.ts';
import { loadTokenizer } from '../load-model.ts';
import { modelIdOf, type ModelSource } from '../model-source.ts';
import { fetchGraphHubModel } from './graph-hub-files.ts';
import type { PaddedBatch } from '../padded-batch.ts';
import { rowScoreFeeds, runRowScores, type CacheShape, type CachedStep, type KvCache } from '../row-logits-run.ts';
import type { RowScoreRequest, RowScores } from '../row-logits-scores.ts';
import { buildGpt2Graph, GraphInput, GraphOutput } from './gpt2-graph.ts';
import { cachedGraphFile } from './graph-cache.ts';
import { ortRuntimeOptions } from '../ort-runtime-options.ts';
import { readGpt2Folder, readGpt2Layout, unembedding, type Gpt2Config, type Gpt2Weights } from './gpt2-weights.ts';

/** Files a local folder needs for the graph engine: HF GPT-2 weights, config and tokenizer. */
export const GRAPH_FILES = {
  needed: ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'],
  fix: 'the graph engine builds GPT-2 from a Hugging Face folder: point --model (or HUNT_MODEL) at one holding config.json, model.safetensors, tokenizer.json and tokenizer_config.json (e.g. openai-community/gpt2 from the hub, or test/fixtures/tiny-gpt2)',
};

/** Which heads to knock out, and what they write instead. */
export interface HeadAblation {
  /** [layer, head] pairs, 0-based */
  heads: [number, number][];
  /** 'zero': the head's output z is replaced by zeros; 'mean': by its mean z (`means`) */
  mode: 'zero' | 'mean';
  /** [n_layer, n_head, d_head], from `GraphModel.headMeans`: required for 'mean' */
  means?: Float32Array;
}

/** What one inspecting forward pass should return; everything but logits is off unless asked for. */
export interface InspectRequest {
  /** flat indices b·width + column (into the padded batch) of the positions to read out */
  readoutRows?: number[];
  ablation?: HeadAblation;
  /** the full logits [batch, width, vocab]; default true */
  logits?: boolean;
  /** attention patterns, per layer [batch, n_head, width, width] */
  patterns?: boolean;
  /** at the readout rows: embeddings, each head's and MLP's output into the residual stream */
  components?: boolean;
  /** at the readout rows: the embeddings and the residual stream after each layer */
  residuals?: boolean;
  /** at the readout rows: each head's z before ablation [rows, n_head, d_head] */
  z?: boolean;
}

export interface InspectOutputs {
  logits?: Float32Array;
  patterns?: Float32Array[];
  /** per layer [n_head, rows, n_embd] (the attention output bias is not in any head; see `attnBias`) */
  headOut?: Float32Array[];
  /** per layer [rows, n_embd], bias included */
  mlpOut?: Float32Array[];
  embedTok?: Float32Array;
  embedPos?: Float32Array;
  /** per layer [rows, n_embd] */
  resid?: Float32Array[];
  /** per layer [rows, n_head, d_head] */
  z?: Float32Array[];
}

export interface GraphSessionOptions {
  /** onnxruntime intra-op threads; undefined lets onnxruntime choose */
  threads?: number;
  /**
   * Pin intra-op threads to processors: onnxruntime's `session.intra_op_thread_affinities`,
   * 1-based processor ids, one entry per thread but the caller's, e.g. "2" for 2 threads on cores 1 and 2.
   */
  threadAffinities?: string;
}

/**
 * GPT-2 as our own ONNX graph on onnxruntime-node: a CausalLM for the scoring engine, plus
 * inspecting runs (attention patterns, per-component outputs, residual streams) and head
 * ablation. Two sessions over the same weights, each built on first use: a plain one that
 * returns logits only (and takes ablations), so plain scoring pays nothing for the
 * interpretability outputs, and an inspecting one.
 */
export class GraphModel implements CausalLM {
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly bosId: number;
  readonly config: Gpt2Config;
  private readonly sessions = new Map<'plain' | 'inspect', Promise<ort.InferenceSession>>();
  private readonly noAblation: { keep: ort.Tensor; fill: ort.Tensor };

  /** the weights the graph is built from: the values, or (from `readGpt2Layout`) references into the safetensors file */
  private readonly buildFrom: Gpt2Weights;
  private values?: Gpt2Weights;

  constructor(
    weights: Gpt2Weights,
    readonly tokenizer: PreTrainedTokenizer,
    readonly source: ModelSource,
    readonly modelId: string,
    private readonly sessionOptions: GraphSessionOptions = {},
  ) {
    this.buildFrom = weights;
    if (!weights.external) this.values = weights;
    this.config = weights.config;
    this.contextLength = this.config.nPositions;
    this.vocabSize = this.config.vocabSize;
    this.bosId = this.config.bosId;
    this.noAblation = this.ablationTensors();
  }

  /** Read a local HF GPT-2 folder (config.json, model.safetensors, tokenizer) into a graph model. */
  static async load(requested: ModelSource): Promise<GraphModel> {
    if (requested.dtype !== 'fp32') throw new InputError('bad_option', `the graph engine builds fp32 graphs only (got dtype ${requested.dtype}); drop --dtype or use --engine transformers`);
    // A hub id (e.g. openai-community/gpt2) is downloaded into the cache first, then read as a folder.
    const source = await fetchGraphHubModel(requested);
    const tokenizer = await loadTokenizer(source, GRAPH_FILES);
    // By reference when the file allows: onnxruntime reads the weights, JavaScript holds none.
    // HUNT_GRAPH_BY_REFERENCE=0 reads the values and builds them into the graph, e.g. to compare.
    const byReference = process.env.HUNT_GRAPH_BY_REFERENCE !== '0' ? readGpt2Layout(source.folder!) : null;
    const weights = byReference ?? readGpt2Folder(source.folder!);
    const model = new GraphModel(weights, tokenizer, source, modelIdOf(requested), { threads: source.threads });
    await model.session('plain'); // fail at load time, not at the first prompt
    return model;
  }

  /**
   * The weights' values, for analyses that need them in JavaScript (direct attribution, the
   * final LayerNorm). A model loaded by reference reads them from its file on first use.
   */
  get weights(): Gpt2Weights {
    this.values ??= readGpt2Folder(path.dirname(this.buildFrom.external!.file));
    return this.values;
  }

  /**
   * The ONNX model for a session: bytes with the weights inside, or, for weights by reference,
   * the path of a small graph file in the cache beside a hard link to the safetensors file (ONNX
   * external data must lie in the graph's folder), so onnxruntime reads the weights itself. Where
   * no hard link can be made (the cache on another file system), the caller builds the values in.
   */
  private graphFor(kind: 'plain' | 'inspect'): Uint8Array | string {
    const external = this.buildFrom.external;
    const bytes = buildGpt2Graph(this.buildFrom, { inspect: kind === 'inspect' });
    if (!external) return bytes;
    return cachedGraphFile(this.source.cacheDir, external.file, kind, bytes);
  }

  /** Whether JavaScript holds the weights' values (built in, or read since for an analysis); false when loaded by reference. */
  get holdsWeights(): boolean {
    return this.values !== undefined;
  }

  /** d_head */
  get headSize(): number {
    return this.config.nEmbd / this.config.nHead;
  }

  /** The unembedding matrix [vocab, n_embd] (tied to the token embeddings in GPT-2). */
  get unembed(): Float32Array {
    return unembedding(this.weights);
  }

  private session(kind: 'plain' | 'inspect'): Promise<ort.InferenceSession> {
    let session = this.sessions.get(kind);
    if (!session) {
      const { threads, threadAffinities } = this.sessionOptions;
      const memory = ortRuntimeOptions();
      const options: ort.InferenceSession.SessionOptions = {
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        enableCpuMemArena: memory.enableCpuMemArena,
        executionProviders: [this.source.device],
        // 3 = errors only: the optimizer's notes about removed initializers are not for users
        logSeverityLevel: 3,
        ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
        extra: { session: { ...memory.extra.session, ...(threadAffinities ? { intra_op_thread_affinities: threadAffinities } : {}) } },
      };
      const create = (graph: Uint8Array | string) => (typeof graph === 'string' ? ort.InferenceSession.create(graph, options) : ort.InferenceSession.create(graph, options));
      const byReference = (async () => {
        try {
          return await create(this.graphFor(kind));
        } catch (err) {
          // an unwritable cache, or a file onnxruntime cannot map: build with the values inside
          if (!this.buildFrom.external) throw err;
          return create(buildGpt2Graph(this.weights, { inspect: kind === 'inspect' }));
        }
      })();
      session = byReference.catch((err: unknown) => {
        this.sessions.delete(kind);
        throw new ModelLoadError(`onnxruntime could not create the graph engine's ${kind} session for ${this.modelId}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      });
      this.sessions.set(kind, session);
    }
    return session;
  }

  private ablationTensors(ablation?: HeadAblation): { keep: ort.Tensor; fill: ort.Tensor } {
    const { nLayer: L, nHead: H } = this.config;
    const D = this.headSize;
    const keep = new Float32Array(L * H).fill(1);
    const fill = new Float32Array(L * H * D);
    if (ablation) {
      if (ablation.mode === 'mean' && ablation.means?.length !== L * H * D) {
        throw new InputError('bad_option', `mean ablation needs each head's mean z: ${L} × ${H} × ${D} values (from headMeans)`);
      }
      for (const [layer, head] of ablation.heads) {
        if (!Number.isInteger(layer) || !Number.isInteger(head) || layer < 0 || layer >= L || head < 0 || head >= H) {
          throw new InputError('bad_option', `no head ${layer}.${head}: layers are 0–${L - 1}, heads 0–${H - 1}`);
        }
        keep[layer * H + head] = 0;
        if (ablation.mode === 'mean') {
          const at = (layer * H + head) * D;
          fill.set(ablation.means!.subarray(at, at + D), at);
        }
      }
    }
    return { keep: new ort.Tensor('float32', keep, [L, H]), fill: new ort.Tensor('float32', fill, [L, H, D]) };
  }

  private feeds(batch: PaddedBatch, ablation?: HeadAblation): Record<string, ort.Tensor> {
    const dims = [batch.batch, batch.width];
    const { keep, fill } = ablation ? this.ablationTensors(ablation) : this.noAblation;
    return {
      [GraphInput.inputIds]: new ort.Tensor('int64', batch.inputIds, dims),
      [GraphInput.attentionMask]: new ort.Tensor('int64', batch.attentionMask, dims),
      [GraphInput.positionIds]: new ort.Tensor('int64', batch.positionIds, dims),
      [GraphInput.headKeep]: keep,
      [GraphInput.headFill]: fill,
    };
  }

  async logits(batch: PaddedBatch): Promise<Float32Array> {
    return (await this.run(batch, {})).logits!;
  }

  /** Logits of the given flat rows (b·width + column) only: [rows.length, vocab]. */
  async rowLogits(batch: PaddedBatch, rows: number[], ablation?: HeadAblation): Promise<Float32Array> {
    this.rowsTensor(batch, rows); // checks the rows
    const session = await this.session('plain');
    const { feeds } = rowScoreFeeds(session, { batch }, { rows, targets: [], topK: 1 }, this.cacheShape, this.vocabSize, false);
    Object.assign(feeds, this.ablationFeeds(ablation));
    const out = await session.run(feeds, [GraphOutput.logits]);
    return out[GraphOutput.logits].data as Float32Array;
  }

  /**
   * The scoring tail at the given rows (see row-logits-scores.ts): the log-normaliser, the
   * requested tokens' logits and ranks, and the top-k tokens, without copying logits out.
   */
  async rowScores(batch: PaddedBatch, request: RowScoreRequest, ablation?: HeadAblation): Promise<RowScores> {
    this.rowsTensor(batch, request.rows);
    const session = await this.session('plain');
    return (await runRowScores(session, { batch }, request, this.cacheShape, this.vocabSize, { extraFeeds: this.ablationFeeds(ablation) })).scores;
  }

  /**
   * `rowScores` over new tokens after a cached past (models/row-logits-run.ts), returning the
   * cache extended by them: each generated token costs one token's forward pass.
   */
  async cachedRowScores(step: CachedStep, request: RowScoreRequest, options: { capacity?: number } = {}): Promise<{ scores: RowScores; cache: KvCache }> {
    this.rowsTensor(step.batch, request.rows);
    const session = await this.session('plain');
    const { scores, cache } = await runRowScores(session, step, request, this.cacheShape, this.vocabSize, { keepCache: true, capacity: options.capacity, extraFeeds: this.ablationFeeds() });
    return { scores, cache: cache! };
  }

  private get cacheShape(): CacheShape {
    return { nHead: this.config.nHead, headSize: this.headSize };
  }

  private ablationFeeds(ablation?: HeadAblation): Record<string, ort.Tensor> {
    const { keep, fill } = ablation ? this.ablationTensors(ablation) : this.noAblation;
    return { [GraphInput.headKeep]: keep, [GraphInput.headFill]: fill };
  }

  private rowsTensor(batch: PaddedBatch, rows: number[]): ort.Tensor {
    for (const r of rows) {
      if (!Number.isInteger(r) || r < 0 || r >= batch.batch * batch.width) throw new InputError('bad_option', `row ${r} is outside the batch (${batch.batch} × ${batch.width})`);
    }
    return new ort.Tensor('int64', BigInt64Array.from(rows, (r) => BigInt(r)), [rows.length]);
  }

  /** One forward pass returning what `request` asks for. */
  async run(batch: PaddedBatch, request: InspectRequest): Promise<InspectOutputs> {
    const wantLogits = request.logits ?? true;
    const inspecting = Boolean(request.patterns || request.components || request.residuals || request.z);
    const feeds = this.feeds(batch, request.ablation);
    if (!inspecting) {
      const every = Array.from({ length: batch.batch * batch.width }, (_, r) => r);
      return { logits: await this.rowLogits(batch, every, request.ablation) };
    }
    feeds[GraphInput.readoutRows] = this.rowsTensor(batch, request.readoutRows ?? []);
    const L = this.config.nLayer;
    const perLayer = (name: string) => Array.from({ length: L }, (_, l) => `${name}.${l}`);
    const fetch: string[] = [];
    if (wantLogits) fetch.push(GraphOutput.logits);
    if (request.patterns) fetch.push(...perLayer(GraphOutput.pattern));
    if (request.components || request.residuals) fetch.push(GraphOutput.embedTok, GraphOutput.embedPos);
    if (request.components) fetch.push(...perLayer(GraphOutput.headOut), ...perLayer(GraphOutput.mlpOut));
    if (request.residuals) fetch.push(...perLayer(GraphOutput.resid));
    if (request.z) fetch.push(...perLayer(GraphOutput.z));
    const session = await this.session('inspect');
    const out = await session.run(feeds, fetch);
    const data = (name: string) => out[name].data as Float32Array;
    const layers = (name: string) => perLayer(name).map(data);
    return {
      ...(wantLogits ? { logits: data(GraphOutput.logits) } : {}),
      ...(request.patterns ? { patterns: layers(GraphOutput.pattern) } : {}),
      ...(request.components || request.residuals ? { embedTok: data(GraphOutput.embedTok), embedPos: data(GraphOutput.embedPos) } : {}),
      ...(request.components ? { headOut: layers(GraphOutput.headOut), mlpOut: layers(GraphOutput.mlpOut) } : {}),
      ...(request.residuals ? { resid: layers(GraphOutput.resid) } : {}),
      ...(request.z ? { z: layers(GraphOutput.z) } : {}),
    };
  }

  /** Release both onnxruntime sessions. */
  async dispose(): Promise<void> {
    for (const session of this.sessions.values()) await (await session.catch(() => undefined))?.release();
    this.sessions.clear();
  }
}
