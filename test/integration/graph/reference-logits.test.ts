import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftPad } from '../../../models/padded-batch.ts';
import { FIXTURE_MODEL, readReference } from '../../helpers/fixture-model.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const VOCAB = 50257;

describe('GIVEN the graph engine built from the fixture safetensors', () => {
  const reference = readReference();

  it('THEN the reference prompts tokenize to the reference input_ids (BOS 50256 first)', async () => {
    const engine = await fixtureGraphEngine();
    for (const p of reference.prompts) expect([50256, ...engine.encode(p.text)]).toStrictEqual(p.input_ids);
  });

  it('THEN its logits at every position equal PyTorch reference.json within 1e-4 (top-10 ids and logits, probe ids, logsumexp), in one left-padded batch', async () => {
    const engine = await fixtureGraphEngine();
    const padded = leftPad(reference.prompts.map((p) => p.input_ids), 50256);
    expect(new Set(padded.padOf).size).toBeGreaterThan(1); // the batch really pads
    const logits = await engine.graph.logits(padded);
    let worst = 0;
    let checked = 0;
    reference.prompts.forEach((p, b) => {
      expect(p.positions).toHaveLength(p.input_ids.length);
      p.positions.forEach((pos, t) => {
        const row = logits.subarray((b * padded.width + padded.padOf[b] + t) * VOCAB, (b * padded.width + padded.padOf[b] + t + 1) * VOCAB);
        pos.top10_ids.forEach((id, k) => (worst = Math.max(worst, Math.abs(row[id] - pos.top10_logits[k]))));
        reference.probe_ids.forEach((id, k) => (worst = Math.max(worst, Math.abs(row[id] - pos.probe_logits[k]))));
        // the top-10 ids are the graph's own top 10 (ties within 1e-4 aside)
        const tenth = pos.top10_logits[9];
        const above = row.filter((x) => x > tenth + 1e-4).length;
        expect(above).toBeLessThanOrEqual(9);
        let max = -Infinity;
        for (const x of row) max = Math.max(max, x);
        let sum = 0;
        for (const x of row) sum += Math.exp(x - max);
        worst = Math.max(worst, Math.abs(max + Math.log(sum) - pos.logsumexp));
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(80);
    expect(worst).toBeLessThan(1e-4);
  });

  it('THEN the full last-position logits equal reference_last_logits.bin within 1e-4', async () => {
    const engine = await fixtureGraphEngine();
    const bytes = readFileSync(path.join(FIXTURE_MODEL, 'reference_last_logits.bin'));
    const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(expected.length).toBe(reference.prompts.length * VOCAB);
    let worst = 0;
    for (const [i, p] of reference.prompts.entries()) {
      const padded = leftPad([p.input_ids], 50256);
      const logits = await engine.graph.logits(padded);
      const last = logits.subarray((p.input_ids.length - 1) * VOCAB, p.input_ids.length * VOCAB);
      for (let v = 0; v < VOCAB; v++) worst = Math.max(worst, Math.abs(last[v] - expected[i * VOCAB + v]));
    }
    expect(worst).toBeLessThan(1e-4);
  });
});
