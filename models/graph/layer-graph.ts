import type { Gpt2Config, Gpt2Weights, LayerWeights } from './gpt2-weights.ts';
import { DType, int, OnnxGraphBuilder } from './onnx-builder.ts';

/** as the whole-model graph (gpt2-graph.ts): opset 20 has Gelu(approximate="tanh"), HF's gelu_new */
const GRAPH_OPSET = 20;
const IR_VERSION = 9;

/**
 * One transformer block as its own ONNX graph, with the hooks activation patching needs: the
 * residual stream comes in as an input (so a run can start at any layer from a cached stream), and
 * each head's z and the MLP's output can be replaced, position by position, by given values.
 * Chaining the blocks and `buildUnembedGraph` gives the same function as the whole-model graph
 * (models/graph/gpt2-graph.ts), op for op.
 */
export const LayerInput = {
  /** [batch, width, n_embd]: the residual stream entering the block */
  resid: 'resid',
  /** [batch, 1, width, width]: 0 where a query may attend to a key, float32's lowest value elsewhere */
  attnBias: 'attn_bias',
  /** [batch, width, n_head]: 1 replaces head h's z at that position by `z_patch`, 0 keeps it */
  zMix: 'z_mix',
  /** [batch, width, n_head, d_head] */
  zPatch: 'z_patch',
  /** [batch, width]: 1 replaces the MLP's output at that position by `mlp_patch` */
  mlpMix: 'mlp_mix',
  /** [batch, width, n_embd] */
  mlpPatch: 'mlp_patch',
  /** path graphs only, [batch, width, n_embd]: another stream, from which chosen heads compute q, k or v */
  qkvResid: 'qkv_resid',
  /** path graphs only, [3, n_head]: 1 where head h's q (row 0), k (row 1) or v (row 2) is read from `qkv_resid` */
  qkvMix: 'qkv_mix',
} as const;

export const LayerOutput = {
  /** [batch, width, n_embd]: the residual stream after the block */
  resid: 'resid_out',
  /** [batch, width, n_head, d_head]: each head's z, after patching */
  z: 'z',
  /** [batch, width, n_embd]: the MLP's output, after patching (bias included) */
  mlp: 'mlp_out',
  /** [batch, n_head, width, width]: attention probabilities (rows: queries, columns: keys) */
  pattern: 'pattern',
} as const;

function attentionScale(config: Gpt2Config, layer: number): number {
  let scale = config.scaleAttnWeights ? 1 / Math.sqrt(config.nEmbd / config.nHead) : 1;
  if (config.scaleAttnByInverseLayerIdx) scale /= layer + 1;
  return scale;
}

/**
 * The graph of block `layer`. With `path`, chosen heads compute their queries, keys or values
 * from a second stream (`qkv_resid`): path patching's way of changing one path into a head
 * and nothing else.
 */
