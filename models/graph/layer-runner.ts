import * as ort from 'onnxruntime-node';
import { InputError, ModelLoadError } from '../../common/errors.ts';
import type { Gpt2Config, Gpt2Weights } from './gpt2-weights.ts';
import { buildLayerGraph, buildUnembedGraph, LayerInput, LayerOutput, UnembedInput, UnembedOutput } from './layer-graph.ts';

/** Token sequences left-padded to one width, so that position −1 is every sequence's last token. */
export interface TokenBatch {
  batch: number;
  width: number;
  /** the sequences, unpadded */
  ids: number[][];
  /** pads in front of row b */
  padOf: number[];
}

/** Left-pad sequences to `width` (default: the longest). */
export function tokenBatch(ids: number[][], width = Math.max(...ids.map((s) => s.length))): TokenBatch {
  if (ids.length === 0) throw new InputError('bad_option', 'no sequences to run');
  const longest = Math.max(...ids.map((s) => s.length));
  if (longest > width) throw new InputError('bad_option', `a sequence of ${longest} tokens does not fit a batch ${width} wide`);
  return { batch: ids.length, width, ids, padOf: ids.map((s) => width - s.length) };
}

/** Replacements for one layer's activations; every array is indexed [batch, column, …]. */
export interface LayerPatch {
  /** [B, W, n_head]: 1 where head h's z is replaced */
  zMix?: Float32Array;
  /** [B, W, n_head, d_head] */
  zPatch?: Float32Array;
  /** [B, W]: 1 where the MLP output is replaced */
  mlpMix?: Float32Array;
  /** [B, W, n_embd] */
  mlpPatch?: Float32Array;
  /** [B, W, n_embd]: a second stream from which the heads chosen by `qkvMix` compute q, k or v (path patching) */
  qkvResid?: Float32Array;
  /** [3, n_head]: 1 where head h's q (row 0), k (row 1) or v (row 2) reads `qkvResid` */
  qkvMix?: Float32Array;
}

export interface ForwardOptions {
  /** the first layer to run; the given stream is the one entering it. Default 0 (the embeddings) */
  from?: number;
  /** by layer index */
  patches?: (LayerPatch | undefined)[];
  /** keep the stream entering every layer, and every layer's z and MLP output */
  record?: boolean;
  /** keep every layer's attention pattern */
  patterns?: boolean;
}

/**
 * A forward pass's activations, each [B, W, …] flat. `resid[l]` is the stream entering layer l
 * (`resid[n_layer]` the one entering the final LayerNorm); layers before `from` are absent.
 */
export interface ForwardResult {
  final: Float32Array;
  resid?: Float32Array[];
  /** [B, W, n_head, d_head] per layer */
  z?: Float32Array[];
  /** [B, W, n_embd] per layer */
  mlp?: Float32Array[];
  /** [B, n_head, W, W] per layer */
  patterns?: Float32Array[];
}

export interface LayerRunnerOptions {
  device?: string;
  threads?: number;
}

/**
 * GPT-2 run block by block (one onnxruntime session per block, one for the unembedding), so a
 * run can start at any layer from a cached residual stream and replace any head's z or MLP
 * output on the way: what activation patching, circuit ablation and the logit lens need.
 * Sessions are built on first use, over the same weights as the whole-model graph.
 */
export class LayerRunner {
  readonly config: Gpt2Config;
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  private readonly zeros = new Map<number, Float32Array>();

  constructor(
    readonly weights: Gpt2Weights,
    private readonly options: LayerRunnerOptions = {},
  ) {
    this.config = weights.config;
  }

  get headSize(): number {
    return this.config.nEmbd / this.config.nHead;
  }

