import { describe, expect, it } from 'vitest';
import { judgeMatch } from '../../../corpus/scan-document.ts';
import { compileTaskRegex, planTaskRegex } from '../../../corpus/task-regex.ts';
import { plantedAcronymTask } from '../../helpers/planted-corpus.ts';

const scanner = compileTaskRegex(planTaskRegex(plantedAcronymTask.regex!));
const judgeAll = (text: string, options: Parameters<typeof judgeMatch>[2]) =>
  scanner.findAll(text).map((m) => {
    const j = judgeMatch(text, m, options);
    return { offset: j.offset, actual: j.actual, expected: j.expected, kind: j.kind, instance: j.instance, lenient: j.lenient };
  });

describe('judging matches with the heuristic', () => {
  it('GIVEN a right, a wrong and a declined acronym THEN each is judged against what the text says next', () => {
    const text = 'see Alpha Beta (AB), then the thing (QQ), then Gamma Delta (XY).';
    expect(judgeAll(text, { heuristic: plantedAcronymTask.heuristic, taskId: 'planted-acronym' })).toStrictEqual([
      { offset: 16, actual: 'AB', expected: ['AB'], kind: 'agree', instance: true, lenient: true },
      { offset: 37, actual: 'QQ', expected: null, kind: 'declined', instance: false, lenient: null },
      { offset: 60, actual: 'XY', expected: ['GD'], kind: 'disagree', instance: true, lenient: false },
    ]);
  });

  it("GIVEN a task precondition THEN a match the heuristic answers is a real instance only where it holds", () => {
    const isInstance = ({ actual }: { actual: string }) => actual !== 'XY';
    const text = 'see Alpha Beta (AB), then Gamma Delta (XY).';
    expect(judgeAll(text, { heuristic: plantedAcronymTask.heuristic, isInstance, taskId: 't' }).map((j) => j.instance)).toStrictEqual([true, false]);
  });

  it('GIVEN an answer that differs only in case after its first word piece THEN it disagrees exactly but agrees leniently', () => {
    const heuristic = () => ({ answers: ['Abx'] });
    expect(judgeAll('Alpha Beta (AB)', { heuristic, taskId: 't' })).toMatchObject([{ kind: 'disagree', lenient: false }]);
    const sameWord = () => ({ answers: ['ab'] });
    expect(judgeAll('Alpha Beta (AB)', { heuristic: sameWord, taskId: 't' })).toMatchObject([{ kind: 'disagree', lenient: true }]);
  });

  it('GIVEN a heuristic with distractors and an empty answer list THEN distractors are kept and empty answers count as declining', () => {
    const heuristic = (prompt: string) => (prompt.endsWith('Alpha Beta (') ? { answers: ['AB'], distractors: ['BA'] } : { answers: [] });
    const text = 'Alpha Beta (AB) Gamma Delta (GD)';
    const judged = scanner.findAll(text).map((m) => judgeMatch(text, m, { heuristic, taskId: 't' }));
    expect(judged.map((j) => [j.kind, j.distractors])).toStrictEqual([['agree', ['BA']], ['declined', undefined]]);
  });

  it('GIVEN a heuristic returning a malformed answer THEN it fails as a bad task naming the task', () => {
    const heuristic = () => ({ answers: [42] }) as never;
    expect(() => judgeAll('x (AB)', { heuristic, taskId: 'broken' })).toThrow('the heuristic of task "broken" returned {"answers":[42]}');
  });
});
