import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { repeatedSuffix } from '../../../tasks/heuristics/repeated-span.ts';
import { repeatedWordSuffix } from '../../../tasks/heuristics/suffix-repeat.ts';

/** The definition, slow and plain: split on \s, tags removed unless the word starts and ends with \w, \W trimmed. */
function bareWordsByRegex(text: string): string[] {
  return text
    .split(/\s+/)
    .map((w) => (/^\w(.*\w)?$/s.test(w) ? w : w.replace(/<[^<>]*>/g, '').replace(/^\W+|\W+$/g, '')))
    .filter(Boolean);
}

const TOKENS = ['a', 'b', 'cat', 'a,', 'b.', '<p>a', 'b</p>', '<b>a</b>', 'fo<i>o', '<i>fo</i>o', 'foo', '(<p>foo</p>)', '<', 'b>', 'é', '_9', '--'];
const SPACES = [' ', ' ', ' ', '\n', '\u00a0', '  ', '\t'];

describe('the repeated suffix read from a text without splitting it', () => {
  it.each([
    ['a b, c x <i>a</i> b', 'c', 2],
    // "fo<i>o" is not the word "foo" (it starts and ends with a letter: kept whole); "<i>fo</i>o" is
    ['foo bar baz fo<i>o bar', null, 0],
    ['(<i>fo</i>o) bar baz x foo bar', 'baz', 2],
  ])('GIVEN %j THEN it continues with %j after %i repeated words', (text, next, length) => {
    const match = repeatedWordSuffix(text, 2);
    expect(match === null ? [null, 0] : [match.next, match.length]).toStrictEqual([next, length]);
  });

  it('GIVEN 20,000 seeded texts of words, tags, punctuation and Unicode spaces THEN it finds what splitting finds, every time', () => {
    const rng = seededRng(11);
    let answered = 0;
    for (let k = 0; k < 20_000; k++) {
      const tokens = Array.from({ length: 1 + Math.floor(rng() * 24) }, () => TOKENS[Math.floor(rng() * TOKENS.length)]);
      const text = tokens.map((t, i) => (i === 0 ? '' : SPACES[Math.floor(rng() * SPACES.length)]) + t).join('') + (rng() < 0.1 ? ' ' : '');
      const expected = repeatedSuffix(bareWordsByRegex(text), 2);
      const got = repeatedWordSuffix(text, 2);
      if (expected) answered++;
      expect(got && { next: got.next, length: got.length }, text).toStrictEqual(expected && { next: expected.next, length: expected.length });
    }
    expect(answered).toBeGreaterThan(1_000); // the texts repeat often enough to test the answers, not only the declines
  });
});
