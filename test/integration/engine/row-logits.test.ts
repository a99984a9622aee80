import { readFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModel } from '../../../models/load-model.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { leftPad } from '../../../models/padded-batch.ts';
import { LOGIT_ROWS_INPUT, withRowLogits } from '../../../models/row-logits-graph.ts';
import { RowScoreNames } from '../../../models/row-logits-scores.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';

const { onnx } = onnxProto;
const exportBytes = () => readFileSync(path.join(FIXTURE_MODEL, 'onnx/model.onnx'));

function feeds(session: ort.InferenceSession, sequences: number[][]): Record<string, ort.Tensor> {
  const batch = leftPad(sequences, 50256);
  const dims = [batch.batch, batch.width];
  const result: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', batch.inputIds, dims),
    attention_mask: new ort.Tensor('int64', batch.attentionMask, dims),
    position_ids: new ort.Tensor('int64', batch.positionIds, dims),
  };
  for (const name of session.inputNames.filter((n) => n.startsWith('past_key_values'))) {
    result[name] = new ort.Tensor('float32', new Float32Array(0), [batch.batch, 4, 0, 16]);
  }
  return result;
}

describe('GIVEN the hub-layout ONNX export of the fixture', () => {
  it('THEN the rewritten graph gives, for chosen rows, exactly the logits the export gives at those rows', async () => {
    const rewritten = withRowLogits(exportBytes());
    expect(rewritten).not.toBeNull();
    const original = await ort.InferenceSession.create(exportBytes());
    const rows = await ort.InferenceSession.create(rewritten!);
    expect(rows.inputNames).toContain(LOGIT_ROWS_INPUT);
    const sequences = [[50256, 2215, 1757, 290, 5335], [50256, 15496, 995]];
    const full = (await original.run(feeds(original, sequences), ['logits'])).logits;
    const picked = [4, 6, 9, 0]; // flat b·width + column rows, including a padded one
    const rowFeeds = feeds(rows, sequences);
    rowFeeds[LOGIT_ROWS_INPUT] = new ort.Tensor('int64', BigInt64Array.from(picked, BigInt), [picked.length]);
    // the scoring tail's inputs (row-logits-scores.ts), reading one row
    rowFeeds[RowScoreNames.scoredRows] = new ort.Tensor('int64', new BigInt64Array(1), [1]);
    rowFeeds[RowScoreNames.targets] = new ort.Tensor('int64', new BigInt64Array(1), [1, 1]);
    rowFeeds[RowScoreNames.topK] = new ort.Tensor('int64', BigInt64Array.of(1n), [1]);
    const part = (await rows.run(rowFeeds, ['logits'])).logits;
    const V = 50257;
    expect(part.dims).toStrictEqual([picked.length, V]);
    const a = full.data as Float32Array;
    const b = part.data as Float32Array;
    let worst = 0;
    picked.forEach((row, r) => {
      for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(a[row * V + v] - b[r * V + v]));
    });
    expect(worst).toBeLessThan(1e-5);
  });

  it('THEN a graph that does not end in a float MatMul producing logits is left alone (null)', () => {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ version: 17 }],
      graph: {
        name: 'identity',
        node: [{ opType: 'Identity', input: ['x'], output: ['logits'] }],
        input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } }],
        output: [{ name: 'logits', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } }],
      },
    });
    expect(withRowLogits(onnx.ModelProto.encode(model).finish())).toBeNull();
  });
});

describe('GIVEN the model loader', () => {
  const saved = process.env.HUNT_ROW_LOGITS;
  afterEach(() => {
    if (saved === undefined) delete process.env.HUNT_ROW_LOGITS;
    else process.env.HUNT_ROW_LOGITS = saved;
  });

  it('THEN it loads the row-logits graph by default, and HUNT_ROW_LOGITS=0 loads the export unchanged, with the same numbers', async () => {
    delete process.env.HUNT_ROW_LOGITS;
    const fast = await loadModel(resolveModelSource({ model: FIXTURE_MODEL }));
    process.env.HUNT_ROW_LOGITS = '0';
    const plain = await loadModel(resolveModelSource({ model: FIXTURE_MODEL }));
    expect(fast.rowLogits).toBeTypeOf('function');
    expect(plain.rowLogits).toBeUndefined();
    const batch = leftPad([[50256, 464, 3290], [50256, 40]], 50256);
    const [a, b] = await Promise.all([fast.logits(batch), plain.logits(batch)]);
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-5);
    const last = await fast.rowLogits!(batch, [2]);
    const expected = b.subarray(2 * 50257, 3 * 50257);
    expect(last).toHaveLength(50257);
    let worstRow = 0;
    for (let v = 0; v < 50257; v++) worstRow = Math.max(worstRow, Math.abs(last[v] - expected[v]));
    expect(worstRow).toBeLessThan(1e-5);
  });
});
