import { inGroups, withSingleFallback, type ItemOutcome } from '../common/item-batches.ts';
import type { TokenLogprob } from '../models/engine-types.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';

/** The `--json` shape of `hunt tokens`. */
export interface TokensReport {
  model: string;
  bos: boolean;
  truncated: number;
  tokens: TokenLogprob[];
}

export interface TokensOptions {
  bos?: boolean;
  truncate?: boolean;
}

/** One text to tokenize and score (a `tokens` job's data is one). */
export interface TokensItem extends TokensOptions {
  text: string;
}

/** The reports of items that share their options: one `tokenLogprobs`. */
async function tokensGroup(engine: ScoringEngine, group: TokensItem[]): Promise<TokensReport[]> {
  const results = await engine.tokenLogprobs(
    group.map((d) => d.text),
    { prependBos: group[0].bos ?? true, truncate: group[0].truncate ?? false },
  );
  return results.map((result) => ({ model: engine.modelId, ...result }));
}

/** Per-token log-probs for many texts: one `tokenLogprobs` per group of equal options; a bad item fails alone. */
export function tokensReports(engine: ScoringEngine, items: TokensItem[]): Promise<ItemOutcome<TokensReport>[]> {
  return inGroups(
    items,
    (d) => JSON.stringify([d.bos ?? true, d.truncate ?? false]),
    (group) =>
      withSingleFallback(
        group,
        (g) => tokensGroup(engine, g),
        async (d) => (await tokensGroup(engine, [d]))[0],
      ),
  );
}

/** One text's tokens and how surprised the model was by each: the data behind `hunt tokens`. */
export async function tokensReport(engine: ScoringEngine, text: string, options: TokensOptions = {}): Promise<TokensReport> {
  return (await tokensGroup(engine, [{ ...options, text }]))[0];
}
