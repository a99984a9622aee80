import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRng } from '../../common/random.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';
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
/** GPT-2's vocabulary: the fixture's tokenizer, so every hand-built model reads text as GPT-2 small does */
export const VOCAB = 50257;
const N_POSITIONS = 1024;

function normal(rng: () => number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return out;
}
const zeros = (...shape: number[]): Tensor => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const ones = (n: number): Tensor => ({ shape: [n], data: new Float32Array(n).fill(1) });

/** Layer 0 of a one-layer GPT-2 with the given attention weights (c_attn, c_proj) and no MLP. */
function layerZero(e: number, cAttn: Tensor, cProj: Tensor): Record<string, Tensor> {
  return {
    'transformer.h.0.ln_1.weight': ones(e),
    'transformer.h.0.ln_1.bias': zeros(e),
    'transformer.h.0.attn.c_attn.weight': cAttn,
    'transformer.h.0.attn.c_attn.bias': zeros(3 * e),
    'transformer.h.0.attn.c_proj.weight': cProj,
    'transformer.h.0.attn.c_proj.bias': zeros(e),
    'transformer.h.0.ln_2.weight': ones(e),
    'transformer.h.0.ln_2.bias': zeros(e),
    'transformer.h.0.mlp.c_fc.weight': zeros(e, 4 * e),
    'transformer.h.0.mlp.c_fc.bias': zeros(4 * e),
    'transformer.h.0.mlp.c_proj.weight': zeros(4 * e, e),
    'transformer.h.0.mlp.c_proj.bias': zeros(e),
  };
}

/** A Hugging Face folder of a one-layer, one-head GPT-2 (tied embeddings) under the system's temp folder. */
function writeGpt2Folder(prefix: string, e: number, tensors: Record<string, Tensor>): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  writeSafetensors(path.join(folder, 'model.safetensors'), tensors);
  writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_layer: 1, n_head: 1, n_embd: e, vocab_size: VOCAB, n_positions: N_POSITIONS, tie_word_embeddings: true, bos_token_id: 50256, eos_token_id: 50256 }),
  );
  for (const f of TOKENIZER_FILES) copyFileSync(path.join(FIXTURE_MODEL, f), path.join(folder, f));
  return folder;
}

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

  return writeGpt2Folder('hunt-copier-gpt2-', e, {
    'transformer.wte.weight': { shape: [VOCAB, e], data: normal(rng, VOCAB * e) },
    'transformer.wpe.weight': zeros(N_POSITIONS, e),
    ...layerZero(e, { shape: [e, 3 * e], data: cAttn }, { shape: [e, e], data: identity(10) }),
    'transformer.ln_f.weight': { shape: [e], data: lnF },
    'transformer.ln_f.bias': zeros(e),
  });
}

export interface UnigramOptions {
  /** log P(token) for every token of the vocabulary (VOCAB entries): the one distribution it predicts */
  logProbs: Float32Array;
  /** width of the residual stream: the unembedding reads only its first dimension */
  nEmbd?: number;
  seed?: number;
}

/**
 * A one-layer GPT-2 whose output ignores its input: the final LayerNorm's gain is zero and its
 * bias the first unit vector, so after every context the last hidden state is that vector and
 * the logits (tied embeddings) are the first column of the token embeddings, set to `logProbs`.
 * The other columns are random and the attention a copier's (uniform, identity OV), so the
 * residual stream does depend on the prompt: only the zero gain throws it away. Every position
 * of every prompt gets the same next-token distribution, exp(logProbs): a pure unigram model.
 * Returns the folder (under the system's temp folder).
 */
export function buildUnigramGpt2(options: UnigramOptions): string {
  const e = options.nEmbd ?? 8;
  if (options.logProbs.length !== VOCAB) throw new Error(`logProbs needs ${VOCAB} entries (got ${options.logProbs.length})`);
  const wte = normal(seededRng(options.seed ?? 1), VOCAB * e);
  for (let v = 0; v < VOCAB; v++) wte[v * e] = options.logProbs[v];
  const cAttn = new Float32Array(e * 3 * e);
  for (let i = 0; i < e; i++) cAttn[i * 3 * e + 2 * e + i] = 1;
  const cProj = new Float32Array(e * e);
  for (let i = 0; i < e; i++) cProj[i * e + i] = 1;
  const lnFBias = new Float32Array(e);
  lnFBias[0] = 1;
  return writeGpt2Folder('hunt-unigram-gpt2-', e, {
    'transformer.wte.weight': { shape: [VOCAB, e], data: wte },
    'transformer.wpe.weight': { shape: [N_POSITIONS, e], data: normal(seededRng((options.seed ?? 1) + 1), N_POSITIONS * e) },
    ...layerZero(e, { shape: [e, 3 * e], data: cAttn }, { shape: [e, e], data: cProj }),
    'transformer.ln_f.weight': zeros(e),
    'transformer.ln_f.bias': { shape: [e], data: lnFBias },
  });
}

/**
 * The unigram that favours the answers of `tasks`, the hardest unigram for a verdict: each
 * task's heuristic answers `prompts` of its prompts, every token of every answer is counted, and
 * 90% of the probability goes to those tokens in proportion to their counts (the rest spread
 * over the vocabulary). Answers that are common across prompts (a frequent name, a large number)
 * get the most.
 */
export function answerFavouringLogProbs(tasks: readonly TaskDefinition[], encode: (text: string) => number[], prompts = 200): Float32Array {
  const counts = new Float64Array(VOCAB);
  let total = 0;
  for (const task of tasks) {
    for (const { prompt } of task.generate(seededRng(0), prompts)) {
      for (const answer of task.heuristic(prompt)?.answers ?? []) {
        for (const id of encode(answer)) {
          counts[id]++;
          total++;
        }
      }
    }
  }
  const spread = 0.1 / VOCAB;
  return Float32Array.from(counts, (c) => Math.log((0.9 * c) / total + spread));
}
