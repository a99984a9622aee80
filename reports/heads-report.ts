import type { GraphEngine } from '../models/graph/graph-engine.ts';
import { headEffects, type AblationMode, type HeadEffectsReport, type HeadItem } from '../models/graph/head-effects.ts';
import { headItemsFromTask } from '../tasks/task-head-items.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';

/** The `--json` shape of `hunt heads`, and the data of its web page. */
export interface HeadsReport extends HeadEffectsReport {
  model: string;
  task: string;
  seed: number;
  /** the first few prompts with their answer and distractor, to show what was measured */
  examples: HeadItem[];
}

/** Which heads a task's behaviour relies on, measured on n of its instances. */
export async function headsReport(
  engine: GraphEngine,
  task: TaskDefinition,
  options: { n?: number; seed?: number; ablation?: AblationMode; onProgress?: (headsDone: number, heads: number) => void } = {},
): Promise<HeadsReport> {
  const seed = options.seed ?? 0;
  const items = headItemsFromTask(task, engine, options.n ?? 50, seed);
  const effects = await headEffects(engine, items, { ablation: options.ablation, onProgress: options.onProgress });
  return { model: engine.modelId, task: task.id, seed, ...effects, examples: items.slice(0, 3) };
}
