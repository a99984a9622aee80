import { describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../models/graph/safetensors.ts';

/** A safetensors file from a header object and its data bytes. */
function file(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('GIVEN a safetensors file', () => {
  it('THEN F32, F16 and BF16 tensors come back as float32 with their shapes, metadata skipped', () => {
    const f32 = new Float32Array([1.5, -2, 3.25, 0]);
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]); // 1, -2, ≈0.33325, smallest subnormal
    const bf16 = new Uint16Array([0x3fc0, 0xc049]); // 1.5, ≈ -3.140625
    const data = new Uint8Array(16 + 8 + 4);
    data.set(new Uint8Array(f32.buffer), 0);
    data.set(new Uint8Array(f16.buffer), 16);
    data.set(new Uint8Array(bf16.buffer), 24);
    const tensors = parseSafetensors(
      file(
        {
          __metadata__: { format: 'pt' },
          a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
          b: { dtype: 'F16', shape: [4], data_offsets: [16, 24] },
          c: { dtype: 'BF16', shape: [2], data_offsets: [24, 28] },
        },
        data,
      ),
    );
    expect([...tensors.keys()]).toStrictEqual(['a', 'b', 'c']);
    expect(tensors.get('a')).toStrictEqual({ shape: [2, 2], data: f32 });
    expect([...tensors.get('b')!.data]).toStrictEqual([1, -2, Math.fround(0.333251953125), Math.fround(2 ** -24)]);
    expect([...tensors.get('c')!.data]).toStrictEqual([1.5, -3.140625]);
  });

  it.each([
    ['shorter than its length field', new Uint8Array(4), /too short/],
    ['a header length past the end', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 1000n, true); return b; })(), /header length of 1000 bytes/],
    ['a header that is not JSON', file({}, new Uint8Array(0)).map((x, i) => (i === 8 ? 0x7a : x)), /not JSON/],
    ['offsets that do not match the shape', file({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor a \(F32 \[3\]\) has offsets \[0, 8\]/],
    ['data past the end of the file', file({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), /do not fit/],
    ['an integer tensor', file({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor a is I64/],
  ])('WHEN it has %s THEN it fails with a message naming the problem', (_name, bytes, message) => {
    expect(() => parseSafetensors(bytes, 'x.safetensors')).toThrow(message);
  });
});
