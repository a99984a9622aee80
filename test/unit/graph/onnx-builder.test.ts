import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DType, onnx, OnnxGraphBuilder } from '../../../models/graph/onnx-builder.ts';

describe('GIVEN a graph whose outputs are values other nodes also read', () => {
  // y = x + x is both a graph output and Mul's input; x itself is exposed too
  const g = new OnnxGraphBuilder();
  const x = g.input({ name: 'x', dtype: DType.float, dims: [2] });
  const y = g.op('Add', [x, x], {}, 'twice');
  g.output(y, { name: 'y', dtype: DType.float, dims: [2] });
  const z = g.op('Mul', [y, y], {}, 'square');
  g.output(z, { name: 'z', dtype: DType.float, dims: [2] });
  g.output(y, { name: 'y_again', dtype: DType.float, dims: [2] });
  g.output(x, { name: 'x_out', dtype: DType.float, dims: [2] });
  const bytes = g.serialize(20, 9);

  it('THEN a node output is renamed to the output name (no copying Identity), and only an input or a value exposed twice gets an Identity', () => {
    const graph = onnx.ModelProto.decode(bytes).graph!;
    const nodes = graph.node!.map((n) => `${n.opType}(${n.input!.join(',')})→${n.output!.join(',')}`);
    expect(nodes).toStrictEqual(['Add(x,x)→y', 'Mul(y,y)→z', 'Identity(y)→y_again', 'Identity(x)→x_out']);
  });

  it('THEN onnxruntime computes every output from the renamed graph', async () => {
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 3), [2]) });
    expect([...(out.y.data as Float32Array)]).toStrictEqual([2, 6]);
    expect([...(out.z.data as Float32Array)]).toStrictEqual([4, 36]);
    expect([...(out.y_again.data as Float32Array)]).toStrictEqual([2, 6]);
    expect([...(out.x_out.data as Float32Array)]).toStrictEqual([1, 3]);
    await session.release();
  });
});
