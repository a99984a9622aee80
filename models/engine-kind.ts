import { InputError } from '../common/errors.ts';
import type { ModelSourceOptions } from './model-source.ts';
import type { EngineOptions, ScoringEngine } from './scoring-engine.ts';

/**
 * Which backend runs the model: `transformers` (transformers.js on the hub's ONNX export,
 * the default) or `graph` (our own ONNX graph built from safetensors, with attention
 * patterns, attributions and head ablation; models/graph/).
 */
export const ENGINE_KINDS = ['transformers', 'graph'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/** The engine kind: explicit option, then HUNT_ENGINE, then `transformers`. */
export function resolveEngineKind(option?: string, env: NodeJS.ProcessEnv = process.env): EngineKind {
  const kind = option ?? env.HUNT_ENGINE ?? 'transformers';
  if (!(ENGINE_KINDS as readonly string[]).includes(kind)) {
    throw new InputError('bad_option', `engine must be one of ${ENGINE_KINDS.join(', ')} (got "${kind}")`);
  }
  return kind as EngineKind;
}

/**
 * Load a scoring engine on the chosen backend; both answer the same API with the same numbers.
 * Imported on demand: onnxruntime and transformers.js load only when a model does, so
 * commands that merely name --engine (their help, the queue's producers) start fast.
 */
export async function loadScoringEngine(kind: EngineKind, source: ModelSourceOptions = {}, options: EngineOptions = {}): Promise<ScoringEngine> {
  if (kind === 'graph') return (await import('./graph/graph-engine.ts')).GraphEngine.load(source, options);
  return (await import('./scoring-engine.ts')).ScoringEngine.load(source, options);
}
