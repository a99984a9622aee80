import { InputError } from '../common/errors.ts';
import { answerTokens, type AnswerTokens, type Encode } from './answer-tokens.ts';
import type { ScoredAnswer, ScoreResult, TokenInfo, TopToken } from './engine-types.ts';
import type { RowView } from './row-view.ts';

/**
 * `ScoringEngine.scoreMany` in named pure steps, testable without a model: plan which sequences
 * the model reads and which rows of them score which answer tokens (`planAnswers`, `wantedRows`),
 * record what each row says (`recordRow`), and assemble the reports (`scoreResults`).
 */

/** A prompt after tokenization: the ids fed to the model, and how they were made. */
export interface PreparedPrompt {
  ids: number[];
  bos: boolean;
  truncated: number;
  /** prompt tokens without the BOS, for display */
  promptIds: number[];
}

/** One (prompt, answers) item to score. */
export interface AnswerItem {
  prompt: string;
  answers: string[];
}

/** One answer (or an answer's other spelling) and what the rows told about it. */
export interface PlannedAnswer {
  item: number;
  answer: string;
  ids: number[];
  boundaryMerge: boolean;
  note?: string;
  /** index of the answer this is the other spelling of */
  alternativeOf?: number;
  /** length of BOS + prompt ids: the answer's first token is predicted by row start − 1 */
  start: number;
  logprobs: number[];
  rank: number;
  logit: number;
}

export interface AnswerPlan {
  prompts: PreparedPrompt[];
  answers: PlannedAnswer[];
  /** the model inputs: prompt + all answer tokens but the last, identical inputs once */
  sequences: number[][];
  /** per sequence, the answers read from its rows */
  answersOn: number[][];
  /** per item, the top tokens after its prompt (filled by `recordRow`) */
  tops: (TopToken[] | undefined)[];
}

/** A position whose next-token distribution is wanted, and the tokens whose logit and rank will be read there. */
export interface WantedRow {
  position: number;
  targets: number[];
}

/** What planning needs from the engine: its tokenizer and its prompt preparation (BOS, context check). */
export interface PlanTools {
  encode: Encode;
  /** BOS, truncation and the context check for a tokenized prompt that must leave `reserve` tokens */
  prepareIds(promptIds: number[], reserve: number): PreparedPrompt;
}

/**
 * Tokenize every answer after its prompt and lay out the sequences to run. An answer's last
 * token is predicted, never fed in: the model input is prompt + all answer tokens but the last,
 * so every single-token answer of a prompt (and the alternatives) shares one sequence.
 */
export function planAnswers(items: AnswerItem[], tools: PlanTools, withAlternatives: boolean): AnswerPlan {
  const plan: AnswerPlan = { prompts: [], answers: [], sequences: [], answersOn: [], tops: new Array(items.length) };
  const sequenceOf = new Map<string, number>();
  items.forEach((item, itemIndex) => {
    if (!Array.isArray(item.answers) || item.answers.length === 0) {
      throw new InputError('bad_option', 'give at least one answer to score');
    }
    if (typeof item.prompt !== 'string' || item.prompt.length === 0) {
      throw new InputError('empty_prompt', 'the prompt is empty: give some text for the model to continue');
    }
    // Answer tokens are decided on the whole prompt's text, even when its ids are then cut on the left.
    const promptIds = tools.encode(item.prompt);
    const tokenize = (answer: string) => {
      if (typeof answer !== 'string' || answer.length === 0) {
        throw new InputError('bad_option', 'an answer is empty: give the text you expect next, e.g. " John"');
      }
      return answerTokens(tools.encode, promptIds, item.prompt, answer);
    };
    const own = item.answers.map(tokenize);
    const alternatives = own.map((t) => (withAlternatives && t.alternative && !item.answers.includes(t.alternative) ? tokenize(t.alternative) : undefined));
    // The model reads every answer token but the last, so that many must fit after the prompt.
    const reserve = Math.max(...[...own, ...alternatives].map((t) => (t ? t.ids.length - 1 : 0)));
    const p = tools.prepareIds(promptIds, reserve);
    plan.prompts.push(p);
    const add = (answer: string, t: AnswerTokens, alternativeOf?: number): void => {
      const input = [...p.ids, ...t.ids.slice(0, -1)];
      const key = input.join(',');
      let seq = sequenceOf.get(key);
      if (seq === undefined) {
        seq = plan.sequences.push(input) - 1;
        sequenceOf.set(key, seq);
        plan.answersOn.push([]);
      }
      plan.answersOn[seq].push(plan.answers.length);
      plan.answers.push({ item: itemIndex, answer, ids: t.ids, boundaryMerge: t.boundaryMerge, note: t.note, alternativeOf, start: p.ids.length, logprobs: [], rank: 0, logit: 0 });
    };
    item.answers.forEach((answer, i) => {
      add(answer, own[i]);
      const alternative = alternatives[i];
      if (alternative) add(own[i].alternative!, alternative, plan.answers.length - 1);
    });
  });
  return plan;
}

