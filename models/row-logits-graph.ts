import { createRequire } from 'node:module';
import type onnxProto from 'onnx-proto';
import { appendRowScores, type GraphSink } from './row-logits-scores.ts';

/**
 * onnx-proto, loaded on first use: every transformers.js load imports this file for
 * LOGIT_ROWS_INPUT, but only the first load of a model rewrites its graph, and the
 * protobuf code costs each start-up tens of milliseconds.
 */
function onnxMessages(): typeof onnxProto.onnx {
  return (createRequire(import.meta.url)('onnx-proto') as typeof onnxProto).onnx;
}

/** Name of the input the rewritten graph adds: flat rows b·width + column whose logits to compute. */
export const LOGIT_ROWS_INPUT = 'logit_rows';

/**
 * Rewrite a causal LM's ONNX graph so its `logits` output covers chosen rows only.
 *
 * Hub exports compute the [vocab × n_embd] unembedding at every position of every row,
 * though scoring reads one or a few positions per prompt: for a small model that is most
 * of the work, and it is why padded batches were no faster than single prompts. The
 * rewrite puts `Flatten → Gather(logit_rows)` in front of the final MatMul, so the same
 * weights and the same kernels produce logits [rows, vocab] for the rows asked for.
 * Everything before the unembedding is untouched, so the numbers are the export's own.
 *
 * Returns null when the graph does not end in a float MatMul/Gemm producing `logits`
 * (e.g. a quantized export); callers then use the export unchanged.
 */
