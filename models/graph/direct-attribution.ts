/**
 * Direct logit attribution (DLA): how much each component's output, written into the
 * residual stream, pushes logit(answer) − logit(distractor) at one position.
 *
 * The final residual stream is the sum of its components,
 *   x = tok_embed + pos_embed + Σ_layers (Σ_heads head_out + attn_bias + mlp_out),
 * and the logit difference is LN_f(x) · d with d = W_U[answer] − W_U[distractor] and
 * LN_f(x) = (x − mean(x)) / s ⊙ γ + β, s = √(var(x) + ε). LN_f is linear in x except for
 * the scale s, so we **freeze s at its value for this position** (as TransformerLens does in
 * `apply_ln_to_stack`) and centre each component on its own: component c contributes
 *   ((c − mean(c)) ⊙ γ) · d / s,
 * and β · d is one more, constant, term. With s frozen these terms add up exactly (up to
 * float rounding) to the logit difference the model computed.
 */

export interface DirectAttribution {
  /** the final LayerNorm's scale √(var(x) + ε) at this position, frozen for the attribution */
  ln_scale: number;
  tok_embed: number;
  pos_embed: number;
  /** [layer][head] */
  heads: number[][];
  /** [layer]: the attention output projection's bias, which belongs to no single head */
  attn_bias: number[];
  /** [layer], bias included */
  mlp: number[];
  /** β · d: the final LayerNorm's bias */
  ln_bias: number;
  /** the sum of every term above */
  total: number;
}

/** Everything at one position that DLA needs; vectors are n_embd long. */
export interface ResidualParts {
  tokEmbed: Float32Array;
  posEmbed: Float32Array;
  /** [layer][head] */
  heads: Float32Array[][];
  attnBias: Float32Array[];
  mlp: Float32Array[];
  /** the residual stream that enters the final LayerNorm */
  final: Float32Array;
}

export interface FinalLayerNorm {
  weight: Float32Array;
  bias: Float32Array;
  eps: number;
}

/** √(var(x) + ε), with the biased variance as LayerNorm uses. */
export function layerNormScale(x: Float32Array, eps: number): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let variance = 0;
  for (let i = 0; i < x.length; i++) variance += (x[i] - mean) ** 2;
  return Math.sqrt(variance / x.length + eps);
}

/**
 * Attribute logit(answer) − logit(distractor) to each component at one position.
 * `direction` is W_U[answer] − W_U[distractor].
 *
 * @example directAttribution(parts, lnF, direction).total // equals the model's logit difference within float error
 */
export function directAttribution(parts: ResidualParts, lnF: FinalLayerNorm, direction: Float32Array): DirectAttribution {
  const n = direction.length;
  const s = layerNormScale(parts.final, lnF.eps);
  // w = γ ⊙ d; a centred component's contribution is (c − mean(c)) · w / s = (c · w − mean(c) Σw) / s
  const w = new Float64Array(n);
  let sumW = 0;
  for (let i = 0; i < n; i++) {
    w[i] = lnF.weight[i] * direction[i];
    sumW += w[i];
  }
  const term = (c: Float32Array): number => {
    let dot = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      dot += c[i] * w[i];
      sum += c[i];
    }
    return (dot - (sum / n) * sumW) / s;
  };
  let lnBias = 0;
  for (let i = 0; i < n; i++) lnBias += lnF.bias[i] * direction[i];
  const result: DirectAttribution = {
    ln_scale: s,
    tok_embed: term(parts.tokEmbed),
    pos_embed: term(parts.posEmbed),
    heads: parts.heads.map((layer) => layer.map(term)),
    attn_bias: parts.attnBias.map(term),
    mlp: parts.mlp.map(term),
    ln_bias: lnBias,
    total: 0,
  };
  result.total =
    result.tok_embed +
    result.pos_embed +
    result.heads.flat().reduce((a, b) => a + b, 0) +
    result.attn_bias.reduce((a, b) => a + b, 0) +
    result.mlp.reduce((a, b) => a + b, 0) +
    result.ln_bias;
  return result;
}

/** W_U[a] − W_U[b] from a row-major [vocab, n_embd] unembedding matrix. */
export function unembedDirection(unembed: Float32Array, nEmbd: number, answer: number, distractor: number): Float32Array {
  const d = new Float32Array(nEmbd);
  for (let i = 0; i < nEmbd; i++) d[i] = unembed[answer * nEmbd + i] - unembed[distractor * nEmbd + i];
  return d;
}

/** LN_f(x) · d: the logit difference a residual stream x gives on its own (logit lens), its own scale included. */
export function lensLogitDiff(x: Float32Array, lnF: FinalLayerNorm, direction: Float32Array): number {
  const s = layerNormScale(x, lnF.eps);
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let total = 0;
  for (let i = 0; i < x.length; i++) total += (((x[i] - mean) / s) * lnF.weight[i] + lnF.bias[i]) * direction[i];
  return total;
}
