import { loadScoringEngine, resolveEngineKind } from '../models/engine-kind.ts';
import type { GraphEngine } from '../models/graph/graph-engine.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { modelSourceOptions, type ModelCliOptions } from './options.ts';

/** One engine per CLI run, loaded from the command's model options (--engine or HUNT_ENGINE picks the backend). */
export function loadEngine(options: ModelCliOptions): Promise<ScoringEngine> {
  return loadScoringEngine(resolveEngineKind(options.engine), modelSourceOptions(options));
}

/** The graph engine, whatever --engine says: for commands that look inside the model (heads, attention). */
export async function loadGraphEngine(options: ModelCliOptions): Promise<GraphEngine> {
  const { GraphEngine: Engine } = await import('../models/graph/graph-engine.ts');
  return Engine.load(modelSourceOptions(options));
}
