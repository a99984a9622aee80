import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { ModelLoadError } from '../../common/errors.ts';

/**
 * A reader for Hugging Face's safetensors format: an 8-byte little-endian header length,
 * a JSON header `{ name: { dtype, shape, data_offsets: [begin, end] } }`, then the raw
 * little-endian tensor bytes. The npm registry has no maintained reader (the `safetensors`
 * package is a 0.0.1 placeholder), and the format is small enough to read here.
 * See https://github.com/huggingface/safetensors#format.
 */
export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** The format caps the header at 100 MB to stop a corrupt length from allocating gigabytes. */
const MAX_HEADER_BYTES = 100_000_000;

const BYTES_PER: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** One tensor's values as float32, whatever floating type it was stored in. */
function toFloat32(bytes: Uint8Array, dtype: string, count: number): Float32Array {
  if (dtype === 'F32') {
    // copy so the result is aligned and does not pin the whole file's buffer
    const out = new Float32Array(count);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  if (dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  }
  return out;
}

/**
 * Parse a safetensors file's bytes into float32 tensors by name (F32, F16 and BF16 tensors;
 * anything else is an error naming the tensor).
 *
 * @example parseSafetensors(readFileSync('test/fixtures/tiny-gpt2/model.safetensors')).get('transformer.wte.weight')?.shape
 * // [50257, 64]
 */
export function parseSafetensors(file: Uint8Array, where = 'safetensors file'): Map<string, FloatTensor> {
  if (file.byteLength < 8) throw new ModelLoadError(`${where} is too short to be a safetensors file`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerBytes = Number(view.getBigUint64(0, true));
  if (headerBytes > MAX_HEADER_BYTES || 8 + headerBytes > file.byteLength) {
    throw new ModelLoadError(`${where} has a header length of ${headerBytes} bytes, more than the file holds: not a safetensors file`);
  }
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerBytes)));
  } catch {
    throw new ModelLoadError(`${where} has a header that is not JSON: not a safetensors file`);
  }
  const dataStart = 8 + headerBytes;
  const tensors = new Map<string, FloatTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = entry as HeaderEntry;
    const count = shape.reduce((a, b) => a * b, 1);
    const size = BYTES_PER[dtype];
    if (size === undefined) throw new ModelLoadError(`${where}: tensor ${name} is ${dtype}; only F32, F16 and BF16 are read`);
    const [begin, end] = offsets;
    if (end - begin !== count * size || dataStart + end > file.byteLength) {
      throw new ModelLoadError(`${where}: tensor ${name} (${dtype} ${JSON.stringify(shape)}) has offsets [${begin}, ${end}] that do not fit its shape or the file`);
    }
    tensors.set(name, { shape, data: toFloat32(file.subarray(dataStart + begin, dataStart + end), dtype, count) });
  }
  return tensors;
}

export function readSafetensors(filePath: string): Map<string, FloatTensor> {
  return parseSafetensors(readFileSync(filePath), filePath);
}

/** Where one tensor's bytes lie in a safetensors file, from its header alone. */
export interface TensorLocation {
  dtype: string;
  shape: number[];
  /** byte offset from the start of the file */
  offset: number;
  length: number;
}

/**
 * Read only the header of a safetensors file: each tensor's dtype, shape and byte range in the
 * file. Lets a graph reference the weights in place (ONNX external data) without reading them.
 */
export function readSafetensorsLayout(filePath: string): Map<string, TensorLocation> {
  const fd = openSync(filePath, 'r');
  try {
    const lengthBytes = Buffer.alloc(8);
    readSync(fd, lengthBytes, 0, 8, 0);
    const headerBytes = Number(lengthBytes.readBigUInt64LE(0));
    if (headerBytes > MAX_HEADER_BYTES) throw new ModelLoadError(`${filePath} has a header length of ${headerBytes} bytes: not a safetensors file`);
    const header = Buffer.alloc(headerBytes);
    readSync(fd, header, 0, headerBytes, 8);
    let json: Record<string, HeaderEntry | Record<string, string>>;
    try {
      json = JSON.parse(header.toString('utf8'));
    } catch {
      throw new ModelLoadError(`${filePath} has a header that is not JSON: not a safetensors file`);
    }
    const layout = new Map<string, TensorLocation>();
    for (const [name, entry] of Object.entries(json)) {
      if (name === '__metadata__') continue;
      const { dtype, shape, data_offsets: [begin, end] } = entry as HeaderEntry;
      layout.set(name, { dtype, shape, offset: 8 + headerBytes + begin, length: end - begin });
    }
    return layout;
  } finally {
    closeSync(fd);
  }
}
