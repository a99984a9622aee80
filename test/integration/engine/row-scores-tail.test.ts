import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { builderSink, DType, int, OnnxGraphBuilder } from '../../../models/graph/onnx-builder.ts';
import { logSumExp, rankOf, topKIndices } from '../../../models/logprob-math.ts';
import { appendRowScores, exponentialRun, RowScoreNames, rowScoreInputs } from '../../../models/row-logits-scores.ts';
import { scoredRowView } from '../../../models/row-view.ts';

/** The scoring tail alone, fed logits directly: [rows, vocab] in (the tail's rows gathered from them), a few values per row out. */
async function tailSession(opset: number, vocab?: number): Promise<ort.InferenceSession> {
  const g = new OnnxGraphBuilder();
  const logits = g.input({ name: 'logits_in', dtype: DType.float, dims: ['logit_rows', 'vocab'] });
  appendRowScores(builderSink(g, opset), (rows) => g.op('Gather', [logits, rows], { axis: int(0) }, 'scored_logits'), vocab);
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

  const sums = [
    ['in float32 runs of 50 terms, the runs in float64', vocab],
    ['every term in float64 (a vocabulary size the graph does not state)', undefined],
  ] as const;
  for (const opset of [17, 20]) for (const [summed, stated] of sums) {
    it(`THEN at opset ${opset}, exponentials summed ${summed}, its log-normaliser, target logits, ranks and top-k equal the JS float64 math (ties counted as not higher, lower id first)`, async () => {
      const session = await tailSession(opset, stated);
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

describe('GIVEN rows shaped like GPT-2 small\'s logits (50,257 tokens, large negative logits)', () => {
  it('THEN the sum in runs (1,733 float32 runs of 29 terms) gives the log-normaliser within 1e-5 of a float64 sum, as the all-float64 sum does, and equal rows get bitwise-equal sums wherever they lie', async () => {
    const V = 50257;
    expect(exponentialRun(V)).toBe(29);
    const rng = seededRng(5);
    const rows = Array.from({ length: 16 }, (_, r) => Float32Array.from({ length: V }, () => -60 - 40 * (r / 16) + (rng() + rng() + rng() - 1.5) * 8));
    for (let r = 9; r < 16; r++) rows[r] = rows[3]; // equal rows at other offsets: a model with the same logits everywhere
    const flat = new Float32Array(rows.length * V);
    rows.forEach((row, r) => flat.set(row, r * V));
    const request = { rows: rows.map((_, r) => r), targets: rows.map(() => [0]), topK: 1 };
    const inputs = rowScoreInputs(request, V);
    for (const stated of [V, undefined]) {
      const session = await tailSession(20, stated);
      const out = await session.run({
        logits_in: new ort.Tensor('float32', flat, [rows.length, V]),
        [RowScoreNames.scoredRows]: new ort.Tensor('int64', inputs.scoredRows.data, inputs.scoredRows.dims),
        [RowScoreNames.targets]: new ort.Tensor('int64', inputs.targets.data, inputs.targets.dims),
        [RowScoreNames.topK]: new ort.Tensor('int64', inputs.topK.data, inputs.topK.dims),
      });
      const max = out[RowScoreNames.max].data as Float32Array;
      const sumExp = out[RowScoreNames.sumExp].data as Float64Array;
      rows.forEach((row, r) => expect(Math.abs(max[r] + Math.log(sumExp[r]) - logSumExp(row))).toBeLessThan(1e-5));
      // a ReduceSum's vectorized loop adds in an order that depends on the row's alignment: equal rows differed
      expect(new Set(Array.from(sumExp.subarray(9)).concat(sumExp[3])).size).toBe(1);
      await session.release();
    }
  });
});

describe('GIVEN vocabulary sizes', () => {
  it('THEN the exponentials are summed in float32 runs of a divisor near the square root, and all in float64 where none is at least 8', () => {
    expect(exponentialRun(50257)).toBe(29); // 29 × 1,733
    expect(exponentialRun(5000)).toBe(50);
    expect(exponentialRun(4999)).toBe(1); // a prime
    expect(exponentialRun(2 * 4999)).toBe(1); // only 2 below the square root
    expect(exponentialRun(undefined)).toBe(1);
  });
});

