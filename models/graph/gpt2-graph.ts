import { appendRowScores } from '../row-logits-scores.ts';
import { builderSink, DType, int, OnnxGraphBuilder, type ValueInfo } from './onnx-builder.ts';
import type { Gpt2Weights } from './gpt2-weights.ts';

/**
 * ONNX opset of the graph. 20 is the first with `Gelu(approximate="tanh")`, which is HF
 * GPT-2's `gelu_new` exactly; onnxruntime 1.30 runs it (and LayerNormalization, opset 17)
 * with fused CPU kernels. IR version 9 is the one that goes with opset 20.
 */
export const GRAPH_OPSET = 20;

/** The file name a graph built from external weights reads them from, relative to the graph file. */
export const EXTERNAL_WEIGHTS_FILE = 'model.safetensors';
const IR_VERSION = 9;

/** Graph input names: the same three as the hub's transformers.js GPT-2 exports, plus ablation. */
export const GraphInput = {
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  positionIds: 'position_ids',
  /** [n_layer, n_head] float: 1 keeps a head, 0 replaces its output (z) by head_fill */
  headKeep: 'head_keep',
  /** [n_layer, n_head, d_head] float: what an ablated head outputs instead (zeros: zero ablation; its mean z: mean ablation) */
  headFill: 'head_fill',
  /** [rows] int64, inspect graph only: flat indices b·width + column of the positions to read out */
  readoutRows: 'readout_rows',
  /**
   * [rows] int64, plain graph only: flat indices b·width + column whose logits to compute.
   * Scoring needs a few rows per sequence; the [V, E] unembedding is most of a small
   * model's work, so it runs on those rows only.
   */
  logitRows: 'logit_rows',
  /**
   * Plain graph only, per layer `past_key_values.<layer>.key` / `.value`: [batch, n_head, past, d_head]
   * keys and values of earlier tokens (past = 0 for a fresh run), named as in the hub's exports.
   * With a past, `attention_mask` covers past + new tokens: [batch, past + width].
   */
  pastKeyValues: 'past_key_values',
} as const;

/** Graph output names; per-layer ones end in `.<layer>`. */
export const GraphOutput = {
  logits: 'logits',
  /** [batch, n_head, width, width]: attention probabilities (rows: queries, columns: keys) */
  pattern: 'pattern',
  /** [n_head, rows, n_embd]: head h's output written into the residual stream (z_h · W_O,h, bias excluded) */
  headOut: 'head_out',
  /** [rows, n_head, d_head]: each head's z before ablation, for mean ablation */
  z: 'z',
  /** [rows, n_embd]: the MLP's output written into the residual stream */
  mlpOut: 'mlp_out',
  /** [rows, n_embd]: the residual stream after the layer */
  resid: 'resid',
  /** [rows, n_embd]: token and position embeddings */
  embedTok: 'embed_tok',
  embedPos: 'embed_pos',
  /** plain graph only, per layer `present.<layer>.key` / `.value`: [batch, n_head, past + width, d_head], the next run's past */
  present: 'present',
  /**
   * plain graph only, per layer `present_new.<layer>.key` / `.value`: [batch, n_head, width, d_head],
   * this run's keys and values alone (present's last `width` columns), for a caller that keeps
   * the cache in buffers of its own (row-logits-run.ts)
   */
  presentNew: 'present_new',
} as const;

/** The KV-cache input and output names of one layer. */
export function cacheNames(layer: number): { pastKey: string; pastValue: string; presentKey: string; presentValue: string; newKey: string; newValue: string } {
  return {
    pastKey: `${GraphInput.pastKeyValues}.${layer}.key`,
    pastValue: `${GraphInput.pastKeyValues}.${layer}.value`,
    presentKey: `${GraphOutput.present}.${layer}.key`,
    presentValue: `${GraphOutput.present}.${layer}.value`,
    newKey: `${GraphOutput.presentNew}.${layer}.key`,
    newValue: `${GraphOutput.presentNew}.${layer}.value`,
  };
}

export interface GraphBuildOptions {
  /** also output attention patterns, per-head outputs, MLP outputs and residual streams at readout rows */
  inspect?: boolean;
}

/**
 * Build GPT-2 as an ONNX graph from its weights (HF layout; Conv1D weights are [in, out], so
 * they feed MatMul unchanged). Attention is written out op by op (MatMul, Softmax, MatMul)
 * so that patterns can be read and heads ablated; the padding + causal mask is built in the
 * graph from `attention_mask`. Masked scores get float32's lowest value, as HF does, so a
 * row that is all padding stays finite instead of turning into NaN.
 *
 * @example buildGpt2Graph(readGpt2Folder('test/fixtures/tiny-gpt2')).byteLength // ≈ 13.5 MB
 */