/** The rows of sequence `seq` that score its answers' tokens, in position order, with the token ids read at each. */
export function wantedRows(plan: AnswerPlan, seq: number): WantedRow[] {
  const targets = new Map<number, Set<number>>();
  for (const a of plan.answersOn[seq]) {
    plan.answers[a].ids.forEach((id, j) => {
      const position = plan.answers[a].start - 1 + j;
      if (!targets.has(position)) targets.set(position, new Set());
      targets.get(position)!.add(id);
    });
  }
  return [...targets.keys()].sort((x, y) => x - y).map((position) => ({ position, targets: [...targets.get(position)!] }));
}

/**
 * Record what the row at `position` of sequence `seq` says about each answer read there: the
 * log-prob of the answer token it predicts, and at an answer's first token its rank and logit
 * and the item's top tokens (`topOf(view)`).
 */
export function recordRow(plan: AnswerPlan, seq: number, position: number, view: RowView, topOf: (view: RowView) => TopToken[]): void {
  const lse = view.lse;
  for (const a of plan.answersOn[seq]) {
    const s = plan.answers[a];
    const j = position - (s.start - 1);
    if (j < 0 || j >= s.ids.length) continue;
    const id = s.ids[j];
    s.logprobs[j] = view.logit(id) - lse;
    if (j === 0) {
      s.rank = view.rank(id);
      s.logit = view.logit(id);
      plan.tops[s.item] ??= topOf(view);
    }
  }
}

/** The reports of every item, once every wanted row has been recorded. */
export function scoreResults(plan: AnswerPlan, items: AnswerItem[], tokenInfo: (id: number) => TokenInfo): ScoreResult[] {
  const asAnswer = (s: PlannedAnswer): Omit<ScoredAnswer, 'alternative' | 'note'> => {
    const logprob = s.logprobs.reduce((a, b) => a + b, 0);
    return {
      answer: s.answer,
      token_ids: s.ids,
      tokens: s.ids.map(tokenInfo),
      logprob,
      prob: Math.exp(logprob),
      token_logprobs: s.logprobs,
      rank: s.rank,
      logit: s.logit,
      boundary_merge: s.boundaryMerge,
    };
  };
  return items.map((item, itemIndex) => {
    const p = plan.prompts[itemIndex];
    const own = plan.answers.map((s, i) => ({ s, i })).filter(({ s }) => s.item === itemIndex && s.alternativeOf === undefined);
    const answers: ScoredAnswer[] = own.map(({ s, i }) => {
      const alt = plan.answers.find((a) => a.alternativeOf === i);
      return { ...asAnswer(s), ...(s.note ? { note: s.note } : {}), ...(alt ? { alternative: asAnswer(alt) } : {}) };
    });
    const result: ScoreResult = {
      bos: p.bos,
      truncated: p.truncated,
      prompt: item.prompt,
      prompt_tokens: p.promptIds.map(tokenInfo),
      answers,
      top: plan.tops[itemIndex]!,
    };
    if (answers.length >= 2) result.logit_diff = answers[0].logit - answers[1].logit;
    return result;
  });
}

/**
 * How many leading tokens of sequence `seq` are its prompt (BOS included): rows before it are
 * read from a run over the prompt alone, whose cache the answer tokens then continue. Sequences
 * shared by answers of different prompts (same ids, split elsewhere) take the shortest prompt.
 */
export function promptLength(plan: AnswerPlan, seq: number): number {
  return Math.min(...plan.answersOn[seq].map((a) => plan.answers[a].start));
}
