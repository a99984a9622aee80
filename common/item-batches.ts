import { completeReport, type CompleteReport } from '../cli/subcommands/complete-command.ts';
import { scoreReport, type ScoreReport } from '../cli/subcommands/score-command.ts';
import { tokensReport, type TokensReport } from '../cli/subcommands/tokens-command.ts';
import { HuntError } from '../common/errors.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { CompleteJobData, ScoreJobData, TokensJobData } from '../queue/job-schemas.ts';

/**
 * Many jobs' reports from as few forward passes as the engine allows, each equal (to
 * float rounding of a padded batch, ~1e-5 in logits) to the CLI's report function
 * called on its own. Jobs run together only when every option that shapes the
 * engine call is the same; a single job goes straight to the CLI's function.
 */

/** The result of one item of a batch: a value, or the error that item alone caused. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: HuntError | Error };

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(index);
    else groups.set(k, [index]);
  });
  return groups;
}

/**
 * Run `batch` over a group; when it throws because of the input (one bad prompt spoils a
 * batched call), run every item alone so only the bad ones fail. A transient error
 * (anything not a permanent HuntError) is thrown for the caller to retry the lot.
 */
async function withSingleFallback<T, R>(
  items: T[],
  batch: (items: T[]) => Promise<R[]>,
  single: (item: T) => Promise<R>,
): Promise<ItemOutcome<R>[]> {
  if (items.length > 1) {
    try {
      return (await batch(items)).map((value) => ({ ok: true, value }));
    } catch (err) {
      if (!(err instanceof HuntError && err.permanent)) throw err;
    }
  }
  const outcomes: ItemOutcome<R>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ ok: true, value: await single(item) });
    } catch (err) {
      if (!(err instanceof HuntError && err.permanent)) throw err;
      outcomes.push({ ok: false, error: err });
    }
  }
  return outcomes;
}

/** Split items into compatible groups, run each, and put the outcomes back in the items' order. */
async function inGroups<T, R>(
  items: T[],
  key: (item: T) => string,
  run: (group: T[]) => Promise<ItemOutcome<R>[]>,
): Promise<ItemOutcome<R>[]> {
  const outcomes: ItemOutcome<R>[] = new Array(items.length);
  for (const indices of groupBy(items, key).values()) {
    const results = await run(indices.map((i) => items[i]));
    indices.forEach((itemIndex, k) => (outcomes[itemIndex] = results[k]));
  }
  return outcomes;
}

/**
 * `completeReport` for many jobs. Greedy continuations batch; sampled ones run alone,
 * because the engine draws one random stream per call, so a sampled prompt's
 * continuation would depend on its batch-mates.
 */
export function completeReports(engine: ScoringEngine, items: CompleteJobData[]): Promise<ItemOutcome<CompleteReport>[]> {
  const key = (d: CompleteJobData) => (d.sample ? `sampled:${Math.random()}` : JSON.stringify([d.top, d.tokens, d.bos, d.truncate]));
  return inGroups(items, key, (group) =>
    withSingleFallback(
      group,
      async (g) => {
        const { top, tokens, bos, truncate } = g[0];
        const prompts = g.map((d) => d.prompt);
        const next = await engine.nextTokens(prompts, { prependBos: bos, truncate, topK: top });
        const continuations = await engine.generate(prompts, { prependBos: bos, truncate, maxNewTokens: tokens });
        return g.map((_, i) => ({
          model: engine.modelId,
          bos: next[i].bos,
          truncated: next[i].truncated,
          prompt_tokens: next[i].prompt_tokens,
          top: next[i].top,
          continuation: continuations[i].text,
          continuation_tokens: continuations[i].tokens,
          sampled: false,
        }));
      },
      (d) => completeReport(engine, d.prompt, d),
    ),
  );
}

/** `scoreReport` for many jobs: one `scoreMany` per group of equal options. */
export function scoreReports(engine: ScoringEngine, items: ScoreJobData[]): Promise<ItemOutcome<ScoreReport>[]> {
  return inGroups(
    items,
    (d) => JSON.stringify([d.top, d.bos, d.truncate]),
    (group) =>
      withSingleFallback(
        group,
        async (g) => {
          const { top, bos, truncate } = g[0];
          const results = await engine.scoreMany(
            g.map((d) => ({ prompt: d.prompt, answers: d.answers })),
            { topK: top, prependBos: bos, truncate },
          );
          return results.map((result) => ({ model: engine.modelId, ...result }));
        },
        (d) => scoreReport(engine, d.prompt, d.answers, d),
      ),
  );
}

/** `tokensReport` for many jobs: one `tokenLogprobs` per group of equal options. */
export function tokensReports(engine: ScoringEngine, items: TokensJobData[]): Promise<ItemOutcome<TokensReport>[]> {
  return inGroups(
    items,
    (d) => JSON.stringify([d.bos, d.truncate]),
    (group) =>
      withSingleFallback(
        group,
        async (g) => {
          const results = await engine.tokenLogprobs(
            g.map((d) => d.text),
            { prependBos: g[0].bos, truncate: g[0].truncate },
          );
          return results.map((result) => ({ model: engine.modelId, ...result }));
        },
        (d) => tokensReport(engine, d.text, d),
      ),
  );
}
