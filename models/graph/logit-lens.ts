import { answerTokens } from '../answer-tokens.ts';
import type { TokenInfo, TopToken } from '../engine-types.ts';
import { logSumExp } from '../logprob-math.ts';
import type { GraphEngine } from './graph-engine.ts';
import type { LayerRunner } from './layer-runner.ts';
import { tokenBatch } from './layer-runner.ts';
import { promptTokenIds } from './prompt-tokens.ts';

export interface LensAnswer {
  rank: number;
  logprob: number;
  prob: number;
  logit: number;
}

/** What the residual stream says about the next token at the last position, read after one layer. */
export interface LensLayer {
  /** "embed" (token + position embeddings), then "L0" … after each layer */
  layer: string;
  top: TopToken[];
  answer?: LensAnswer;
}

export interface LogitLensReport {
  model: string;
  prompt: string;
  bos: boolean;
  /** the model's input tokens (BOS included): the columns of the grids */
  tokens: TokenInfo[];
  /** the answer read at the last position: its first token */
  answer?: { text: string; token: TokenInfo };
  /** at the last position, one entry per residual stream (embeddings, then after each layer) */
  layers: LensLayer[];
  /** [stream][position]: the top token read from each stream at each position */
  top_tokens: TokenInfo[][];
  /** [stream][position]: its probability */
  top_probs: number[][];
  /**
   * [stream][position]: the probability of the token that really comes next (at the last
   * position, the answer's first token; null there without an answer)
   */
  next_probs: (number | null)[][];
}

function rankOf(row: Float32Array, id: number): number {
  const target = row[id];
  let above = 0;
  for (let i = 0; i < row.length; i++) if (row[i] > target) above++;
  return above + 1;
}

function topOf(engine: GraphEngine, row: Float32Array, k: number, lse: number): TopToken[] {
  const best: number[] = [];
  for (let i = 0; i < row.length; i++) {
    if (best.length < k || row[i] > row[best[best.length - 1]]) {
      best.push(i);
      best.sort((a, b) => row[b] - row[a]);
      if (best.length > k) best.pop();
    }
  }
  return best.map((id) => ({ ...engine.tokenInfo(id), logit: row[id], logprob: row[id] - lse, prob: Math.exp(row[id] - lse) }));
}

/**
 * The logit lens (nostalgebraist 2020): the residual stream after every layer, read through
 * the final LayerNorm (with its own scale) and the unembedding, as if the model stopped there.
 * The last stream is the model's own output, so its row equals the model's logits.
 *
 * @example (await logitLens(engine, runner, ' a b c a b', { answer: ' c' })).layers.at(-1)!.answer!.rank // the model's rank of " c"
 */
export async function logitLens(engine: GraphEngine, runner: LayerRunner, prompt: string, options: { answer?: string; topK?: number; bos?: boolean } = {}): Promise<LogitLensReport> {
  const bos = options.bos ?? true;
  const topK = options.topK ?? 5;
  const ids = promptTokenIds(engine, prompt, bos);
  const batch = tokenBatch([ids]);
  const T = ids.length;
  const V = runner.config.vocabSize;
  const run = await runner.forward(batch, runner.embed(batch), { record: true });
  const answerId = options.answer === undefined ? undefined : answerTokens((t) => engine.encode(t), engine.encode(prompt), prompt, options.answer).ids[0];
  const report: LogitLensReport = {
    model: engine.modelId,
    prompt,
    bos,
    tokens: ids.map((id) => engine.tokenInfo(id)),
    ...(answerId === undefined ? {} : { answer: { text: options.answer!, token: engine.tokenInfo(answerId) } }),
    layers: [],
    top_tokens: [],
    top_probs: [],
    next_probs: [],
  };
  // one stream at a time: [T, vocab] logits stay small even for long prompts
  for (let s = 0; s < run.resid!.length; s++) {
    const logits = await runner.unembed(run.resid![s]);
    const tops: TokenInfo[] = [];
    const topProbs: number[] = [];
    const nextProbs: (number | null)[] = [];
    for (let t = 0; t < T; t++) {
      const row = logits.subarray(t * V, (t + 1) * V);
      const lse = logSumExp(row);
      const [best] = topOf(engine, row, 1, lse);
      tops.push({ id: best.id, text: best.text });
      topProbs.push(best.prob);
      const next = t < T - 1 ? ids[t + 1] : answerId;
      nextProbs.push(next === undefined ? null : Math.exp(row[next] - lse));
      if (t === T - 1) {
        const layer: LensLayer = { layer: s === 0 ? 'embed' : `L${s - 1}`, top: topOf(engine, row, topK, lse) };
        if (answerId !== undefined) layer.answer = { rank: rankOf(row, answerId), logprob: row[answerId] - lse, prob: Math.exp(row[answerId] - lse), logit: row[answerId] };
        report.layers.push(layer);
      }
    }
    report.top_tokens.push(tops);
    report.top_probs.push(topProbs);
    report.next_probs.push(nextProbs);
  }
  return report;
}
