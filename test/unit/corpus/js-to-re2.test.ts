import { describe, expect, it } from 'vitest';
import { translateToRe2 } from '../../../corpus/js-to-re2.ts';
import { compileTaskRegex, planTaskRegex } from '../../../corpus/task-regex.ts';

/** Answer points found by each engine, as [answerStart, answerEnd, whole-match start, end]. */
function answerPoints(source: string, flags: string, text: string, engine: 're2' | 'js') {
  const plan = planTaskRegex({ source, flags }, engine);
  expect(plan.engine).toBe(engine);
  return compileTaskRegex(plan).findAll(text).map((m) => [m.answerStart, m.answerEnd, m.start, m.end]);
}

describe('translating a JS regex to RE2', () => {
  // Each row: a JS regex and a text where JS and a naive RE2 reading would disagree.
  it.each([
    ['\\s matches Unicode spaces as in JS', '(?<answer>\\w+)\\s', '', 'a\u00a0b\u2028c\u3000d\ufeffe '],
    ['\\S outside a class', '\\S(?<answer>\\S)', '', 'ab\u00a0cd'],
    ['. does not match \\r, \\u2028 or \\u2029', 'x(?<answer>.)', '', 'x\rx\u2028x\u2029x\nxy'],
    ['. matches line ends with the s flag', 'x(?<answer>.)', 's', 'x\rx\nxy'],
    ['\\uXXXX escapes', '(?<answer>\\u00e9+)', '', 'caf\u00e9\u00e9 e'],
    ['\\u{…} escapes with the u flag', '(?<answer>\\u{1F642})', 'u', 'hi 🙂 there'],
    ['a surrogate pair of \\u escapes', '(?<answer>\\uD83D\\uDE42)', '', 'hi 🙂 there'],
    ['[^] matches anything', 'a(?<answer>[^])', '', 'a\nb a\rc'],
    ['[\\s\\d] inside a class', '(?<answer>[\\s\\d]+)', '', 'a 1\u00a02 b'],
    ['\\cJ is a line feed', '(?<answer>\\cJ)', '', 'a\nb'],
    ['\\x41 is A', '(?<answer>\\x41+)', '', 'bAAc'],
    ['[\\b] is a backspace', '(?<answer>[\\b])', '', 'a\bb'],
    ['[\\s\\S] matches anything', 'a(?<answer>[\\s\\S]{2})', '', 'a\n\u00a0 a\rb ab'],
    ['\\S beside other items in a class', '(?<answer>[a\\S]+)', '', 'x\u00a0a b\u2028cc'],
    ['\\S alone in a class', '(?<answer>[\\S]+)', '', 'x\u00a0a b\u3000cc'],
    ['a lookbehind without captures', '(?<=\\[\\d+\\][^\\[\\]]{1,400})\\[(?<answer>\\d+)\\]', '', 'see [1] and [2] then [3]x [4]'],
    ['a negative lookbehind', '(?<!a)b(?<answer>c)', '', 'abc bc xbc'],
    ['\\a is the letter a without the u flag (RE2 would read a bell)', '(?<answer>\\a+)', '', 'baac'],
    ['a [ inside a class is literal', '(?<answer>[[x]+)', '', 'a[x[b'],
    ['an escaped slash', '(?<answer>\\w+)\\/', '', 'and/or'],
    ['\\p{Script=Greek} with the u flag', '(?<answer>\\p{Script=Greek}+)', 'u', 'abc αβγ def'],
    ['\\p{Lu} with the u flag', '(?<answer>\\p{Lu}\\p{Ll}+)', 'u', 'über Élan Zoë'],
    ['case-insensitive', '(?<answer>hello)', 'i', 'HeLLo hello'],
    ['an answer group that does not take part is no answer point', '(?:(?<answer>\\d+)|[a-z]+)!', '', 'abc! 12! x!'],
    ['empty matches advance one character, as JS matchAll', '(?<answer>x*)', '', 'axxbx'],
    ['named groups besides answer', '(?<first>[A-Z])[a-z]+ (?<second>[A-Z])[a-z]+ \\((?<answer>[A-Z]{2})\\)', '', 'the Alpha Beta (AB) and Gamma Delta (GD)'],
    ['offsets are UTF-16 after astral characters', '(?<answer>b+)', '', '🙂é a bbb 🙂 bb'],
  ])('GIVEN %s THEN RE2 finds the same answer points as JS', (_what, source, flags, text) => {
    const js = answerPoints(source, flags, text, 'js');
    expect(js.length).toBeGreaterThan(0);
    expect(answerPoints(source, flags, text, 're2')).toStrictEqual(js);
  });

  it.each([
    ['(?<answer>a)\\1', '', 'a backreference (\\1…)'],
    ['(?<w>a)\\k<w>(?<answer>b)', '', 'a named backreference (\\k<…>)'],
    ['(?<answer>a)(?=b)', '', 'a lookahead'],
    ['(?<answer>a)(?!b)', '', 'a lookahead'],
    ['(?<answer>[^\\S])', '', '\\S inside a negated character class'],
    ['(?<answer>a)', 'v', 'the v flag (set notation) is not supported by RE2'],
    ['(?<answer>\\p{Script_Extensions=Latin})', 'u', '\\p{Script_Extensions=Latin} has no RE2 equivalent'],
  ])('GIVEN /%s/%s THEN it is untranslatable: %s', (source, flags, reason) => {
    expect(translateToRe2(source, flags)).toStrictEqual({ ok: false, reason });
  });

  it('GIVEN the m flag and $ THEN it is untranslatable (JS ends lines at \\r too, RE2 cannot say so)', () => {
    expect(translateToRe2('^(?<answer>a)$', 'm')).toMatchObject({ ok: false, reason: expect.stringContaining('$ with the m flag') });
  });

  it('GIVEN the m flag and ^ on \\r\\n, \\r and U+2028 line ends THEN RE2 finds the line starts JS finds', () => {
    const regex = { source: '^(?<answer>[a-z]+)', flags: 'm' };
    const text = 'one\r\ntwo\rthree\u2028four\nfive';
    const re2 = compileTaskRegex(planTaskRegex(regex, 're2'));
    const js = compileTaskRegex(planTaskRegex(regex, 'js'));
    expect(re2.findAll(text).map((m) => text.slice(m.answerStart, m.answerEnd))).toStrictEqual(['one', 'two', 'three', 'four', 'five']);
    expect(re2.findAll(text)).toStrictEqual(js.findAll(text));
  });
});
