import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ModelLoadError } from '../../common/errors.ts';
import { seededRng } from '../../common/random.ts';
import { readSafetensors, readSafetensorsLayout, type FloatTensor } from './safetensors.ts';

/**
 * The parts of a Hugging Face GPT-2 `config.json` the graph depends on. Any size works;
 * options the graph does not implement are refused here rather than computed wrongly.
 */
export const gpt2ConfigSchema = z.object({
  n_layer: z.number().int().min(1),
  n_head: z.number().int().min(1),
  n_embd: z.number().int().min(1),
  vocab_size: z.number().int().min(1),
  n_positions: z.number().int().min(1),
  n_inner: z.number().int().min(1).nullish(),
  layer_norm_epsilon: z.number().positive().default(1e-5),
  bos_token_id: z.number().int().min(0).default(50256),
  // HF GPT-2's 'gelu_new' is the tanh approximation; 'gelu_pytorch_tanh' is the same function.
  activation_function: z.enum(['gelu_new', 'gelu_pytorch_tanh']).default('gelu_new'),
  scale_attn_weights: z.boolean().default(true),
  scale_attn_by_inverse_layer_idx: z.boolean().default(false),
  tie_word_embeddings: z.boolean().default(true),
});

export type Gpt2ConfigJson = z.input<typeof gpt2ConfigSchema>;

export interface Gpt2Config {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  /** width of the MLP's hidden layer (n_inner, or 4 × n_embd) */
  nInner: number;
  vocabSize: number;
  nPositions: number;
  layerNormEps: number;
  bosId: number;
  scaleAttnWeights: boolean;
  scaleAttnByInverseLayerIdx: boolean;
}

