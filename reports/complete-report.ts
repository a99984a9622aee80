import { inGroups, withSingleFallback, type ItemOutcome } from '../common/item-batches.ts';
import type { TokenInfo, TopToken } from '../models/engine-types.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';

/** The `--json` shape of `hunt complete` (documented in README), and the result of a `complete` job. */
export interface CompleteReport {
  model: string;
  bos: boolean;
  truncated: number;
  prompt_tokens: TokenInfo[];
  top: TopToken[];
  continuation: string;
  continuation_tokens: TokenInfo[];
  sampled: boolean;
}

/**
 * The report before its continuation: known after one forward pass, while generation still
 * runs, so a front end can show the distribution at once (a `complete` job's progress).
 */
export type CompleteFirstView = Omit<CompleteReport, 'continuation' | 'continuation_tokens'>;

/** Told each item's first view as soon as it is known (the item is one of those passed in). */
export type OnFirstView = (item: CompleteItem, view: CompleteFirstView) => void;

export interface CompleteOptions {
  top?: number;
  tokens?: number;
  bos?: boolean;
  truncate?: boolean;
  temperature?: number;
  seed?: number;
  sample?: boolean;
}

/** One prompt to complete, with its options (a `complete` job's data is one). */
export interface CompleteItem extends CompleteOptions {
  prompt: string;
}

/**
 * The reports of items that share every option shaping the engine call: one `nextTokens`
 * and one `generate` for the lot. A sampled item always comes alone (see completeReports).
 */
async function completeGroup(engine: ScoringEngine, group: CompleteItem[], onFirstView?: OnFirstView): Promise<CompleteReport[]> {
  const options = group[0];
  const common = { prependBos: options.bos ?? true, truncate: options.truncate ?? false };
  const prompts = group.map((item) => item.prompt);
  const next = await engine.nextTokens(prompts, { ...common, topK: options.top ?? 10 });
  const views: CompleteFirstView[] = group.map((_, i) => ({
    model: engine.modelId,
    bos: next[i].bos,
    truncated: next[i].truncated,
    prompt_tokens: next[i].prompt_tokens,
    top: next[i].top,
    sampled: Boolean(options.sample),
  }));
  if (onFirstView) group.forEach((item, i) => onFirstView(item, views[i]));
  const continuations = await engine.generate(prompts, {
    ...common,
    maxNewTokens: options.tokens ?? 20,
    sample: options.sample ? { temperature: options.temperature, seed: options.seed } : undefined,
  });
  return views.map(({ sampled, ...view }, i) => ({ ...view, continuation: continuations[i].text, continuation_tokens: continuations[i].tokens, sampled }));
}

/**
 * Next-token distributions plus continuations for many prompts, from as few forward passes as
 * the engine allows; a bad prompt fails its own item, an outage throws. Greedy continuations
 * batch; sampled ones run alone, because the engine draws one random stream per call, so a
 * sampled prompt's continuation would depend on its batch-mates. `onFirstView` hears each item's
 * next tokens before its continuation is generated (an item run again alone after a batch
 * failed may be told twice, with the same view).
 */
export function completeReports(engine: ScoringEngine, items: CompleteItem[], onFirstView?: OnFirstView): Promise<ItemOutcome<CompleteReport>[]> {
  const key = (d: CompleteItem) => (d.sample ? `sampled:${Math.random()}` : JSON.stringify([d.top ?? 10, d.tokens ?? 20, d.bos ?? true, d.truncate ?? false]));
  return inGroups(items, key, (group) =>
    withSingleFallback(
      group,
      (g) => completeGroup(engine, g, onFirstView),
      async (d) => (await completeGroup(engine, [d], onFirstView))[0],
    ),
  );
}

/**
 * One prompt's report: the data behind `hunt complete` and `/complete`.
 *
 * @example (await completeReport(engine, 'a b a', { top: 1, tokens: 1 })).top[0].text // ' b' on the tiny fixture
 */
export async function completeReport(engine: ScoringEngine, prompt: string, options: CompleteOptions = {}): Promise<CompleteReport> {
  return (await completeGroup(engine, [{ ...options, prompt }]))[0];
}