export function buildGpt2Graph(weights: Gpt2Weights, options: GraphBuildOptions = {}): Uint8Array {
  const { config } = weights;
  const { nLayer: L, nHead: H, nEmbd: E, nInner, vocabSize: V, nPositions: P, layerNormEps } = config;
  const D = E / H;
  // weights read by reference stay in their file: the graph names it beside itself (see GraphModel)
  const g = new OnnxGraphBuilder(weights.external ? { location: EXTERNAL_WEIGHTS_FILE, ranges: weights.external.ranges } : undefined);
  const inspect = options.inspect ?? false;

  const ids = g.input({ name: GraphInput.inputIds, dtype: DType.int64, dims: ['batch', 'width'] });
  const cached = !inspect;
  const mask = g.input({ name: GraphInput.attentionMask, dtype: DType.int64, dims: ['batch', cached ? 'total' : 'width'] });
  const positions = g.input({ name: GraphInput.positionIds, dtype: DType.int64, dims: ['batch', 'width'] });
  const headKeep = g.input({ name: GraphInput.headKeep, dtype: DType.float, dims: [L, H] });
  const headFill = g.input({ name: GraphInput.headFill, dtype: DType.float, dims: [L, H, D] });
  const rows = inspect ? g.input({ name: GraphInput.readoutRows, dtype: DType.int64, dims: ['rows'] }) : '';
  const logitRows = inspect ? '' : g.input({ name: GraphInput.logitRows, dtype: DType.int64, dims: ['logit_rows'] });

  const wte = g.floats('wte', [V, E], weights.wte);
  const wpe = g.floats('wpe', [P, E], weights.wpe);
  const one = g.scalar('one', 1);
  const shapeBTE = g.int64s('shape_b_t_e', [0, 0, E]);
  const shapeQkv = g.int64s('shape_qkv', [0, 0, 3, H, D]);
  const shapeRowsE = g.int64s('shape_rows_e', [-1, E]);
  const shapeRowsHD = inspect ? g.int64s('shape_rows_h_d', [-1, H, D]) : '';
  const shapeKeep = g.int64s('shape_keep', [1, H, 1, 1]);
  const shapeFill = g.int64s('shape_fill', [1, H, 1, D]);
  const shapeKeepCol = g.int64s('shape_keep_col', [H, 1]);
  const shapeHeadsDE = inspect ? g.int64s('shape_h_d_e', [H, D, E]) : '';
  const index = [0, 1, 2].map((i) => g.int64s(`index_${i}`, [i], []));
  const gatherRows = (value: string, shape: string, name: string) => g.op('Gather', [g.op('Reshape', [value, shape]), rows], { axis: int(0) }, name);

  // Embeddings
  const tok = g.op('Gather', [wte, ids], { axis: int(0) }, 'tok_embed');
  const pos = g.op('Gather', [wpe, positions], { axis: int(0) }, 'pos_embed');
  let x = g.op('Add', [tok, pos], {}, 'embed');
  if (inspect) {
    g.output(gatherRows(tok, shapeRowsE, 'tok_rows'), { name: GraphOutput.embedTok, dtype: DType.float, dims: ['rows', E] });
    g.output(gatherRows(pos, shapeRowsE, 'pos_rows'), { name: GraphOutput.embedPos, dtype: DType.float, dims: ['rows', E] });
  }

  // Additive attention bias [batch, 1, width, width]: 0 where key ≤ query and the key is a real token.
  const width = g.op('Gather', [g.op('Shape', [ids]), index[1]], { axis: int(0) }, 'width');
  let causal: string;
  if (cached) {
    // Queries are the last `width` of `total` positions (the past comes first): query i sees keys ≤ past + i.
    const total = g.op('Gather', [g.op('Shape', [mask]), index[1]], { axis: int(0) }, 'total');
    const queries = g.op('Range', [g.op('Sub', [total, width], {}, 'past'), total, g.int64s('one_i64_q', [1], [])], {}, 'query_positions');
    const keys = g.op('Range', [g.int64s('zero_i64_k', [0], []), total, g.int64s('one_i64_k', [1], [])], {}, 'key_positions');
    causal = g.op('GreaterOrEqual', [g.op('Unsqueeze', [queries, g.int64s('axes_1', [1])]), g.op('Unsqueeze', [keys, g.int64s('axes_0', [0])])], {}, 'causal');
  } else {
    const range = g.op('Range', [g.int64s('zero_i64', [0], []), width, g.int64s('one_i64', [1], [])], {}, 'range');
    causal = g.op('GreaterOrEqual', [g.op('Unsqueeze', [range, g.int64s('axes_1', [1])]), g.op('Unsqueeze', [range, g.int64s('axes_0', [0])])], {}, 'causal');
  }
  const keyReal = g.op('Unsqueeze', [g.op('Cast', [mask], { to: int(DType.bool) }), g.int64s('axes_1_2', [1, 2])], {}, 'key_real');
  const allowed = g.op('And', [causal, keyReal], {}, 'allowed');
  const attnBias = g.op('Where', [allowed, g.scalar('zero', 0), g.scalar('float_lowest', -3.4028234663852886e38)], {}, 'attn_bias');

  weights.layers.forEach((w, l) => {
    const p = `l${l}`;
    const ln1 = g.op('LayerNormalization', [x, g.floats(`${p}.ln1.w`, [E], w.ln1Weight), g.floats(`${p}.ln1.b`, [E], w.ln1Bias)], { axis: int(-1), epsilon: layerNormEps }, `${p}_ln1`);
    const qkv = g.op('Add', [g.op('MatMul', [ln1, g.floats(`${p}.attn.w`, [E, 3 * E], w.attnWeight)], {}, `${p}_qkv_mm`), g.floats(`${p}.attn.b`, [3 * E], w.attnBias)], {}, `${p}_qkv`);
    const split = g.op('Reshape', [qkv, shapeQkv], {}, `${p}_qkv5`); // [B, T, 3, H, D]
    const [q, k, v] = index.map((i, n) => g.op('Gather', [split, i], { axis: int(2) }, `${p}_${'qkv'[n]}`)); // [B, T, H, D]
    let scale = config.scaleAttnWeights ? 1 / Math.sqrt(D) : 1;
    if (config.scaleAttnByInverseLayerIdx) scale /= l + 1;
    const qh = g.op('Transpose', [q], { perm: [0, 2, 1, 3] }, `${p}_qh`); // [B, H, T, D]
    let kh: string;
    let vh: string;
    if (cached) {
      // The cache: past keys and values first, then this run's; the whole of it is the next run's past.
      const names = cacheNames(l);
      const past = (name: string) => g.input({ name, dtype: DType.float, dims: ['batch', H, 'past', D] });
      const newKeys = g.op('Transpose', [k], { perm: [0, 2, 1, 3] }, `${p}_k_new`); // [B, H, T, D]
      const newValues = g.op('Transpose', [v], { perm: [0, 2, 1, 3] }, `${p}_v_new`);
      const keys = g.op('Concat', [past(names.pastKey), newKeys], { axis: int(2) }, `${p}_keys`); // [B, H, P+T, D]
      vh = g.op('Concat', [past(names.pastValue), newValues], { axis: int(2) }, `${p}_values`);
      g.output(keys, { name: names.presentKey, dtype: DType.float, dims: ['batch', H, 'total', D] });
      g.output(vh, { name: names.presentValue, dtype: DType.float, dims: ['batch', H, 'total', D] });
      g.output(newKeys, { name: names.newKey, dtype: DType.float, dims: ['batch', H, 'width', D] });
      g.output(newValues, { name: names.newValue, dtype: DType.float, dims: ['batch', H, 'width', D] });
      kh = g.op('Transpose', [keys], { perm: [0, 1, 3, 2] }, `${p}_kh`); // [B, H, D, P+T]
    } else {
      kh = g.op('Transpose', [k], { perm: [0, 2, 3, 1] }, `${p}_kh`); // [B, H, D, T]
      vh = g.op('Transpose', [v], { perm: [0, 2, 1, 3] }, `${p}_vh`);
    }
    const scores = g.op('Mul', [g.op('MatMul', [qh, kh], {}, `${p}_qk`), g.scalar(`${p}.scale`, scale)], {}, `${p}_scores`);
    const pattern = g.op('Softmax', [g.op('Add', [scores, attnBias], {}, `${p}_masked`)], { axis: int(-1) }, `${p}_pattern`);
    const z = g.op('MatMul', [pattern, vh], {}, `${p}_z`); // [B, H, T, D]

    // Ablation: z ← z · keep + fill · (1 − keep), per head
    const layerIndex = g.int64s(`${p}.index`, [l], []);
    const keep = g.op('Gather', [headKeep, layerIndex], { axis: int(0) }, `${p}_keep`); // [H]
    const fillRaw = g.op('Gather', [headFill, layerIndex], { axis: int(0) }, `${p}_fill_raw`); // [H, D]
    const fill = g.op('Mul', [fillRaw, g.op('Sub', [one, g.op('Reshape', [keep, shapeKeepCol])])], {}, `${p}_fill`);
    const zKept = g.op('Mul', [z, g.op('Reshape', [keep, shapeKeep])], {}, `${p}_z_kept`);
    const zAblated = g.op('Add', [zKept, g.op('Reshape', [fill, shapeFill])], {}, `${p}_z_ablated`);
    const zt = g.op('Transpose', [zAblated], { perm: [0, 2, 1, 3] }, `${p}_zt`); // [B, T, H, D]
    const projW = g.floats(`${p}.proj.w`, [E, E], w.projWeight);
    const attnOut = g.op('Add', [g.op('MatMul', [g.op('Reshape', [zt, shapeBTE]), projW], {}, `${p}_proj_mm`), g.floats(`${p}.proj.b`, [E], w.projBias)], {}, `${p}_attn_out`);
    x = g.op('Add', [x, attnOut], {}, `${p}_resid_mid`);

    const ln2 = g.op('LayerNormalization', [x, g.floats(`${p}.ln2.w`, [E], w.ln2Weight), g.floats(`${p}.ln2.b`, [E], w.ln2Bias)], { axis: int(-1), epsilon: layerNormEps }, `${p}_ln2`);
    const pre = g.op('Add', [g.op('MatMul', [ln2, g.floats(`${p}.fc.w`, [E, nInner], w.fcWeight)], {}, `${p}_fc_mm`), g.floats(`${p}.fc.b`, [nInner], w.fcBias)], {}, `${p}_fc`);
    const act = g.op('Gelu', [pre], { approximate: 'tanh' }, `${p}_gelu`);
    const mlpOut = g.op('Add', [g.op('MatMul', [act, g.floats(`${p}.fcproj.w`, [nInner, E], w.fcProjWeight)], {}, `${p}_fcproj_mm`), g.floats(`${p}.fcproj.b`, [E], w.fcProjBias)], {}, `${p}_mlp_out`);
    x = g.op('Add', [x, mlpOut], {}, `${p}_resid_post`);

    if (inspect) {
      const rowsInfo = (name: string, dims: (number | string)[]): ValueInfo => ({ name: `${name}.${l}`, dtype: DType.float, dims });
      g.output(pattern, rowsInfo(GraphOutput.pattern, ['batch', H, 'width', 'width']));
      g.output(gatherRows(g.op('Transpose', [z], { perm: [0, 2, 1, 3] }), shapeRowsHD, `${p}_z_rows`), rowsInfo(GraphOutput.z, ['rows', H, D]));
      // Each head's contribution: its (ablated) z at the readout rows times its D rows of W_O.
      const zRows = g.op('Transpose', [gatherRows(zt, shapeRowsHD, `${p}_zt_rows`)], { perm: [1, 0, 2] }); // [H, rows, D]
      const headOut = g.op('MatMul', [zRows, g.op('Reshape', [projW, shapeHeadsDE])], {}, `${p}_head_out`); // [H, rows, E]
      g.output(headOut, rowsInfo(GraphOutput.headOut, [H, 'rows', E]));
      g.output(gatherRows(mlpOut, shapeRowsE, `${p}_mlp_rows`), rowsInfo(GraphOutput.mlpOut, ['rows', E]));
      g.output(gatherRows(x, shapeRowsE, `${p}_resid_rows`), rowsInfo(GraphOutput.resid, ['rows', E]));
    }
  });

  const lnF = g.op('LayerNormalization', [x, g.floats('lnf.w', [E], weights.lnFWeight), g.floats('lnf.b', [E], weights.lnFBias)], { axis: int(-1), epsilon: layerNormEps }, 'ln_f');
  // Unembedding with the tied [V, E] matrix read transposed by Gemm, so no transposed copy is stored.
  const unembed = weights.unembed ? g.floats('lm_head', [V, E], weights.unembed) : wte;
  const lnRows = g.op('Reshape', [lnF, shapeRowsE], {}, 'ln_f_rows');
  if (inspect) {
    const flat = g.op('Gemm', [lnRows, unembed], { transB: int(1) }, 'unembed');
    const logitsShape = g.op('Concat', [g.op('Shape', [ids]), g.int64s('vocab', [V])], { axis: int(0) }, 'logits_shape');
    g.output(g.op('Reshape', [flat, logitsShape]), { name: GraphOutput.logits, dtype: DType.float, dims: ['batch', 'width', V] });
  } else {
    const unembedRows = (rowIndices: string, name: string) => g.op('Gemm', [g.op('Gather', [lnRows, rowIndices], { axis: int(0) }, `${name}_picked`), unembed], { transB: int(1) }, name);
    g.output(unembedRows(logitRows, 'unembed'), { name: GraphOutput.logits, dtype: DType.float, dims: ['logit_rows', V] });
    // log-normaliser, target logits and ranks, top-k of the scored rows: a few floats per row instead of V
    appendRowScores(builderSink(g, GRAPH_OPSET), (scoreRows) => unembedRows(scoreRows, 'score_unembed'), V);
  }

  return g.serialize(GRAPH_OPSET, IR_VERSION);
}
