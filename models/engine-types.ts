/**
 * The engine's results: plain data, shaped like the `--json` output of the CLI
 * (snake_case keys are the documented, stable JSON contract other tools consume).
 */

export interface TokenInfo {
  id: number;
  /** the token's decoded text, leading space kept as a real space */
  text: string;
}

export interface TopToken extends TokenInfo {
  prob: number;
  logprob: number;
  logit: number;
}

export interface CommonOptions {
  /** prepend `<|endoftext|>` (id 50256) as TransformerLens does; default true */
  prependBos?: boolean;
  /** cut the prompt on the left to fit the context instead of failing; default false */
  truncate?: boolean;
}

export interface NextTokenOptions extends CommonOptions {
  /** how many top tokens to return; default 10 */
  topK?: number;
}

export interface NextTokenResult {
  bos: boolean;
  /** number of prompt tokens cut on the left to fit the context (0 when none) */
  truncated: number;
  prompt_tokens: TokenInfo[];
  top: TopToken[];
}

export interface ScoredAnswer {
  answer: string;
  /** the tokens that `prompt + answer` adds after the prompt's own tokens: what was scored */
  token_ids: number[];
  tokens: TokenInfo[];
  /** sum of the answer tokens' log-probs, each given the prompt and the answer tokens before it */
  logprob: number;
  /** exp(logprob): the probability of the whole answer */
  prob: number;
  token_logprobs: number[];
  /** 1-based rank of the answer's first token in the next-token distribution */
  rank: number;
  /** logit of the answer's first token at the end of the prompt */
  logit: number;
  /** a BPE merge crossed the prompt/answer boundary; the answer's own tokens were scored after the prompt */
  boundary_merge: boolean;
  /** why the scored tokens may not be what the user meant, when they may not */
  note?: string;
  /** the other spelling (with / without a leading space), scored too, when the answer's spelling is ambiguous */
  alternative?: Omit<ScoredAnswer, 'alternative' | 'note'>;
}

export interface ScoreResult {
  bos: boolean;
  truncated: number;
  prompt: string;
  prompt_tokens: TokenInfo[];
  answers: ScoredAnswer[];
  /** logit(first token of answers[0]) − logit(first token of answers[1]) at the end of the prompt: the IOI metric */
  logit_diff?: number;
  top: TopToken[];
}

export interface ScoreOptions extends NextTokenOptions {
  /** also score the other leading-space spelling of an ambiguous answer; default true */
  alternatives?: boolean;
}

export interface TokenLogprob extends TokenInfo {
  /** log-prob of this token given the ones before it; null for the first token when nothing precedes it */
  logprob: number | null;
  /** 1-based rank of this token in the distribution that predicted it; null when nothing predicted it */
  rank: number | null;
}

export interface TokenLogprobsResult {
  bos: boolean;
  truncated: number;
  tokens: TokenLogprob[];
}

export interface GenerateOptions extends CommonOptions {
  /** number of tokens to generate; default 20 */
  maxNewTokens?: number;
  /** greedy when absent */
  sample?: { temperature?: number; topK?: number; seed?: number };
}

export interface GenerateResult {
  bos: boolean;
  truncated: number;
  tokens: TokenInfo[];
  text: string;
}
