import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { EngineKind } from './engine-kind.ts';
import type { ModelSource } from './model-source.ts';

const WEIGHT_FILES: Record<ModelSource['dtype'], string> = { fp32: 'onnx/model.onnx', fp16: 'onnx/model_fp16.onnx', q8: 'onnx/model_quantized.onnx' };

/**
 * Which weights ran: a local model's revision is the hash of the weight file the engine
 * loads; a hub model's is the branch transformers.js loads.
 *
 * @example await modelRevision(resolveModelSource({ model: 'test/fixtures/tiny-gpt2' }), 'transformers') // 'sha256:…16 hex…'
 */
export async function modelRevision(source: ModelSource, kind: EngineKind): Promise<string> {
  return source.kind === 'local' ? revisionOf(source, await weightsSha256(source, kind)) : revisionOf(source, null);
}

/** The revision of weights whose file hash is known already (weightsSha256): read the file once for both. */
export function revisionOf(source: ModelSource, sha256: string | null): string {
  if (source.kind !== 'local') return 'hub:main';
  return sha256 === null ? 'unknown' : `sha256:${sha256.slice(0, 16)}`;
}

/** The weight file an engine loads: in the local folder, or in the hub cache where the download put it. */
function weightFile(source: ModelSource, kind: EngineKind): string {
  const folder = source.kind === 'local' ? source.folder! : path.join(source.cacheDir, source.spec);
  return path.join(folder, kind === 'graph' ? 'model.safetensors' : WEIGHT_FILES[source.dtype]);
}

/**
 * The full sha256 (hex) of the weight file that ran, local or downloaded from the hub: what
 * a stored evaluation names as the weights it was computed with. null when the file is not
 * there to hash. Read once per worker (GPT-2 small's 500 MB take about a second).
 *
 * @example await weightsSha256(resolveModelSource({ model: 'test/fixtures/tiny-gpt2' }), 'transformers') // '…64 hex digits…'
 */
export async function weightsSha256(source: ModelSource, kind: EngineKind): Promise<string | null> {
  const file = weightFile(source, kind);
  if (!existsSync(file)) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