export function parseGpt2Config(json: unknown, where = 'config.json'): Gpt2Config {
  const parsed = gpt2ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelLoadError(`${where} is not a GPT-2 config the graph engine can build: ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  if (c.n_embd % c.n_head !== 0) throw new ModelLoadError(`${where}: n_embd ${c.n_embd} is not a multiple of n_head ${c.n_head}`);
  return {
    nLayer: c.n_layer,
    nHead: c.n_head,
    nEmbd: c.n_embd,
    nInner: c.n_inner ?? 4 * c.n_embd,
    vocabSize: c.vocab_size,
    nPositions: c.n_positions,
    layerNormEps: c.layer_norm_epsilon,
    bosId: c.bos_token_id,
    scaleAttnWeights: c.scale_attn_weights,
    scaleAttnByInverseLayerIdx: c.scale_attn_by_inverse_layer_idx,
  };
}

/** GPT-2 small's shape: 124M parameters. */
export const GPT2_SMALL_CONFIG: Gpt2Config = parseGpt2Config({ n_layer: 12, n_head: 12, n_embd: 768, vocab_size: 50257, n_positions: 1024 });

export interface LayerWeights {
  ln1Weight: Float32Array;
  ln1Bias: Float32Array;
  /** c_attn, Conv1D layout [in = n_embd, out = 3 × n_embd]: q, k, v side by side, head after head within each */
  attnWeight: Float32Array;
  attnBias: Float32Array;
  /** attention c_proj [n_embd, n_embd]; rows h·d_head … (h+1)·d_head read head h's output */
  projWeight: Float32Array;
  projBias: Float32Array;
  ln2Weight: Float32Array;
  ln2Bias: Float32Array;
  fcWeight: Float32Array;
  fcBias: Float32Array;
  fcProjWeight: Float32Array;
  fcProjBias: Float32Array;
}

export interface Gpt2Weights {
  config: Gpt2Config;
  /** token embeddings [vocab, n_embd]; also the unembedding when tied */
  wte: Float32Array;
  /** position embeddings [n_positions, n_embd] */
  wpe: Float32Array;
  layers: LayerWeights[];
  lnFWeight: Float32Array;
  lnFBias: Float32Array;
  /** lm_head.weight [vocab, n_embd] when it is not tied to wte */
  unembed?: Float32Array;
  /**
   * Set by `readGpt2Layout`: the arrays above are empty placeholders, and the values lie in
   * `file` at these byte ranges. A graph built from such weights references the file as ONNX
   * external data, so the weights are never read into JavaScript.
   */
  external?: ExternalWeights;
}

export interface ExternalWeights {
  /** absolute path of the safetensors file */
  file: string;
  /** each placeholder array's byte range in the file */
  ranges: Map<Float32Array, { offset: number; length: number }>;
}

/** The unembedding matrix [vocab, n_embd]: lm_head when untied, else wte. */
export function unembedding(weights: Gpt2Weights): Float32Array {
  return weights.unembed ?? weights.wte;
}

/**
 * Pick GPT-2's tensors out of a safetensors map, checking each one's shape. Both layouts on the
 * hub are accepted: `transformer.h.0.…` (GPT2LMHeadModel) and `h.0.…` (openai-community/gpt2).
 */
export function gpt2WeightsFromTensors(config: Gpt2Config, tensors: Map<string, FloatTensor>, where = 'model.safetensors'): Gpt2Weights {
  const prefix = tensors.has('transformer.wte.weight') ? 'transformer.' : '';
  const { nEmbd: e, nInner: inner, vocabSize: v, nPositions: p } = config;
  const take = (name: string, shape: number[], full = prefix + name): Float32Array => {
    const t = tensors.get(full);
    if (!t) throw new ModelLoadError(`${where} has no tensor ${full}: is it a Hugging Face GPT-2 checkpoint?`);
    if (t.shape.length !== shape.length || t.shape.some((n, i) => n !== shape[i])) {
      throw new ModelLoadError(`${where}: ${full} has shape ${JSON.stringify(t.shape)}, config.json implies ${JSON.stringify(shape)}`);
    }
    return t.data;
  };
  const layers: LayerWeights[] = [];
  for (let l = 0; l < config.nLayer; l++) {
    const h = `h.${l}.`;
    layers.push({
      ln1Weight: take(`${h}ln_1.weight`, [e]),
      ln1Bias: take(`${h}ln_1.bias`, [e]),
      attnWeight: take(`${h}attn.c_attn.weight`, [e, 3 * e]),
      attnBias: take(`${h}attn.c_attn.bias`, [3 * e]),
      projWeight: take(`${h}attn.c_proj.weight`, [e, e]),
      projBias: take(`${h}attn.c_proj.bias`, [e]),
      ln2Weight: take(`${h}ln_2.weight`, [e]),
      ln2Bias: take(`${h}ln_2.bias`, [e]),
      fcWeight: take(`${h}mlp.c_fc.weight`, [e, inner]),
      fcBias: take(`${h}mlp.c_fc.bias`, [inner]),
      fcProjWeight: take(`${h}mlp.c_proj.weight`, [inner, e]),
      fcProjBias: take(`${h}mlp.c_proj.bias`, [e]),
    });
  }
  const wte = take('wte.weight', [v, e]);
  const lmHead = tensors.get('lm_head.weight');
  // A checkpoint that stores lm_head separately may still hold the same values; only a different matrix is kept.
  const untied = lmHead && lmHead.data !== wte && lmHead.data.some((x, i) => x !== wte[i]);
  return {
    config,
    wte,
    wpe: take('wpe.weight', [p, e]),
    layers,
    lnFWeight: take('ln_f.weight', [e]),
    lnFBias: take('ln_f.bias', [e]),
    ...(untied ? { unembed: take('lm_head.weight', [v, e], 'lm_head.weight') } : {}),
  };
}

/** Read `config.json` and `model.safetensors` from a local Hugging Face GPT-2 folder. */
export function readGpt2Folder(folder: string): Gpt2Weights {
  const configPath = path.join(folder, 'config.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (err) {
    throw new ModelLoadError(`could not read ${configPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const weightsPath = path.join(folder, 'model.safetensors');
  let tensors: Map<string, FloatTensor>;
  try {
    tensors = readSafetensors(weightsPath);
  } catch (err) {
    if (err instanceof ModelLoadError) throw err;
    throw new ModelLoadError(`could not read ${weightsPath} (the graph engine builds GPT-2 from HF safetensors weights): ${err instanceof Error ? err.message : String(err)}`);
  }
  return gpt2WeightsFromTensors(parseGpt2Config(json, configPath), tensors, weightsPath);
}

/**
 * Seeded random weights in GPT-2's shape, initialised as GPT-2 was (normal, σ 0.02; output
 * projections σ 0.02/√(2·n_layer); LayerNorms 1 and 0). For speed benchmarks: the speed of a
 * forward pass does not depend on the values, and the real weights may not be downloadable.
 *
 * @example randomGpt2Weights(GPT2_SMALL_CONFIG, 1).wte.length // 38_597_376 (50257 × 768)
 */
export function randomGpt2Weights(config: Gpt2Config, seed: number): Gpt2Weights {
  const rng = seededRng(seed);
  const normal = (n: number, std: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      // Box–Muller: two normals from two uniforms
      const r = std * Math.sqrt(-2 * Math.log(1 - rng()));
      const theta = 2 * Math.PI * rng();
      out[i] = r * Math.cos(theta);
      if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
    }
    return out;
  };
  const ones = (n: number) => new Float32Array(n).fill(1);
  const zeros = (n: number) => new Float32Array(n);
  const { nEmbd: e, nInner: inner } = config;
  const projStd = 0.02 / Math.sqrt(2 * config.nLayer);
  return {
    config,
    wte: normal(config.vocabSize * e, 0.02),
    wpe: normal(config.nPositions * e, 0.01),
    layers: Array.from({ length: config.nLayer }, () => ({
      ln1Weight: ones(e),
      ln1Bias: zeros(e),
      attnWeight: normal(e * 3 * e, 0.02),
      attnBias: zeros(3 * e),
      projWeight: normal(e * e, projStd),
      projBias: zeros(e),
      ln2Weight: ones(e),
      ln2Bias: zeros(e),
      fcWeight: normal(e * inner, 0.02),
      fcBias: zeros(inner),
      fcProjWeight: normal(inner * e, projStd),
      fcProjBias: zeros(e),
    })),
    lnFWeight: ones(e),
    lnFBias: zeros(e),
  };
}

/** Number of parameters (the tied unembedding counted once). */
export function parameterCount(config: Gpt2Config): number {
  const { nEmbd: e, nInner: inner, nLayer, vocabSize, nPositions } = config;
  const perLayer = 4 * e + (3 * e * e + 3 * e) + (e * e + e) + (e * inner + inner) + (inner * e + e);
  return vocabSize * e + nPositions * e + nLayer * perLayer + 2 * e;
}

/**
 * The weights of a local HF GPT-2 folder by reference: shapes checked from the safetensors
 * header, values left in the file (see `Gpt2Weights.external`). Null when the file cannot be
 * used in place: a tensor that is not float32, or an lm_head stored apart from wte (which may
 * or may not be tied; only reading the values tells).
 */
export function readGpt2Layout(folder: string): Gpt2Weights | null {
  const configPath = path.join(folder, 'config.json');
  const weightsPath = path.resolve(folder, 'model.safetensors');
  let config: Gpt2Config;
  let layout: ReturnType<typeof readSafetensorsLayout>;
  try {
    config = parseGpt2Config(JSON.parse(readFileSync(configPath, 'utf8')), configPath);
    layout = readSafetensorsLayout(weightsPath);
  } catch {
    return null; // the in-memory reader reports what is wrong
  }
  if (layout.has('lm_head.weight') || [...layout.values()].some((t) => t.dtype !== 'F32')) return null;
  const ranges = new Map<Float32Array, { offset: number; length: number }>();
  const tensors = new Map<string, FloatTensor>();
  for (const [name, t] of layout) {
    const placeholder = new Float32Array(0);
    ranges.set(placeholder, { offset: t.offset, length: t.length });
    tensors.set(name, { shape: t.shape, data: placeholder });
  }
  return { ...gpt2WeightsFromTensors(config, tensors, weightsPath), external: { file: weightsPath, ranges } };
}
