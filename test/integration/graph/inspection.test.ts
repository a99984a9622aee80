import { describe, expect, it } from 'vitest';
import { leftPad } from '../../../models/padded-batch.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const ITEMS = [
  { prompt: ' air report enough list higher love people pot make exec report list higher', answer: ' love', distractor: ' report' },
  { prompt: 'When John and Mary went to the store, Mary gave a flower to', answer: ' John', distractor: ' Mary' },
  { prompt: ' former continue previous quest leg adv prot', answer: ' weeks', distractor: ' former' },
  { prompt: 'Hi', answer: ' there', distractor: ' people' },
];

describe('GIVEN prompts with an answer and a distractor', () => {
  it('THEN the direct attributions of every component sum to the model logit difference within 1e-4 (final LayerNorm scale frozen)', async () => {
    const engine = await fixtureGraphEngine();
    const results = await engine.inspect(ITEMS, { attribution: true });
    for (const r of results) {
      const a = r.attribution!;
      expect(a.heads).toHaveLength(2);
      expect(a.heads[0]).toHaveLength(4);
      const sum = a.tok_embed + a.pos_embed + a.ln_bias + [...a.heads.flat(), ...a.attn_bias, ...a.mlp].reduce((x, y) => x + y, 0);
      expect(Math.abs(sum - a.total)).toBeLessThan(1e-9);
      expect(Math.abs(a.total - r.logit_diff!)).toBeLessThan(1e-4);
      // not trivially zero: the prompts give real, different logit differences
      expect(Math.abs(r.logit_diff!)).toBeGreaterThan(1e-3);
    }
    expect(new Set(results.map((r) => r.logit_diff!.toFixed(4))).size).toBe(ITEMS.length);
  });

  it('THEN they still sum to the logit difference of the ablated model when heads are ablated', async () => {
    const engine = await fixtureGraphEngine();
    const [clean] = await engine.inspect(ITEMS.slice(0, 1), { attribution: true });
    const [ablated] = await engine.inspect(ITEMS.slice(0, 1), { attribution: true, ablation: { heads: [[0, 1], [1, 3]], mode: 'zero' } });
    expect(Math.abs(ablated.attribution!.total - ablated.logit_diff!)).toBeLessThan(1e-4);
    expect(ablated.attribution!.heads[0][1]).toBe(0); // a zeroed head writes nothing
    expect(Math.abs(ablated.logit_diff! - clean.logit_diff!)).toBeGreaterThan(1e-3);
  });

  it('THEN the logit lens starts at the embeddings and ends at the model logit difference', async () => {
    const engine = await fixtureGraphEngine();
    const [r] = await engine.inspect(ITEMS.slice(0, 1), { residuals: true });
    expect(r.residuals).toHaveLength(3); // embeddings + 2 layers
    expect(r.residuals![0]).toHaveLength(64);
    expect(r.logit_lens).toHaveLength(3);
    expect(Math.abs(r.logit_lens![2] - r.logit_diff!)).toBeLessThan(1e-4);
  });
});

describe('GIVEN head ablation', () => {
  it('THEN ablating no heads, in either mode, leaves every logit unchanged', async () => {
    const engine = await fixtureGraphEngine();
    const prompts = ITEMS.map((i) => i.prompt);
    const means = await engine.headMeans(prompts);
    const padded = leftPad(prompts.map((p) => [50256, ...engine.encode(p)]), 50256);
    const plain = await engine.graph.logits(padded);
    for (const ablation of [{ heads: [], mode: 'zero' as const }, { heads: [], mode: 'mean' as const, means }]) {
      const out = (await engine.graph.run(padded, { ablation })).logits!;
      expect(out.length).toBe(plain.length);
      let differing = 0;
      for (let i = 0; i < plain.length; i++) if (out[i] !== plain[i]) differing++;
      expect(differing).toBe(0);
    }
  });

  it.each([0, 1])('THEN ablating every head of layer %i changes the output, zero and mean ablation differently', async (layer) => {
    const engine = await fixtureGraphEngine();
    const prompts = ITEMS.map((i) => i.prompt);
    const means = await engine.headMeans(prompts);
    const padded = leftPad(prompts.map((p) => [50256, ...engine.encode(p)]), 50256);
    const plain = await engine.graph.logits(padded);
    const heads = [0, 1, 2, 3].map((h) => [layer, h] as [number, number]);
    const zero = (await engine.graph.run(padded, { ablation: { heads, mode: 'zero' } })).logits!;
    const mean = (await engine.graph.run(padded, { ablation: { heads, mode: 'mean', means } })).logits!;
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
    expect(maxDiff(zero, plain)).toBeGreaterThan(0.01);
    expect(maxDiff(mean, plain)).toBeGreaterThan(0.01);
    expect(maxDiff(mean, zero)).toBeGreaterThan(0.01);
  });

  it.each([
    [{ heads: [[2, 0]], mode: 'zero' }, /no head 2\.0/],
    [{ heads: [[0, 4]], mode: 'zero' }, /no head 0\.4/],
    [{ heads: [[0, 0]], mode: 'mean' }, /mean ablation needs/],
  ])('WHEN the ablation is %j THEN it fails with a clear message', async (ablation, message) => {
    const engine = await fixtureGraphEngine();
    await expect(engine.inspect([{ prompt: 'Hi' }], { ablation: ablation as never })).rejects.toThrow(message);
  });

  it("THEN each head's mean z is the average of its z over every token of the prompts", async () => {
    const engine = await fixtureGraphEngine();
    const prompts = ['Hi there', ' air report enough'];
    const means = await engine.headMeans(prompts);
    expect(means).toHaveLength(2 * 4 * 16);
    // recompute from the raw z of each prompt alone
    const sums = new Float64Array(means.length);
    let count = 0;
    for (const p of prompts) {
      const ids = [50256, ...engine.encode(p)];
      const out = await engine.graph.run(leftPad([ids], 50256), { readoutRows: ids.map((_, i) => i), z: true, logits: false });
      out.z!.forEach((z, l) => z.forEach((v, i) => (sums[l * 64 + (i % 64)] += v)));
      count += ids.length;
    }
    means.forEach((m, i) => expect(Math.abs(m - sums[i] / count)).toBeLessThan(1e-5));
  });
});

describe('GIVEN attention patterns', () => {
  it('THEN every row is a causal distribution over the prompt tokens, the same alone as in a padded batch', async () => {
    const engine = await fixtureGraphEngine();
    const batch = await engine.inspect(ITEMS, { patterns: true });
    const [alone] = await engine.inspect([ITEMS[3]], { patterns: true });
    for (const r of batch) {
      const T = r.tokens.length;
      expect(r.patterns).toHaveLength(2);
      for (const layer of r.patterns!) {
        expect(layer).toHaveLength(4);
        for (const head of layer) {
          expect(head).toHaveLength(T);
          head.forEach((row, q) => {
            expect(row).toHaveLength(T);
            expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
            row.forEach((w, k) => (k > q ? expect(w).toBe(0) : expect(w).toBeGreaterThanOrEqual(0)));
          });
        }
      }
    }
    // 'Hi' is the shortest prompt, so it is padded in the batch
    alone.patterns!.flat(3).forEach((w, i) => expect(Math.abs(w - batch[3].patterns!.flat(3)[i])).toBeLessThan(1e-5));
  });
});
