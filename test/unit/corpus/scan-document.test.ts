import { describe, expect, it } from 'vitest';
import { judgeMatches } from '../../../corpus/scan-document.ts';
import { compileTaskRegex, planTaskRegex } from '../../../corpus/task-regex.ts';
import { plantedAcronymTask } from '../../helpers/planted-corpus.ts';

const scanner = compileTaskRegex(planTaskRegex(plantedAcronymTask.regex!));

describe('judging matches with the heuristic', () => {
  it('GIVEN a right, a wrong and a declined acronym THEN each is judged against what the text says next', () => {
    const text = 'see Alpha Beta (AB), then the thing (QQ), then Gamma Delta (XY).';
    expect(judgeMatches(text, scanner.findAll(text), plantedAcronymTask.heuristic, 'planted-acronym')).toStrictEqual([
      { offset: 16, answerEnd: 18, actual: 'AB', expected: ['AB'], agrees: true },
      { offset: 37, answerEnd: 39, actual: 'QQ', expected: null, agrees: null },
      { offset: 60, answerEnd: 62, actual: 'XY', expected: ['GD'], agrees: false },
    ]);
  });

  it('GIVEN a heuristic with distractors and an empty answer list THEN distractors are kept and empty answers count as declining', () => {
    const heuristic = (prompt: string) => (prompt.endsWith('Alpha Beta (') ? { answers: ['AB'], distractors: ['BA'] } : { answers: [] });
    const text = 'Alpha Beta (AB) Gamma Delta (GD)';
    expect(judgeMatches(text, scanner.findAll(text), heuristic, 't')).toStrictEqual([
      { offset: 12, answerEnd: 14, actual: 'AB', expected: ['AB'], distractors: ['BA'], agrees: true },
      { offset: 29, answerEnd: 31, actual: 'GD', expected: null, agrees: null },
    ]);
  });

  it('GIVEN a heuristic returning a malformed answer THEN it fails as a bad task naming the task', () => {
    const heuristic = () => ({ answers: [42] }) as never;
    expect(() => judgeMatches('x (AB)', scanner.findAll('x (AB)'), heuristic, 'broken')).toThrow('the heuristic of task "broken" returned {"answers":[42]}');
  });
});
