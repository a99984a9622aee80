import onnxProto from 'onnx-proto';
import type { GraphSink } from '../row-logits-scores.ts';

/**
 * A thin helper over the ONNX protobuf messages (the `onnx-proto` package: protobufjs
 * classes generated from onnx.proto) for writing graphs by hand: named nodes, initializers
 * from typed arrays, attributes from plain values.
 */
export const { onnx } = onnxProto;

/** ONNX TensorProto.DataType values used here. */
export const DType = { float: 1, int64: 7, bool: 9 } as const;

type AttributeValue = number | number[] | string | { int: number };

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'object' && !Array.isArray(value)) return { name, type: AttributeType.INT, i: value.int };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  return { name, type: AttributeType.FLOAT, f: value };
}

/** `{ int: n }` marks an integer attribute (plain numbers are floats, arrays are int lists). */
export const int = (n: number) => ({ int: n });

export interface ValueInfo {
  name: string;
  dtype: number;
  /** a number for a fixed size, a string for a named dynamic one */
  dims: (number | string)[];
}

function valueInfo({ name, dtype, dims }: ValueInfo): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: dtype,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private counter = 0;
  /** node outputs renamed to graph output names at serialization (see `output`) */
  private readonly aliases = new Map<string, string>();

  /** Add a node; returns its output name(s). `name` prefixes the outputs, for readable graphs. */
  op(opType: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, name = opType.toLowerCase(), domain = ''): string {
    return this.opMulti(opType, inputs, 1, attrs, name, domain)[0];
  }

  opMulti(opType: string, inputs: string[], outputs: number, attrs: Record<string, AttributeValue> = {}, name = opType.toLowerCase(), domain = ''): string[] {
    const id = `${name}_${this.counter++}`;
    const outs = Array.from({ length: outputs }, (_, i) => (outputs === 1 ? id : `${id}:${i}`));
    this.nodes.push({
      name: id,
      opType,
      domain,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /**
   * Expose a value as a graph output under `info.name`. A node's output is renamed when the graph
   * is serialized; an Identity node only where a rename cannot do (a graph input, an initializer,
   * a value exposed twice). onnxruntime keeps an Identity whose input other nodes also read, and
   * it copies: for the KV cache's `present.*` outputs, 24 copies of the whole cache every step.
   */
  output(value: string, info: ValueInfo): void {
    const produced = this.nodes.some((n) => n.output?.includes(value));
    if (produced && !this.aliases.has(value)) {
      this.aliases.set(value, info.name);
    } else {
      this.nodes.push({ name: `out_${info.name}`, opType: 'Identity', input: [value], output: [info.name] });
    }
    this.outputs.push(info);
  }

  input(info: ValueInfo): string {
    this.inputs.push(info);
    return info.name;
  }

  /** Weights to reference in a file (ONNX external data) instead of embedding: array → byte range. */
  constructor(private readonly external?: { location: string; ranges: Map<Float32Array, { offset: number; length: number }> }) {}

  floats(name: string, dims: number[], data: Float32Array): string {
    const range = this.external?.ranges.get(data);
    if (range) {
      this.initializers.push({
        name,
        dims,
        dataType: DType.float,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: this.external!.location },
          { key: 'offset', value: String(range.offset) },
          { key: 'length', value: String(range.length) },
        ],
      });
      return name;
    }
    this.initializers.push({
      name,
      dims,
      dataType: DType.float,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    return name;
  }

  int64s(name: string, values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: DType.int64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  scalar(name: string, value: number): string {
    return this.floats(name, [], Float32Array.of(value));
  }

  /** Serialize as an ONNX model: `opset` of the default domain, plus any extra domains. */
  serialize(opset: number, irVersion: number, extraDomains: Record<string, number> = {}): Uint8Array {
    const rename = (value: string) => this.aliases.get(value) ?? value;
    const model = onnx.ModelProto.create({
      irVersion,
      producerName: 'hunt',
      opsetImport: [{ domain: '', version: opset }, ...Object.entries(extraDomains).map(([domain, version]) => ({ domain, version }))],
      graph: {
        name: 'gpt2',
        node: this.nodes.map((n) => ({ ...n, input: n.input?.map(rename), output: n.output?.map(rename) })),
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** The builder as a GraphSink, for tails shared with rewritten hub exports (models/row-logits-scores.ts). */
export function builderSink(g: OnnxGraphBuilder, opset: number): GraphSink {
  return {
    opset,
    op: (opType, inputs, attrs, name) => g.op(opType, inputs, attrs, name),
    opMulti: (opType, inputs, outputs, attrs, name) => g.opMulti(opType, inputs, outputs, attrs, name),
    int64s: (name, values, dims) => g.int64s(name, values, dims),
    scalar: (name, value) => g.scalar(name, value),
    inputInt64: (name, dims) => g.input({ name, dtype: DType.int64, dims }),
    output: (value, name, dtype, dims) => g.output(value, { name, dtype, dims }),
  };
}
