import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { builderSink, DType, OnnxGraphBuilder } from '../../../models/graph/onnx-builder.ts';
import { logSumExp, rankOf, topKIndices } from '../../../models/logprob-math.ts';
import { appendRowScores, RowScoreNames, rowScoreInputs } from '../../../models/row-logits-scores.ts';
import { scoredRowView } from '../../../models/row-view.ts';

/** The scoring tail alone, fed logits directly: [rows, vocab] in, a few values per row out. */
async function tailSession(opset: number): Promise<ort.InferenceSession> {
  const g = new OnnxGraphBuilder();
  const logits = g.input({ name: 'logits_in', dtype: DType.float, dims: ['logit_rows', 'vocab'] });
  appendRowScores(builderSink(g, opset), logits);
  return ort.InferenceSession.create(g.serialize(opset, opset >= 18 ? 9 : 8));
}

/** Rows with ties at the top and around the targets, a huge spread and a row of equal logits: where a rank or a top-k is easiest to get wrong. */
function awkwardRows(vocab: number): Float32Array[] {
  const rng = seededRng(11);
  const normal = Float32Array.from({ length: vocab }, () => (rng() - 0.5) * 20 - 80);
  const tied = Float32Array.from({ length: vocab }, () => Math.round(rng() * 8));
  const spread = Float32Array.from({ length: vocab }, (_, i) => (i % 7 === 0 ? 300 : -300) + rng());
  const flat = new Float32Array(vocab).fill(-3.25);
  return [normal, tied, spread, flat];
}

describe('GIVEN the scoring tail on hand-made logits rows', () => {
  const vocab = 5000;
  const rows = awkwardRows(vocab);
  const targets = [[17, 4999], [0, 1, 2], [7], [4321]];

  for (const opset of [17, 20]) {
    it(`THEN at opset ${opset} its log-normaliser, target logits, ranks and top-k equal the JS float64 math (ties counted as not higher, lower id first)`, async () => {
      const session = await tailSession(opset);
      const request = { rows: rows.map((_, r) => r), targets, topK: 12 };
      const inputs = rowScoreInputs(request, vocab);
      const flat = new Float32Array(rows.length * vocab);
      rows.forEach((row, r) => flat.set(row, r * vocab));
      const out = await session.run({
        logits_in: new ort.Tensor('float32', flat, [rows.length, vocab]),
        [RowScoreNames.scoredRows]: new ort.Tensor('int64', inputs.scoredRows.data, inputs.scoredRows.dims),
        [RowScoreNames.targets]: new ort.Tensor('int64', inputs.targets.data, inputs.targets.dims),
        [RowScoreNames.topK]: new ort.Tensor('int64', inputs.topK.data, inputs.topK.dims),
      });
      const scores = {
        targetsPerRow: inputs.targetsPerRow,
        topK: inputs.k,
        max: out[RowScoreNames.max].data as Float32Array,
        sumExp: out[RowScoreNames.sumExp].data as Float64Array,
        targetLogits: out[RowScoreNames.targetLogits].data as Float32Array,
        targetRanks: out[RowScoreNames.targetRanks].data as Float32Array,
        topLogits: out[RowScoreNames.topLogits].data as Float32Array,
        topIds: out[RowScoreNames.topIds].data as BigInt64Array,
      };
      rows.forEach((row, r) => {
        const view = scoredRowView(scores, r, targets[r]);
        expect(Math.abs(view.lse - logSumExp(row))).toBeLessThan(1e-5);
        for (const id of targets[r]) {
          expect(view.logit(id)).toBe(row[id]);
          expect(view.rank(id)).toBe(rankOf(row, id));
        }
        expect(view.top(12).map((t) => t.id)).toStrictEqual(topKIndices(row, 12));
        expect(() => view.logit(3)).toThrow(/not requested/);
      });
      // the awkward rows really are awkward: a tie above a target, and a target tied with everything
      expect(rankOf(rows[1], 0)).toBeGreaterThan(1);
      expect(rankOf(rows[3], 4321)).toBe(1);
      await session.release();
    });
  }
});
