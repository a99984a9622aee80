import { ScoringEngine } from '../models/scoring-engine.ts';
import { modelSourceOptions, type ModelCliOptions } from './options.ts';

/** One engine per CLI run, loaded from the command's model options. */
export function loadEngine(options: ModelCliOptions): Promise<ScoringEngine> {
  return ScoringEngine.load(modelSourceOptions(options));
}