export function withRowLogits(modelBytes: Uint8Array): Uint8Array | null {
  const onnx = onnxMessages();
  const model = onnx.ModelProto.decode(modelBytes);
  const graph = model.graph;
  if (!graph?.node) return null;
  const unembed = graph.node.find((n) => n.output?.includes('logits'));
  if (!unembed || !unembed.input?.[0] || !['MatMul', 'Gemm'].includes(unembed.opType ?? '')) return null;
  if (unembed.opType === 'Gemm' && unembed.attribute?.some((a) => a.name === 'transA' && Number(a.i) === 1)) return null;
  if (graph.input?.some((i) => i.name === LOGIT_ROWS_INPUT)) return null;
  const logitsOutput = graph.output?.find((o) => o.name === 'logits');
  const vocabDim = logitsOutput?.type?.tensorType?.shape?.dim?.at(-1);
  if (!logitsOutput || !vocabDim) return null;

  const hidden = unembed.input[0];
  const flat = `${LOGIT_ROWS_INPUT}/flat_hidden`;
  const picked = `${LOGIT_ROWS_INPUT}/picked_hidden`;
  const { AttributeType } = onnx.AttributeProto;
  const flatten = onnx.NodeProto.create({
    name: `${LOGIT_ROWS_INPUT}/Flatten`,
    opType: 'Flatten',
    input: [hidden],
    output: [flat],
    // [batch, width, n_embd] → [batch·width, n_embd]
    attribute: [onnx.AttributeProto.create({ name: 'axis', type: AttributeType.INT, i: -1 })],
  });
  const gather = onnx.NodeProto.create({
    name: `${LOGIT_ROWS_INPUT}/Gather`,
    opType: 'Gather',
    input: [flat, LOGIT_ROWS_INPUT],
    output: [picked],
    attribute: [onnx.AttributeProto.create({ name: 'axis', type: AttributeType.INT, i: 0 })],
  });
  unembed.input[0] = picked;
  // Nodes must stay in topological order: the new ones go right before the unembedding.
  const at = graph.node.indexOf(unembed);
  graph.node.splice(at, 0, flatten, gather);

  graph.input!.push(
    onnx.ValueInfoProto.create({
      name: LOGIT_ROWS_INPUT,
      type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: 'logit_rows' }] } } },
    }),
  );
  logitsOutput.type!.tensorType!.shape = { dim: [{ dimParam: 'logit_rows' }, vocabDim] };
  // Shape annotations of the old [batch, width, vocab] logits no longer hold.
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => v.name !== 'logits');
  exposeNewKeyValues(graph);
  // The same scoring tail as the graph engine's: log-normaliser, target logits and ranks, top-k,
  // on a copy of the unembedding that reads the scored rows (the same weights, not copied).
  const opset = Number(model.opsetImport?.find((o) => !o.domain)?.version ?? 0);
  if (opset >= 11) {
    const sink = protoSink(graph, opset);
    const vocab = vocabDim.dimValue ? Number(vocabDim.dimValue) : undefined;
    appendRowScores(
      sink,
      (scoreRows) => {
        const scored = sink.op('Gather', [flat, scoreRows], { axis: { int: 0 } }, 'score_hidden');
        const logits = `${LOGIT_ROWS_INPUT}/score_logits`;
        graph.node!.push(onnx.NodeProto.create({ ...unembed, name: `${LOGIT_ROWS_INPUT}/score_unembed`, input: [scored, ...unembed.input!.slice(1)], output: [logits] }));
        return logits;
      },
      vocab,
    );
  }
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Beside each `present.<layer>.key|value` made by a Concat of past and new on the length axis,
 * expose the new part as `present_new.<layer>.key|value` (as the graph engine's graph does), so
 * a generation keeps its cache in buffers of its own and fetches one column per step.
 */
function exposeNewKeyValues(graph: onnxProto.onnx.IGraphProto): void {
  const onnx = onnxMessages();
  for (const output of [...(graph.output ?? [])]) {
    if (!output.name?.startsWith('present.')) continue;
    const concat = graph.node!.find((n) => n.output?.includes(output.name!));
    const axis = Number(concat?.attribute?.find((a) => a.name === 'axis')?.i ?? NaN);
    if (concat?.opType !== 'Concat' || concat.input?.length !== 2 || (axis !== 2 && axis !== -2)) continue;
    if (output.type?.tensorType?.elemType !== onnx.TensorProto.DataType.FLOAT) continue; // the buffers are float32
    const name = output.name.replace(/^present\./, 'present_new.');
    graph.node!.push(onnx.NodeProto.create({ name: `${LOGIT_ROWS_INPUT}/out_${name}`, opType: 'Identity', input: [concat.input[1]], output: [name] }));
    const dims = output.type?.tensorType?.shape?.dim ?? [];
    graph.output!.push(
      onnx.ValueInfoProto.create({
        name,
        type: { tensorType: { elemType: output.type?.tensorType?.elemType, shape: { dim: dims.map((d, i) => (i === 2 ? { dimParam: 'new_width' } : d)) } } },
      }),
    );
  }
}

/** A decoded graph as a GraphSink: nodes appended after all others (so after `logits`), names prefixed to stay unique. */
function protoSink(graph: onnxProto.onnx.IGraphProto, opset: number): GraphSink {
  const onnx = onnxMessages();
  const { AttributeType } = onnx.AttributeProto;
  let counter = 0;
  const attribute = (name: string, value: number | number[] | { int: number }): onnxProto.onnx.IAttributeProto => {
    if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
    if (typeof value === 'object') return { name, type: AttributeType.INT, i: value.int };
    return { name, type: AttributeType.FLOAT, f: value };
  };
  const opMulti = (opType: string, inputs: string[], outputs: number, attrs: Record<string, number | number[] | { int: number }>, name: string): string[] => {
    const id = `${LOGIT_ROWS_INPUT}/${name}_${counter++}`;
    const outs = Array.from({ length: outputs }, (_, i) => (outputs === 1 ? id : `${id}:${i}`));
    graph.node!.push(onnx.NodeProto.create({ name: id, opType, input: inputs, output: outs, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) }));
    return outs;
  };
  const tensorType = (elemType: number, dims: (number | string)[]) => ({
    tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
  });
  graph.initializer ??= [];
  return {
    opset,
    op: (opType, inputs, attrs, name) => opMulti(opType, inputs, 1, attrs, name)[0],
    opMulti,
    int64s: (name, values, dims = [values.length]) => {
      const full = `${LOGIT_ROWS_INPUT}/${name}`;
      const data = BigInt64Array.from(values, (v) => BigInt(v));
      graph.initializer!.push(onnx.TensorProto.create({ name: full, dims, dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) }));
      return full;
    },
    scalar: (name, value) => {
      const full = `${LOGIT_ROWS_INPUT}/${name}`;
      graph.initializer!.push(onnx.TensorProto.create({ name: full, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(Float32Array.of(value).buffer) }));
      return full;
    },
    inputInt64: (name, dims) => {
      graph.input!.push(onnx.ValueInfoProto.create({ name, type: tensorType(onnx.TensorProto.DataType.INT64, dims) }));
      return name;
    },
    output: (value, name, dtype, dims) => {
      graph.node!.push(onnx.NodeProto.create({ name: `${LOGIT_ROWS_INPUT}/out_${name}`, opType: 'Identity', input: [value], output: [name] }));
      graph.output!.push(onnx.ValueInfoProto.create({ name, type: tensorType(dtype, dims) }));
    },
  };
}
