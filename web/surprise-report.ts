import { tokensReport, type TokensReport } from '../reports/tokens-report.ts';
import type { TokenLogprob, TopToken } from '../models/engine-types.ts';
import { logSumExp, topKIndices } from '../models/logprob-math.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';

/** A token of a surprise view: its log-prob and rank, and what the model expected there instead. */
export interface SurpriseToken extends TokenLogprob {
  /** the top-k of the distribution that predicted this token; empty when nothing predicted it */
  top: TopToken[];
}

export interface SurpriseReport extends Omit<TokensReport, 'tokens'> {
  tokens: SurpriseToken[];
}

/** Alternatives kept per token: enough for a hover card, small enough to store for 1,024 tokens. */
export const SURPRISE_TOP_K = 5;

/**
 * `hunt tokens` with the top-k at every position: the data of the per-token surprise
 * page (each token coloured by its log-prob, the model's expectations on hover).
 *
 * @example (await surpriseReport(engine, 'a b a b')).tokens[3] // { text: ' b', logprob: -0.4, rank: 1, top: [{ text: ' b', prob: 0.67, … }, …] }
 */
export async function surpriseReport(engine: ScoringEngine, text: string, options: { bos?: boolean; truncate?: boolean; topK?: number } = {}): Promise<SurpriseReport> {
  const common = { prependBos: options.bos ?? true, truncate: options.truncate ?? false };
  const report = await tokensReport(engine, text, options);
  const [positions] = await engine.positionLogits([text], common);
  const k = options.topK ?? SURPRISE_TOP_K;
  // input_ids = [BOS?] + the shown tokens; the row before a token's input position predicted it
  const offset = positions.input_ids.length - report.tokens.length;
  const tokens = report.tokens.map((token, i): SurpriseToken => {
    const row = positions.rows[i + offset - 1];
    if (token.logprob === null || !row) return { ...token, top: [] };
    const lse = logSumExp(row);
    const top = topKIndices(row, k).map((id) => ({ ...engine.tokenInfo(id), logit: row[id], logprob: row[id] - lse, prob: Math.exp(row[id] - lse) }));
    return { ...token, top };
  });
  return { ...report, tokens };
}
