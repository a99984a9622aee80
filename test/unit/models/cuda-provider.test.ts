import { describe, expect, test } from 'vitest';
import { assertCudaAvailable } from '../../../models/cuda-provider.ts';

describe('--device cuda is checked before onnxruntime is asked', () => {
  test('GIVEN Linux x64 without the CUDA provider file THEN the error gives the install command that adds it', () => {
    expect(() => assertCudaAvailable('linux', 'x64', () => false)).toThrow(/CUDA provider is not installed .*`ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci`/);
  });
  test('GIVEN Linux x64 with the provider THEN nothing is thrown (onnxruntime then checks the CUDA libraries)', () => {
    expect(() => assertCudaAvailable('linux', 'x64', () => true)).not.toThrow();
  });
  test('GIVEN macOS THEN the error says CUDA is Linux x64 only', () => {
    expect(() => assertCudaAvailable('darwin', 'arm64', () => true)).toThrow('--device cuda needs Linux on x64 (onnxruntime-node ships its CUDA provider for no other platform; this is darwin/arm64)');
  });
});
