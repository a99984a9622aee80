import { inGroups, withSingleFallback, type ItemOutcome } from '../common/item-batches.ts';
import type { ScoreResult } from '../models/engine-types.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';

/** The `--json` shape of `hunt score`: the engine's ScoreResult plus the model id. */
export type ScoreReport = ScoreResult & { model: string };

export interface ScoreOptions {
  top?: number;
  bos?: boolean;
  truncate?: boolean;
}

/** One prompt and the answers to score on it (a `score` job's data is one). */
export interface ScoreItem extends ScoreOptions {
  prompt: string;
  answers: string[];
}

/** The reports of items that share their options: one `scoreMany`. */
async function scoreGroup(engine: ScoringEngine, group: ScoreItem[]): Promise<ScoreReport[]> {
  const { top, bos, truncate } = group[0];
  const results = await engine.scoreMany(
    group.map((d) => ({ prompt: d.prompt, answers: d.answers })),
    { topK: top ?? 10, prependBos: bos ?? true, truncate: truncate ?? false },
  );
  return results.map((result) => ({ model: engine.modelId, ...result }));
}

/** Scores for many items: one `scoreMany` per group of equal options; a bad item fails alone, an outage throws. */
export function scoreReports(engine: ScoringEngine, items: ScoreItem[]): Promise<ItemOutcome<ScoreReport>[]> {
  return inGroups(
    items,
    (d) => JSON.stringify([d.top ?? 10, d.bos ?? true, d.truncate ?? false]),
    (group) =>
      withSingleFallback(
        group,
        (g) => scoreGroup(engine, g),
        async (d) => (await scoreGroup(engine, [d]))[0],
      ),
  );
}

/** One prompt's answers scored: the data behind `hunt score` and `/score`. */
export async function scoreReport(engine: ScoringEngine, prompt: string, answers: string[], options: ScoreOptions = {}): Promise<ScoreReport> {
  return (await scoreGroup(engine, [{ ...options, prompt, answers }]))[0];
}

/**
 * One report from the reports of one prompt's answers scored in chunks (the bot splits long
 * answer lists into queue-sized jobs): answers in order; the logit difference and the top
 * tokens from the first chunk, which holds the first two answers.
 */
export function mergeScoreReports(reports: ScoreReport[]): ScoreReport {
  const [first, ...rest] = reports;
  return { ...first, answers: [first.answers, ...rest.map((r) => r.answers)].flat() };
}
