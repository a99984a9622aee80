import { InputError } from '../common/errors.ts';
import type { Heuristic, HeuristicAnswer } from '../tasks/task-types.ts';
import type { AnswerMatch } from './task-regex.ts';

/** A regex match with the heuristic's verdict on the text before it. */
export interface JudgedMatch {
  /** the answer point: character offset where the `answer` group starts */
  offset: number;
  answerEnd: number;
  actual: string;
  /** the heuristic's answers, or null when it declined */
  expected: string[] | null;
  distractors?: string[];
  /** whether `actual` is one of the answers; null when the heuristic declined */
  agrees: boolean | null;
}

/**
 * Ask the heuristic, for each match, what comes after the document's text up to the
 * answer point, and compare with what the document really says there.
 * An empty answer list counts as declining; a malformed answer is the task's bug.
 *
 * @example judgeMatches('Alpha Beta (AB)', [{ start: 11, end: 15, answerStart: 12, answerEnd: 14 }], initials, 'acronym')
 * // [{ offset: 12, answerEnd: 14, actual: 'AB', expected: ['AB'], agrees: true }]
 */
export function judgeMatches(text: string, matches: AnswerMatch[], heuristic: Heuristic, taskId: string): JudgedMatch[] {
  return matches.map((m) => {
    const actual = text.slice(m.answerStart, m.answerEnd);
    const answer = askHeuristic(heuristic, text.slice(0, m.answerStart), taskId);
    if (!answer) return { offset: m.answerStart, answerEnd: m.answerEnd, actual, expected: null, agrees: null };
    return {
      offset: m.answerStart,
      answerEnd: m.answerEnd,
      actual,
      expected: answer.answers,
      ...(answer.distractors?.length ? { distractors: answer.distractors } : {}),
      agrees: answer.answers.includes(actual),
    };
  });
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
