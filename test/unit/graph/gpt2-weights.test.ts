import { describe, expect, it } from 'vitest';
import { GPT2_SMALL_CONFIG, gpt2WeightsFromTensors, parameterCount, parseGpt2Config, randomGpt2Weights } from '../../../models/graph/gpt2-weights.ts';

const TINY = { n_layer: 1, n_head: 2, n_embd: 4, vocab_size: 10, n_positions: 8 };

describe('GIVEN a GPT-2 config.json', () => {
  it('THEN GPT-2 small has 124,439,808 parameters (tied unembedding counted once), as Hugging Face reports', () => {
    expect(parameterCount(GPT2_SMALL_CONFIG)).toBe(124_439_808);
    expect(GPT2_SMALL_CONFIG.nInner).toBe(3072);
  });

  it.each([
    [{ ...TINY, n_embd: 5 }, /n_embd 5 is not a multiple of n_head 2/],
    [{ ...TINY, activation_function: 'relu' }, /activation_function/],
    [{ ...TINY, n_layer: 0 }, /n_layer/],
    [{ n_head: 2 }, /n_layer/],
  ])('WHEN it is %j THEN the graph engine refuses it with a message naming the field', (json, message) => {
    expect(() => parseGpt2Config(json)).toThrow(message);
  });
});

describe('GIVEN seeded random weights', () => {
  it('THEN the same seed gives the same weights and another seed others, with GPT-2 initial LayerNorms', () => {
    const config = parseGpt2Config(TINY);
    const a = randomGpt2Weights(config, 1);
    expect(randomGpt2Weights(config, 1)).toStrictEqual(a);
    expect(randomGpt2Weights(config, 2).wte).not.toStrictEqual(a.wte);
    expect([...a.layers[0].ln1Weight]).toStrictEqual([1, 1, 1, 1]);
    expect(a.layers[0].attnWeight).toHaveLength(4 * 12);
  });

  it('THEN they read back through the safetensors name map, and a wrong shape is named', () => {
    const config = parseGpt2Config(TINY);
    const w = randomGpt2Weights(config, 3);
    const l = w.layers[0];
    const named: [string, number[], Float32Array][] = [
      ['wte.weight', [10, 4], w.wte], ['wpe.weight', [8, 4], w.wpe], ['ln_f.weight', [4], w.lnFWeight], ['ln_f.bias', [4], w.lnFBias],
      ['h.0.ln_1.weight', [4], l.ln1Weight], ['h.0.ln_1.bias', [4], l.ln1Bias], ['h.0.attn.c_attn.weight', [4, 12], l.attnWeight], ['h.0.attn.c_attn.bias', [12], l.attnBias],
      ['h.0.attn.c_proj.weight', [4, 4], l.projWeight], ['h.0.attn.c_proj.bias', [4], l.projBias], ['h.0.ln_2.weight', [4], l.ln2Weight], ['h.0.ln_2.bias', [4], l.ln2Bias],
      ['h.0.mlp.c_fc.weight', [4, 16], l.fcWeight], ['h.0.mlp.c_fc.bias', [16], l.fcBias], ['h.0.mlp.c_proj.weight', [16, 4], l.fcProjWeight], ['h.0.mlp.c_proj.bias', [4], l.fcProjBias],
    ];
    const tensors = new Map(named.map(([name, shape, data]) => [`transformer.${name}`, { shape, data }]));
    expect(gpt2WeightsFromTensors(config, tensors)).toStrictEqual(w);
    // the openai-community/gpt2 layout has no "transformer." prefix
    expect(gpt2WeightsFromTensors(config, new Map(named.map(([name, shape, data]) => [name, { shape, data }])))).toStrictEqual(w);
    tensors.set('transformer.h.0.mlp.c_fc.weight', { shape: [16, 4], data: l.fcWeight });
    expect(() => gpt2WeightsFromTensors(config, tensors)).toThrow('transformer.h.0.mlp.c_fc.weight has shape [16,4], config.json implies [4,16]');
    tensors.set('transformer.h.0.mlp.c_fc.weight', { shape: [4, 16], data: l.fcWeight });
    tensors.delete('transformer.wpe.weight');
    expect(() => gpt2WeightsFromTensors(config, tensors)).toThrow('has no tensor transformer.wpe.weight');
  });
});
