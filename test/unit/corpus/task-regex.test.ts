import { describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors.ts';
import { compileTaskRegex, planTaskRegex } from '../../../corpus/task-regex.ts';

describe('planning a task regex', () => {
  it.each([
    ['(?<answer>a', '', 'the regex /(?<answer>a/ of task "t" is not a valid JavaScript regex'],
    ['\\((?<acronym>[A-Z]+)\\)', '', 'has no named group "answer"'],
    ['(?<answer>a)', 'x', 'has unknown flags "x"'],
  ])('GIVEN /%s/%s THEN it fails at once as a bad task (%s)', (source, flags, message) => {
    let thrown: unknown;
    try {
      planTaskRegex({ source, flags }, 'auto', 'task "t"');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).code).toBe('bad_task');
    expect((thrown as InputError).message).toContain(message);
  });

  it('GIVEN a plain regex THEN it runs on RE2, with g, y and d dropped from the flags', () => {
    expect(planTaskRegex({ source: '\\((?<answer>[A-Z]+)\\)', flags: 'gid' })).toStrictEqual({
      source: '\\((?<answer>[A-Z]+)\\)',
      flags: 'i',
      engine: 're2',
      re2Source: '\\((?<answer>[A-Z]+)\\)',
      re2Flags: 1,
      note: undefined,
    });
  });

  it('GIVEN a backreference THEN auto falls back to JS and says why', () => {
    const plan = planTaskRegex({ source: '(?<w>\\w+) \\k<w> (?<answer>\\w+)' });
    expect(plan.engine).toBe('js');
    expect(plan.note).toBe('RE2 cannot run a named backreference (\\k<…>); using the JS engine under a per-document time budget');
  });

  it('GIVEN a lookbehind without captures THEN it runs on RE2; with a capture inside THEN auto falls back to JS and says why', () => {
    expect(planTaskRegex({ source: '(?<=\\[\\d+\\][^\\[\\]]{1,400})\\[(?<answer>\\d+)\\]' }).engine).toBe('re2');
    const plan = planTaskRegex({ source: '(?<=(a)b)(?<answer>c)' });
    expect([plan.engine, plan.note]).toStrictEqual([
      'js',
      'RE2 rejects it (error parsing regexp: invalid capture in lookbehind: `(?<=(a)b)(?<answer>c)`); using the JS engine under a per-document time budget',
    ]);
  });

  it('GIVEN a backreference and RE2 forced THEN it fails as a bad task', () => {
    expect(() => planTaskRegex({ source: '(?<w>\\w+) \\k<w> (?<answer>\\w+)' }, 're2', 'task "t"')).toThrow(
      'the regex /(?<w>\\w+) \\k<w> (?<answer>\\w+)/ of task "t" cannot run on RE2: RE2 cannot run a named backreference (\\k<…>)',
    );
  });

  it('GIVEN (a+)+$ against 20,000 a\'s and a b THEN RE2 answers at once (linear time, no ReDoS)', () => {
    const plan = planTaskRegex({ source: '(?<answer>(a+)+)$' });
    expect(plan.engine).toBe('re2');
    const text = 'a'.repeat(20_000) + 'b';
    const started = performance.now();
    expect(compileTaskRegex(plan).findAll(text)).toStrictEqual([]);
    // A backtracking engine needs ~2^20000 steps here; RE2 needs a few milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('finding answer points', () => {
  it.each(['re2', 'js'] as const)('GIVEN the %s engine THEN matches do not overlap and each reports its answer group', (engine) => {
    const scanner = compileTaskRegex(planTaskRegex({ source: '(?<first>\\w) (?<answer>\\w+)' }, engine));
    expect(scanner.findAll('a bc d ef')).toStrictEqual([
      { start: 0, end: 4, answerStart: 2, answerEnd: 4 },
      { start: 5, end: 9, answerStart: 7, answerEnd: 9 },
    ]);
  });
});
