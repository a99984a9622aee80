import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPRESSION_LIMITS, evaluateExpression, ExpressionError, parseCall, TEMPLATE_HELPERS } from '../../../tasks/template-helpers.ts';
import { fillAnswers, fillTemplate, referencedSlots, templateParts } from '../../../tasks/template-slots.ts';

const run = (call: string, values: Record<string, string> = {}) => evaluateExpression(parseCall(call), values);

describe('each helper a task file may call', () => {
  it.each([
    ['initials(M, F, K)', { M: 'Big', F: 'Government', K: 'Agency' }, 'BGA'],
    ['initials(X)', { X: 'Bureau  of Labor Statistics' }, 'BoLS'],
    ['add(N, 1)', { N: '12' }, '13'],
    ['add(N, -3)', { N: '2' }, '-1'],
    ['add(N, 1)', { N: '07' }, '8'],
    ['lower(X)', { X: 'Paris' }, 'paris'],
    ['upper(X)', { X: 'Paris' }, 'PARIS'],
    ['title(X)', { X: 'new YORK city' }, 'New York City'],
    ['join(A, B, "_")', { A: 'big', B: 'data' }, 'big_data'],
    ['join(A, B, C, "")', { A: 'a', B: 'b', C: 'c' }, 'abc'],
    ['upper(initials(A, B))', { A: 'machine', B: 'learning' }, 'ML'],
  ])('GIVEN %s with %j THEN it gives %j', (call, values, expected) => {
    expect(run(call, values)).toBe(expected);
  });

  it('GIVEN range THEN it gives every whole number of the span, zero-padded, one answer each; an empty span gives none', () => {
    expect(run('range(add(YY, 1), 99, 2)', { YY: '95' })).toStrictEqual(['96', '97', '98', '99']);
    expect(run('range(1, 3)')).toStrictEqual(['1', '2', '3']);
    expect(run('range(5, 4)')).toStrictEqual([]);
  });

  it.each([
    ['add on a word', 'add(N, 1)', { N: 'twelve' }],
    ['add on a number of more than 9 digits', 'add(N, 1)', { N: '1234567890' }],
    ['a range longer than its limit', 'range(1, N)', { N: String(EXPRESSION_LIMITS.listValues + 1) }],
    ['a range padded past 9 digits', 'range(1, 2, 10)', {}],
  ])('GIVEN %s THEN the helper gives no value (the heuristic declines that prompt)', (_, call, values) => {
    expect(run(call, values)).toBeNull();
  });
});

describe('reading a helper call', () => {
  it.each([
    ['a helper that does not exist', 'initals(A, B)', 'no helper "initals" (helpers: initials, add, lower, upper, title, join, range)'],
    ['too few arguments', 'add(N)', 'add(…) takes 2 arguments, not 1'],
    ['too many arguments', 'upper(A, B)', 'upper(…) takes 1 argument, not 2'],
    ['a list helper as an argument', 'upper(range(1, 3))', 'range(…) gives a list of answers: it cannot be an argument of upper(…)'],
    ['a missing parenthesis', 'add(N, 1', 'expected "," or ")" in add(…)'],
    ['an unclosed quoted text', 'join(A, B, "_)', 'an unclosed quoted text'],
    ['an operator', 'add(N + 1, 2)', 'expected "," or ")" in add(…)'],
    ['a call nested too deep', 'upper(lower(upper(lower(upper(X)))))', `nests calls more than ${EXPRESSION_LIMITS.depth} deep`],
    ['text after the call', 'upper(X) + 1', 'unexpected text after the call'],
  ])('GIVEN %s THEN it is refused saying why', (_, source, message) => {
    expect(() => parseCall(source)).toThrow(ExpressionError);
    expect(() => parseCall(source)).toThrow(message);
  });

  it('GIVEN a template THEN slots, helper calls and other braces are told apart', () => {
    expect(referencedSlots('{ {A} } [{add(N, 1)}] {initials(A, B)}')).toStrictEqual(['A', 'N', 'B']);
    expect(fillTemplate('{ {A} } [{add(N, 1)}]', { A: 'x', N: '4' })).toBe('{ x } [5]');
    expect(fillAnswers(templateParts(' {range(1, N)}!'), { N: '3' })).toStrictEqual([' 1!', ' 2!', ' 3!']);
    expect(fillAnswers(templateParts('{add(N, 1)}'), { N: 'x' })).toBeNull();
    expect(() => templateParts('[{add(N, 1]}')).toThrow('{add(N, 1]}: expected "," or ")" in add(…)');
    expect(() => templateParts('[{add(N, 1)')).toThrow('{add(N, 1): the helper call has no closing "}"');
  });

  it('GIVEN the README THEN it documents every helper and no other', () => {
    const readme = readFileSync(new URL('../../../tasks/README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([a-z]+)\(/gm)].map((m) => m[1]);
    expect(documented).toStrictEqual(Object.keys(TEMPLATE_HELPERS));
  });
});
