import { loadScoringEngine, resolveEngineKind } from '../models/engine-kind.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { modelSourceOptions, type ModelCliOptions } from './options.ts';

/** One engine per CLI run, loaded from the command's model options (--engine or HUNT_ENGINE picks the backend). */
export function loadEngine(options: ModelCliOptions): Promise<ScoringEngine> {
  return loadScoringEngine(resolveEngineKind(options.engine), modelSourceOptions(options));
}

/** The graph engine, whatever --engine says: for commands that look inside the model (heads, attention). */
export function loadGraphEngine(options: ModelCliOptions): Promise<GraphEngine> {
  return GraphEngine.load(modelSourceOptions(options));
}
