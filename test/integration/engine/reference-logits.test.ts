import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, fixtureEngine, readReference } from '../../helpers/fixture-model.ts';

const TOLERANCE = 1e-4;
const reference = readReference();

describe('GIVEN the fixture model and the PyTorch reference logits', () => {
  it('THEN the six reference prompts tokenize to the reference ids (with <|endoftext|> prepended)', async () => {
    const engine = await fixtureEngine();
    for (const prompt of reference.prompts) {
      expect([50256, ...engine.encode(prompt.text)]).toStrictEqual(prompt.input_ids);
    }
  });

  it('THEN logits at every position match the reference within 1e-4 (top-10 ids, top-10 logits, probe ids, logsumexp)', async () => {
    const engine = await fixtureEngine();
    const results = await engine.positionLogits(reference.prompts.map((p) => p.text));
    let worst = 0;
    results.forEach((result, i) => {
      const expected = reference.prompts[i];
      expect(result.input_ids).toStrictEqual(expected.input_ids);
      expect(result.rows).toHaveLength(expected.positions.length);
      expected.positions.forEach((position, t) => {
        const row = result.rows[t];
        position.top10_ids.forEach((id, k) => {
          worst = Math.max(worst, Math.abs(row[id] - position.top10_logits[k]));
        });
        reference.probe_ids.forEach((id, k) => {
          worst = Math.max(worst, Math.abs(row[id] - position.probe_logits[k]));
        });
        let max = -Infinity;
        for (const v of row) max = Math.max(max, v);
        let sum = 0;
        for (const v of row) sum += Math.exp(v - max);
        worst = Math.max(worst, Math.abs(max + Math.log(sum) - position.logsumexp));
        // the reference's top-10 must be our top-10 too (ties aside, order by logit)
        const ours = [...row.keys()].sort((a, b) => row[b] - row[a]).slice(0, 10);
        expect(new Set(ours)).toStrictEqual(new Set(position.top10_ids));
      });
    });
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it('THEN the full last-position logits match reference_last_logits.bin within 1e-4', async () => {
    const engine = await fixtureEngine();
    const bin = readFileSync(path.join(FIXTURE_MODEL, 'reference_last_logits.bin'));
    const expected = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    const vocab = 50257;
    expect(expected.length).toBe(reference.prompts.length * vocab);
    const results = await engine.positionLogits(reference.prompts.map((p) => p.text));
    results.forEach((result, i) => {
      const last = result.rows.at(-1)!;
      let worst = 0;
      for (let v = 0; v < vocab; v++) worst = Math.max(worst, Math.abs(last[v] - expected[i * vocab + v]));
      expect(worst).toBeLessThan(TOLERANCE);
    });
  });
});
