import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRng } from '../../common/random.ts';
import { FIXTURE_MODEL } from './fixture-model.ts';

/**
 * GPT-2 models with known mechanisms, written by code as Hugging Face folders (config.json,
 * model.safetensors, the fixture's tokenizer files) that the graph engine loads like any other:
 * the adversaries the verdict must not be fooled by.
 */

interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** Write tensors in the safetensors format: 8-byte little-endian header length, JSON header, raw F32 data. */
export function writeSafetensors(file: string, tensors: Record<string, Tensor>): void {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(json.length));
  const parts = [head, Buffer.from(json, 'utf8'), ...Object.values(tensors).map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))];
  writeFileSync(file, Buffer.concat(parts));
}

const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'vocab.json', 'merges.txt', 'generation_config.json'];
const VOCAB = 50257;
const N_POSITIONS = 1024;

export interface CopierOptions {
  /** width of the residual stream; tiny keeps the test fast (and the copying noisy: random directions overlap) */
  nEmbd?: number;
  seed?: number;
  /** logit scale of the final LayerNorm: how sharply copied tokens stand out */
  sharpness?: number;
}

/**
 * A one-layer GPT-2 that copies: tied random token embeddings, no position embeddings,
 * attention with zero queries and keys (every head attends uniformly to every earlier token),
 * values and output projection the identity (OV = I, scaled up so the average of the context's
 * embeddings dominates the residual stream), no MLP. Its next-token logits are
 * ⟨mean of the context's embeddings, each token's embedding⟩: every token of the prompt is
 * raised alike, whatever its order or position. No induction, no syntax: pure copying.
 * Returns the folder (under the system's temp folder).
 */
export function buildCopierGpt2(options: CopierOptions = {}): string {
  const e = options.nEmbd ?? 128;
  const rng = seededRng(options.seed ?? 1);
  const normal = (n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return out;
  };
  const zeros = (...shape: number[]): Tensor => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const ones = (n: number): Tensor => ({ shape: [n], data: new Float32Array(n).fill(1) });
  const identity = (scale: number): Float32Array => {
    const m = new Float32Array(e * e);
    for (let i = 0; i < e; i++) m[i * e + i] = scale;
    return m;
  };
  // c_attn is [n_embd, 3·n_embd] (Conv1D: x · W): q and k columns zero, v columns the identity
  const cAttn = new Float32Array(e * 3 * e);
  for (let i = 0; i < e; i++) cAttn[i * 3 * e + 2 * e + i] = 1;
  // the final LayerNorm makes the residual unit-variance per entry; its gain sets the logit scale
  const sharpness = options.sharpness ?? 2.5;
  const lnF = new Float32Array(e).fill(sharpness / Math.sqrt(e));

  const folder = mkdtempSync(path.join(tmpdir(), 'hunt-copier-gpt2-'));
  writeSafetensors(path.join(folder, 'model.safetensors'), {
    'transformer.wte.weight': { shape: [VOCAB, e], data: normal(VOCAB * e) },
    'transformer.wpe.weight': zeros(N_POSITIONS, e),
    'transformer.h.0.ln_1.weight': ones(e),
    'transformer.h.0.ln_1.bias': zeros(e),
    'transformer.h.0.attn.c_attn.weight': { shape: [e, 3 * e], data: cAttn },
    'transformer.h.0.attn.c_attn.bias': zeros(3 * e),
    'transformer.h.0.attn.c_proj.weight': { shape: [e, e], data: identity(10) },
    'transformer.h.0.attn.c_proj.bias': zeros(e),
    'transformer.h.0.ln_2.weight': ones(e),
    'transformer.h.0.ln_2.bias': zeros(e),
    'transformer.h.0.mlp.c_fc.weight': zeros(e, 4 * e),
    'transformer.h.0.mlp.c_fc.bias': zeros(4 * e),
    'transformer.h.0.mlp.c_proj.weight': zeros(4 * e, e),
    'transformer.h.0.mlp.c_proj.bias': zeros(e),
    'transformer.ln_f.weight': { shape: [e], data: lnF },
    'transformer.ln_f.bias': zeros(e),
  });
  writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_layer: 1, n_head: 1, n_embd: e, vocab_size: VOCAB, n_positions: N_POSITIONS, tie_word_embeddings: true, bos_token_id: 50256, eos_token_id: 50256 }),
  );
  for (const f of TOKENIZER_FILES) copyFileSync(path.join(FIXTURE_MODEL, f), path.join(folder, f));
  return folder;
}
