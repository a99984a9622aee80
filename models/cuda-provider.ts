import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ModelLoadError } from '../common/errors.ts';

/** The one install that adds onnxruntime-node's CUDA provider (its own documented switch). */
export const CUDA_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci';

/**
 * Where onnxruntime-node keeps the CUDA execution provider, when it has one: only Linux x64
 * builds have it, downloaded by the package's install script with ONNXRUNTIME_NODE_INSTALL=cuda12.
 */
export function cudaProviderPath(platform: string = process.platform, arch: string = process.arch): string | undefined {
  if (platform !== 'linux' || arch !== 'x64') return undefined;
  const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  return path.join(path.dirname(pkg), 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so');
}

/**
 * Check before onnxruntime is asked for CUDA: without the provider it prints pages of native
 * log and fails with a message that says nothing about the fix. The fix depends on the case.
 */
export function assertCudaAvailable(platform: string = process.platform, arch: string = process.arch, exists: (file: string) => boolean = existsSync): void {
  const provider = cudaProviderPath(platform, arch);
  if (!provider) {
    throw new ModelLoadError(`--device cuda needs Linux on x64 (onnxruntime-node ships its CUDA provider for no other platform; this is ${platform}/${arch}): drop --device cuda (or HUNT_DEVICE) to run on the CPU`);
  }
  if (!exists(provider)) {
    throw new ModelLoadError(
      `--device cuda: onnxruntime-node's CUDA provider is not installed (no ${path.basename(provider)}); install it with \`${CUDA_INSTALL}\` (needs CUDA 12 and cuDNN 9 on the machine), or drop --device cuda (or HUNT_DEVICE) to run on the CPU`,
    );
  }
}

/**
 * The advice for a CUDA session that would not start although the provider is installed:
 * then the machine's CUDA or cuDNN libraries are what is missing.
 */
export function cudaLoadAdvice(reason: string): string {
  return `onnxruntime could not start its CUDA provider (${reason}): it needs the NVIDIA driver, CUDA 12 and cuDNN 9 libraries on the library path (LD_LIBRARY_PATH), or drop --device cuda (or HUNT_DEVICE) to run on the CPU`;
}
