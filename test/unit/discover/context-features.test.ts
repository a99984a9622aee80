import { describe, expect, test } from 'vitest';
import { ContextFeatures, featuresOf, type Feature } from '../../../discover/context-features.ts';

/** A toy vocabulary: a token's id is its index in the text list, so cases read as text. */
function featuresAtEnd(tokens: string[], next: string): Feature[] {
  const vocab = [...new Set([...tokens, next])];
  const context = new ContextFeatures((id) => vocab[id], vocab.length);
  for (const t of tokens) context.push(vocab.indexOf(t));
  return featuresOf(context.featuresOf(vocab.indexOf(next)));
}

describe('the features of a position, from the text alone', () => {
  test.each<[string, string[], string, Feature[]]>([
    ['a new token', [' a', ' b', ' c'], ' d', []],
    ['a token seen before, after another token', [' a', ' b', ' c', ' d'], ' b', ['seen-before']],
    ['induction: the token followed the same token before', [' a', ' b', ' c', ' a'], ' b', ['seen-before', 'follows-same-token']],
    ['an acronym of capitalized words', [' World', ' Health', ' Organization', ' ('], 'WHO', ['initials-of-words']],
    ['one more than an earlier number', [' chapter', ' 7', ' and', ' chapter'], ' 8', ['number-plus-one']],
    ['a word seen earlier in another case', [' Paris', ' is', ' big', '.', ' PARIS'], ' paris', ['other-case']],
    ['the closer of the open bracket', [' (', 'see', ' above'], ')', ['closes-bracket']],
    ['a closer that does not match the open bracket', [' [', 'see', ' above'], ')', []],
    ['a closing straight quote', [' "', 'yes'], '"', ['closes-bracket']],
    ['the name of the innermost open tag after "</"', ['<div', '>', '<b', '>', 'hi', '</'], 'b', ['closes-tag']],
    ['a tag name that is not the innermost open one', ['<div', '>', '<b', '>', 'hi', '</'], 'div', []],
    ['a line that repeats an earlier line\'s shape', ['1', '.', ' apple', '\n', '2', '.', ' pear', '\n', '3'], '.', ['seen-before', 'repeats-line-shape']],
  ])('GIVEN %s THEN its features are %j', (_, tokens, next, expected) => {
    expect(featuresAtEnd(tokens, next)).toStrictEqual(expected);
  });
});
