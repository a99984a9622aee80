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
  if (source.kind !== 'local') return 'hub:main';
  const file = path.join(source.folder!, kind === 'graph' ? 'model.safetensors' : WEIGHT_FILES[source.dtype]);
  if (!existsSync(file)) return 'unknown';
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex').slice(0, 16)}`;
}
