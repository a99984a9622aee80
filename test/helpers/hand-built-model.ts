import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_MODEL } from './fixture-model.ts';
import { serializeSafetensors } from '../../models/graph/safetensors-writer.ts';

/**
 * A 2-layer GPT-2 whose weights are set by hand, with one known previous-token head and one
 * known induction head, for checking that interpretability tools find exactly those heads.
 *
 * Every feature lives in a ± pair of residual dimensions (+v, −v), so every residual vector has
 * mean 0 and the same norm at every position; LayerNorm is then a fixed scaling and attention
 * scores are exact dot products of features:
 *  - token features: one per pool token and one for BOS (wte); position features: one per
 *    position (wpe); "previous token" features: written by the previous-token head.
 *  - PREVIOUS_TOKEN_HEAD (0.2): query = position i, key = position j + 1, so position i attends to
 *    i − 1; it copies that token's feature into the "previous token" features.
 *  - INDUCTION_HEAD (1.1): query = current token, key = "previous token" feature, so it attends
 *    to the token after an earlier occurrence of the current token, and copies that token's
 *    feature to the output (unembedding tied to wte), so the model predicts the induction answer.
 *  - every other head has zero weights (uniform attention, zero output); MLPs are zero.
 */
export const HAND_BUILT = {
  /** GPT-2 token ids the model knows: " the"… any 12 ids; here 1000–1011 */
  pool: Array.from({ length: 12 }, (_, i) => 1000 + i),
  bosId: 50256,
  positions: 32,
  previousTokenHead: [0, 2] as [number, number],
  inductionHead: [1, 1] as [number, number],
};

const NT = HAND_BUILT.pool.length + 1; // token features (pool + BOS)
const P = HAND_BUILT.positions;
const E = 128;
const H = 4;
const D = E / H;
const V = 50257;
const INNER = 4;
const tokFeature = (f: number) => f;
const posFeature = (i: number) => NT + i;
const prevFeature = (f: number) => NT + P + f;

/** Write ±value into feature `f` of row `row` of a [rows, E] matrix. */
function setFeature(m: Float32Array, row: number, f: number, value: number): void {
  m[row * E + 2 * f] = value;
  m[row * E + 2 * f + 1] = -value;
}

/** Build the model's folder (config.json, model.safetensors, the fixture's tokenizer) in a temp dir. */
export function writeHandBuiltModel(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'hunt-hand-built-'));
  const wte = new Float32Array(V * E);
  HAND_BUILT.pool.forEach((id, f) => setFeature(wte, id, tokFeature(f), 1));
  setFeature(wte, HAND_BUILT.bosId, tokFeature(NT - 1), 1);
  const wpe = new Float32Array(P * E);
  for (let i = 0; i < P; i++) setFeature(wpe, i, posFeature(i), 1);

  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {
    'transformer.wte.weight': { shape: [V, E], data: wte },
    'transformer.wpe.weight': { shape: [P, E], data: wpe },
    'transformer.ln_f.weight': { shape: [E], data: new Float32Array(E).fill(1) },
    'transformer.ln_f.bias': { shape: [E], data: new Float32Array(E) },
  };
  // c_attn is [in = E, out = 3E]: q columns h·D + d, k columns E + h·D + d, v columns 2E + h·D + d.
  // The + dimension of a feature (2f) is what a head reads.
  const attn = [new Float32Array(E * 3 * E), new Float32Array(E * 3 * E)];
  const proj = [new Float32Array(E * E), new Float32Array(E * E)];
  const read = (w: Float32Array, feature: number, column: number, value: number) => (w[2 * feature * 3 * E + column] = value);
  // After LayerNorm a ±1 feature reads about ±5.7 (layer 0) and ±4.6 (layer 1): scores of ~90 make the attention one-hot.
  {
    const [, h] = HAND_BUILT.previousTokenHead;
    for (let i = 0; i < P; i++) read(attn[0], posFeature(i), h * D + i, 4);
    for (let j = 0; j + 1 < P; j++) read(attn[0], posFeature(j), E + h * D + j + 1, 4);
    for (let f = 0; f < NT; f++) {
      read(attn[0], tokFeature(f), 2 * E + h * D + f, 1);
      setFeature(proj[0], h * D + f, prevFeature(f), 1 / Math.sqrt(E / 4));
    }
  }
  {
    const [, h] = HAND_BUILT.inductionHead;
    for (let f = 0; f < NT; f++) {
      read(attn[1], tokFeature(f), h * D + f, 5);
      read(attn[1], prevFeature(f), E + h * D + f, 5);
      read(attn[1], tokFeature(f), 2 * E + h * D + f, 1);
      setFeature(proj[1], h * D + f, tokFeature(f), 3 / Math.sqrt(E / 6));
    }
  }
  for (let l = 0; l < 2; l++) {
    const p = `transformer.h.${l}.`;
    Object.assign(tensors, {
      [`${p}ln_1.weight`]: { shape: [E], data: new Float32Array(E).fill(1) },
      [`${p}ln_1.bias`]: { shape: [E], data: new Float32Array(E) },
      [`${p}attn.c_attn.weight`]: { shape: [E, 3 * E], data: attn[l] },
      [`${p}attn.c_attn.bias`]: { shape: [3 * E], data: new Float32Array(3 * E) },
      [`${p}attn.c_proj.weight`]: { shape: [E, E], data: proj[l] },
      [`${p}attn.c_proj.bias`]: { shape: [E], data: new Float32Array(E) },
      [`${p}ln_2.weight`]: { shape: [E], data: new Float32Array(E).fill(1) },
      [`${p}ln_2.bias`]: { shape: [E], data: new Float32Array(E) },
      [`${p}mlp.c_fc.weight`]: { shape: [E, INNER], data: new Float32Array(E * INNER) },
      [`${p}mlp.c_fc.bias`]: { shape: [INNER], data: new Float32Array(INNER) },
      [`${p}mlp.c_proj.weight`]: { shape: [INNER, E], data: new Float32Array(INNER * E) },
      [`${p}mlp.c_proj.bias`]: { shape: [E], data: new Float32Array(E) },
    });
  }
  writeFileSync(path.join(folder, 'model.safetensors'), serializeSafetensors(Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, { dtype: 'F32' as const, ...t }]))));
  writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ model_type: 'gpt2', n_layer: 2, n_head: H, n_embd: E, n_inner: INNER, vocab_size: V, n_positions: P, bos_token_id: HAND_BUILT.bosId, tie_word_embeddings: true }),
  );
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(path.join(FIXTURE_MODEL, file), path.join(folder, file));
  return folder;
}