  private session(key: string, build: () => Uint8Array): Promise<ort.InferenceSession> {
    let session = this.sessions.get(key);
    if (!session) {
      const { threads, device } = this.options;
      session = ort.InferenceSession.create(build(), {
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        executionProviders: [device ?? 'cpu'],
        logSeverityLevel: 3,
        ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
      }).catch((err: unknown) => {
        this.sessions.delete(key);
        throw new ModelLoadError(`onnxruntime could not create the ${key} session: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      });
      this.sessions.set(key, session);
    }
    return session;
  }

  private zerosOf(n: number): Float32Array {
    let z = this.zeros.get(n);
    if (!z) {
      z = new Float32Array(n);
      this.zeros.set(n, z);
    }
    return z;
  }

  /** Token plus position embeddings [B, W, n_embd]; positions count real tokens only, pads get zeros. */
  embed(batch: TokenBatch): Float32Array {
    const E = this.config.nEmbd;
    const { wte, wpe } = this.weights;
    const out = new Float32Array(batch.batch * batch.width * E);
    batch.ids.forEach((seq, b) => {
      seq.forEach((id, j) => {
        if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) throw new InputError('bad_option', `token id ${id} is outside the vocabulary (0–${this.config.vocabSize - 1})`);
        const at = (b * batch.width + batch.padOf[b] + j) * E;
        for (let i = 0; i < E; i++) out[at + i] = wte[id * E + i] + wpe[j * E + i];
      });
    });
    return out;
  }

  /** The causal + padding mask as an additive bias [B, 1, W, W]. */
  attentionBias(batch: TokenBatch): Float32Array {
    const W = batch.width;
    const out = new Float32Array(batch.batch * W * W).fill(-3.4028234663852886e38);
    for (let b = 0; b < batch.batch; b++) {
      for (let q = 0; q < W; q++) {
        for (let k = batch.padOf[b]; k <= q; k++) out[(b * W + q) * W + k] = 0;
      }
    }
    return out;
  }

  /** Run layers `from` … n_layer − 1 on the stream `resid` entering layer `from`. */
  async forward(batch: TokenBatch, resid: Float32Array, options: ForwardOptions = {}): Promise<ForwardResult> {
    const { nLayer: L, nHead: H, nEmbd: E } = this.config;
    const D = this.headSize;
    const from = options.from ?? 0;
    if (!Number.isInteger(from) || from < 0 || from > L) throw new InputError('bad_option', `no layer ${from}: layers are 0–${L - 1}`);
    const { batch: B, width: W } = batch;
    const dims = [B, W];
    if (resid.length !== B * W * E) throw new InputError('bad_option', `the residual stream has ${resid.length} values, the batch needs ${B} × ${W} × ${E}`);
    const bias = new ort.Tensor('float32', this.attentionBias(batch), [B, 1, W, W]);
    const result: ForwardResult = { final: resid };
    if (options.record) result.resid = [];
    if (options.record) result.z = [];
    if (options.record) result.mlp = [];
    if (options.patterns) result.patterns = [];
    const fetch: string[] = [LayerOutput.resid];
    if (options.record) fetch.push(LayerOutput.z, LayerOutput.mlp);
    if (options.patterns) fetch.push(LayerOutput.pattern);
    let x = resid;
    for (let l = from; l < L; l++) {
      const patch = options.patches?.[l] ?? {};
      const check = (name: string, data: Float32Array | undefined, size: number) => {
        if (data && data.length !== size) throw new InputError('bad_option', `layer ${l} patch ${name} has ${data.length} values, expected ${size}`);
        return data ?? this.zerosOf(size);
      };
      const feeds: Record<string, ort.Tensor> = {
        [LayerInput.resid]: new ort.Tensor('float32', x, [...dims, E]),
        [LayerInput.attnBias]: bias,
        [LayerInput.zMix]: new ort.Tensor('float32', check('zMix', patch.zMix, B * W * H), [...dims, H]),
        [LayerInput.zPatch]: new ort.Tensor('float32', check('zPatch', patch.zPatch, B * W * H * D), [...dims, H, D]),
        [LayerInput.mlpMix]: new ort.Tensor('float32', check('mlpMix', patch.mlpMix, B * W), dims),
        [LayerInput.mlpPatch]: new ort.Tensor('float32', check('mlpPatch', patch.mlpPatch, B * W * E), [...dims, E]),
      };
      // only a layer that reroutes q, k or v pays for the second stream's projections
      const path = patch.qkvResid !== undefined;
      if (path) {
        feeds[LayerInput.qkvResid] = new ort.Tensor('float32', check('qkvResid', patch.qkvResid, B * W * E), [...dims, E]);
        feeds[LayerInput.qkvMix] = new ort.Tensor('float32', check('qkvMix', patch.qkvMix, 3 * H), [3, H]);
      }
      const session = await this.session(path ? `path layer ${l}` : `layer ${l}`, () => buildLayerGraph(this.config, this.weights.layers[l], l, { path }));
      const out = await session.run(feeds, fetch);
      result.resid?.push(x);
      result.z?.push(out[LayerOutput.z].data as Float32Array);
      result.mlp?.push(out[LayerOutput.mlp].data as Float32Array);
      result.patterns?.push(out[LayerOutput.pattern].data as Float32Array);
      x = out[LayerOutput.resid].data as Float32Array;
    }
    result.resid?.push(x);
    result.final = x;
    if (options.record && from > 0) {
      // keep indices = layers: the layers before `from` were not run
      const pad = <T>(xs: T[] | undefined, n: number) => xs?.unshift(...(new Array(n) as T[]));
      pad(result.resid, from);
      pad(result.z, from);
      pad(result.mlp, from);
    }
    return result;
  }

  /** The final LayerNorm and unembedding on `rows` rows of stream [rows, n_embd] → logits [rows, vocab]. */
  async unembed(rows: Float32Array): Promise<Float32Array> {
    const E = this.config.nEmbd;
    if (rows.length % E !== 0) throw new InputError('bad_option', `a stream of ${rows.length} values is not a whole number of ${E}-wide rows`);
    const session = await this.session('unembedding', () => buildUnembedGraph(this.weights));
    const out = await session.run({ [UnembedInput.resid]: new ort.Tensor('float32', rows, [rows.length / E, E]) }, [UnembedOutput.logits]);
    return out[UnembedOutput.logits].data as Float32Array;
  }

  /** Rows (b, column) of a [B, W, n_embd] stream, stacked: [rows, n_embd]. */
  pick(stream: Float32Array, batch: TokenBatch, at: [number, number][]): Float32Array {
    const E = this.config.nEmbd;
    const out = new Float32Array(at.length * E);
    at.forEach(([b, c], r) => out.set(stream.subarray((b * batch.width + c) * E, (b * batch.width + c + 1) * E), r * E));
    return out;
  }

  /** The logits at each sequence's last token, [B, vocab], from the stream entering the final LayerNorm. */
  lastLogits(final: Float32Array, batch: TokenBatch): Promise<Float32Array> {
    return this.unembed(this.pick(final, batch, batch.ids.map((_, b) => [b, batch.width - 1])));
  }

  async dispose(): Promise<void> {
    for (const session of this.sessions.values()) await (await session.catch(() => undefined))?.release();
    this.sessions.clear();
  }
}
