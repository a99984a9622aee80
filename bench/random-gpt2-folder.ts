import { copyFileSync, mkdirSync, openSync, closeSync, writeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomGpt2Weights, type Gpt2Config } from '../models/graph/gpt2-weights.ts';

/**
 * Write a Hugging Face GPT-2 folder with seeded random weights (config.json, model.safetensors
 * in float32, the tokenizer copied from `tokenizerFolder`), so benchmarks load a GPT-2-small-
 * shaped model the way users load the real one, without a download or a large committed file.
 */
export function writeRandomGpt2Folder(folder: string, config: Gpt2Config, seed: number, tokenizerFolder: string): void {
  mkdirSync(folder, { recursive: true });
  const w = randomGpt2Weights(config, seed);
  const tensors: [string, number[], Float32Array][] = [
    ['wte.weight', [config.vocabSize, config.nEmbd], w.wte],
    ['wpe.weight', [config.nPositions, config.nEmbd], w.wpe],
    ...w.layers.flatMap((l, i): [string, number[], Float32Array][] => {
      const e = config.nEmbd;
      const n = config.nInner;
      return [
        [`h.${i}.ln_1.weight`, [e], l.ln1Weight],
        [`h.${i}.ln_1.bias`, [e], l.ln1Bias],
        [`h.${i}.attn.c_attn.weight`, [e, 3 * e], l.attnWeight],
        [`h.${i}.attn.c_attn.bias`, [3 * e], l.attnBias],
        [`h.${i}.attn.c_proj.weight`, [e, e], l.projWeight],
        [`h.${i}.attn.c_proj.bias`, [e], l.projBias],
        [`h.${i}.ln_2.weight`, [e], l.ln2Weight],
        [`h.${i}.ln_2.bias`, [e], l.ln2Bias],
        [`h.${i}.mlp.c_fc.weight`, [e, n], l.fcWeight],
        [`h.${i}.mlp.c_fc.bias`, [n], l.fcBias],
        [`h.${i}.mlp.c_proj.weight`, [n, e], l.fcProjWeight],
        [`h.${i}.mlp.c_proj.bias`, [e], l.fcProjBias],
      ];
    }),
    ['ln_f.weight', [config.nEmbd], w.lnFWeight],
    ['ln_f.bias', [config.nEmbd], w.lnFBias],
  ];
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape, data] of tensors) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // keep tensor data 8-byte aligned
  const fd = openSync(path.join(folder, 'model.safetensors'), 'w');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  writeSync(fd, length);
  writeSync(fd, Buffer.from(json, 'utf8'));
  for (const [, , data] of tensors) writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  closeSync(fd);
  writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ model_type: 'gpt2', n_layer: config.nLayer, n_head: config.nHead, n_embd: config.nEmbd, vocab_size: config.vocabSize, n_positions: config.nPositions, bos_token_id: config.bosId }),
  );
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'vocab.json', 'merges.txt']) copyFileSync(path.join(tokenizerFolder, file), path.join(folder, file));
}