export function buildLayerGraph(config: Gpt2Config, w: LayerWeights, layer: number, options: { path?: boolean } = {}): Uint8Array {
  const { nHead: H, nEmbd: E, nInner, layerNormEps } = config;
  const D = E / H;
  const g = new OnnxGraphBuilder();
  const x = g.input({ name: LayerInput.resid, dtype: DType.float, dims: ['batch', 'width', E] });
  const attnBias = g.input({ name: LayerInput.attnBias, dtype: DType.float, dims: ['batch', 1, 'width', 'width'] });
  const zMix = g.input({ name: LayerInput.zMix, dtype: DType.float, dims: ['batch', 'width', H] });
  const zPatch = g.input({ name: LayerInput.zPatch, dtype: DType.float, dims: ['batch', 'width', H, D] });
  const mlpMix = g.input({ name: LayerInput.mlpMix, dtype: DType.float, dims: ['batch', 'width'] });
  const mlpPatch = g.input({ name: LayerInput.mlpPatch, dtype: DType.float, dims: ['batch', 'width', E] });
  const half = g.scalar('half', 0.5);

  const ln1W = g.floats('ln1.w', [E], w.ln1Weight);
  const ln1B = g.floats('ln1.b', [E], w.ln1Bias);
  const attnW = g.floats('attn.w', [E, 3 * E], w.attnWeight);
  const attnB = g.floats('attn.b', [3 * E], w.attnBias);
  const shapeQkv = g.int64s('shape_qkv', [0, 0, 3, H, D]);
  const index = [0, 1, 2].map((i) => g.int64s(`index_${i}`, [i], []));
  /** q, k, v [B, T, H, D] of a stream */
  const qkvOf = (stream: string, tag: string) => {
    const ln = g.op('LayerNormalization', [stream, ln1W, ln1B], { axis: int(-1), epsilon: layerNormEps }, `ln1${tag}`);
    const qkv = g.op('Add', [g.op('MatMul', [ln, attnW], {}, `qkv_mm${tag}`), attnB], {}, `qkv${tag}`);
    const split = g.op('Reshape', [qkv, shapeQkv], {}, `qkv5${tag}`);
    return index.map((i, n) => g.op('Gather', [split, i], { axis: int(2) }, `${'qkv'[n]}${tag}`));
  };
  let [q, k, v] = qkvOf(x, '');
  if (options.path) {
    const alt = qkvOf(g.input({ name: LayerInput.qkvResid, dtype: DType.float, dims: ['batch', 'width', E] }), '_alt');
    const qkvMix = g.input({ name: LayerInput.qkvMix, dtype: DType.float, dims: [3, H] });
    const shapeMix = g.int64s('shape_mix', [1, 1, H, 1]);
    const take = (n: number) => g.op('Greater', [g.op('Reshape', [g.op('Gather', [qkvMix, index[n]], { axis: int(0) }), shapeMix]), half], {}, `take_${'qkv'[n]}`);
    [q, k, v] = [q, k, v].map((own, n) => g.op('Where', [take(n), alt[n], own], {}, `${'qkv'[n]}_path`));
  }
  const qh = g.op('Transpose', [q], { perm: [0, 2, 1, 3] }, 'qh');
  const kh = g.op('Transpose', [k], { perm: [0, 2, 3, 1] }, 'kh');
  const vh = g.op('Transpose', [v], { perm: [0, 2, 1, 3] }, 'vh');
  const scores = g.op('Mul', [g.op('MatMul', [qh, kh], {}, 'qk'), g.scalar('scale', attentionScale(config, layer))], {}, 'scores');
  const pattern = g.op('Softmax', [g.op('Add', [scores, attnBias], {}, 'masked')], { axis: int(-1) }, 'pattern');
  const zt = g.op('Transpose', [g.op('MatMul', [pattern, vh], {}, 'z_bhtd')], { perm: [0, 2, 1, 3] }, 'z_raw'); // [B, T, H, D]
  // Where, not a blend: a patched value comes through bit for bit
  const zTake = g.op('Greater', [g.op('Unsqueeze', [zMix, g.int64s('axes_3', [3])]), half], {}, 'z_take');
  const z = g.op('Where', [zTake, zPatch, zt], {}, 'z_patched');
  const attnOut = g.op(
    'Add',
    [g.op('MatMul', [g.op('Reshape', [z, g.int64s('shape_bte', [0, 0, E])]), g.floats('proj.w', [E, E], w.projWeight)], {}, 'proj_mm'), g.floats('proj.b', [E], w.projBias)],
    {},
    'attn_out',
  );
  const mid = g.op('Add', [x, attnOut], {}, 'resid_mid');

  const ln2 = g.op('LayerNormalization', [mid, g.floats('ln2.w', [E], w.ln2Weight), g.floats('ln2.b', [E], w.ln2Bias)], { axis: int(-1), epsilon: layerNormEps }, 'ln2');
  const pre = g.op('Add', [g.op('MatMul', [ln2, g.floats('fc.w', [E, nInner], w.fcWeight)], {}, 'fc_mm'), g.floats('fc.b', [nInner], w.fcBias)], {}, 'fc');
  const act = g.op('Gelu', [pre], { approximate: 'tanh' }, 'gelu');
  const mlpRaw = g.op('Add', [g.op('MatMul', [act, g.floats('fcproj.w', [nInner, E], w.fcProjWeight)], {}, 'fcproj_mm'), g.floats('fcproj.b', [E], w.fcProjBias)], {}, 'mlp_raw');
  const mlpTake = g.op('Greater', [g.op('Unsqueeze', [mlpMix, g.int64s('axes_2', [2])]), half], {}, 'mlp_take');
  const mlp = g.op('Where', [mlpTake, mlpPatch, mlpRaw], {}, 'mlp_patched');
  const out = g.op('Add', [mid, mlp], {}, 'resid_post');

  g.output(out, { name: LayerOutput.resid, dtype: DType.float, dims: ['batch', 'width', E] });
  g.output(z, { name: LayerOutput.z, dtype: DType.float, dims: ['batch', 'width', H, D] });
  g.output(mlp, { name: LayerOutput.mlp, dtype: DType.float, dims: ['batch', 'width', E] });
  g.output(pattern, { name: LayerOutput.pattern, dtype: DType.float, dims: ['batch', H, 'width', 'width'] });
  return g.serialize(GRAPH_OPSET, IR_VERSION);
}

export const UnembedInput = { resid: 'resid' } as const;
export const UnembedOutput = { logits: 'logits' } as const;

/** The final LayerNorm and the unembedding on rows of residual stream: [rows, n_embd] → [rows, vocab]. */
export function buildUnembedGraph(weights: Gpt2Weights): Uint8Array {
  const { nEmbd: E, vocabSize: V, layerNormEps } = weights.config;
  const g = new OnnxGraphBuilder();
  const x = g.input({ name: UnembedInput.resid, dtype: DType.float, dims: ['rows', E] });
  const lnF = g.op('LayerNormalization', [x, g.floats('lnf.w', [E], weights.lnFWeight), g.floats('lnf.b', [E], weights.lnFBias)], { axis: int(-1), epsilon: layerNormEps }, 'ln_f');
  const unembed = g.floats('unembed', [V, E], weights.unembed ?? weights.wte);
  g.output(g.op('Gemm', [lnF, unembed], { transB: int(1) }, 'unembed_mm'), { name: UnembedOutput.logits, dtype: DType.float, dims: ['rows', V] });
  return g.serialize(GRAPH_OPSET, IR_VERSION);
}
