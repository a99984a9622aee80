import { InputError } from '../common/errors.ts';
import type { Heuristic, HeuristicAnswer, MinedMatch } from '../tasks/task-types.ts';
import { alignAnswerStart, firstTokenFolded } from './answer-tokens.ts';
import type { CorpusTokenizer } from './load-tokenizer.ts';
import type { AnswerMatch } from './task-regex.ts';

/**
 * Characters of text before the answer point the heuristic is shown: about what a
 * 1024-token context holds (4.4 bytes per token in prose, fewer in code and HTML), and a bound on the heuristic's work
 * per match whatever the document's length (a heuristic that reads its whole prompt would
 * otherwise cost O(length²) on a document dense in matches).
 */
export const PROMPT_WINDOW = 4096;
/** Characters after the answer a task's `isInstance` may look at. */
const AFTER_CHARS = 40;

export type MatchKind = 'agree' | 'disagree' | 'declined';

/** A regex match with the heuristic's verdict on the text before it. */
export interface JudgedMatch {
  /** the answer point: character offset where the answer starts (moved to a token boundary when a tokenizer is given) */
  offset: number;
  answerEnd: number;
  /** the text the heuristic was shown: up to PROMPT_WINDOW characters before the answer point */
  prompt: string;
  /** what the text really says next */
  actual: string;
  after: string;
  /** the heuristic's answers, or null when it declined */
  expected: string[] | null;
  distractors?: string[];
  /** agree: `actual` is one of the answers; declined: no answer */
  kind: MatchKind;
  /** a real instance of the behaviour: the heuristic answers, and the task's `isInstance` holds */
  instance: boolean;
  /** lenient agreement: some answer's first token equals the text's, case-folded; null when declined */
  lenient: boolean | null;
}

export interface JudgeOptions {
  heuristic: Heuristic;
  isInstance?: (match: MinedMatch) => boolean;
  taskId: string;
  /** GPT-2's tokenizer: answer points move to token boundaries and lenient agreement uses its tokens */
  tokenizer?: Pick<CorpusTokenizer, 'encode' | 'decode'> | null;
}

/**
 * Ask the heuristic what comes after the text up to the answer point, compare with what the
 * text really says there, and check the task's precondition for a real instance.
 * An empty answer list counts as declining; a malformed answer is the task's bug.
 *
 * @example judgeMatch('Alpha Beta (AB)', { start: 11, end: 15, answerStart: 12, answerEnd: 14 }, { heuristic: initials, taskId: 'acronym' })
 * // { offset: 12, actual: 'AB', expected: ['AB'], kind: 'agree', instance: true, lenient: true, … }
 */
export function judgeMatch(text: string, match: AnswerMatch, options: JudgeOptions): JudgedMatch {
  const tokenizer = options.tokenizer ?? null;
  const offset = tokenizer ? alignAnswerStart(text, match.answerStart, tokenizer) : match.answerStart;
  const answerEnd = Math.max(offset, match.answerEnd);
  const prompt = text.slice(Math.max(0, offset - PROMPT_WINDOW), offset);
  const actual = text.slice(offset, answerEnd);
  const after = text.slice(answerEnd, answerEnd + AFTER_CHARS);
  const base = { offset, answerEnd, prompt, actual, after };
  const answer = actual === '' ? null : askHeuristic(options.heuristic, prompt, options.taskId);
  if (!answer) return { ...base, expected: null, kind: 'declined', instance: false, lenient: null };
  const first = firstTokenFolded(actual, tokenizer);
  return {
    ...base,
    expected: answer.answers,
    ...(answer.distractors?.length ? { distractors: answer.distractors } : {}),
    kind: answer.answers.includes(actual) ? 'agree' : 'disagree',
    instance: options.isInstance ? options.isInstance({ prompt, actual, after }) : true,
    lenient: answer.answers.some((a) => firstTokenFolded(a, tokenizer) === first),
  };
}

/** The heuristic's answer, null when it declines (null or no answers); throws `bad_task` on a malformed one. */
export function askHeuristic(heuristic: Heuristic, prompt: string, taskId: string): HeuristicAnswer | null {
  const answer = heuristic(prompt);
  if (answer === null || answer === undefined) return null;
  if (!Array.isArray(answer.answers) || answer.answers.some((a) => typeof a !== 'string')) {
    throw new InputError('bad_task', `the heuristic of task "${taskId}" returned ${JSON.stringify(answer)}; it must return { answers: string[] } or null`);
  }
  return answer.answers.length > 0 ? answer : null;
}
