import { describe, expect, test } from 'vitest';
import { positionShape, tokenClass } from '../../../discover/token-class.ts';

describe('token classes', () => {
  test.each([
    [' house', 'word'],
    [' John', 'Word'],
    ['NASA', 'UPPER'],
    [' WHO', 'UPPER'],
    ['ing', 'piece'],
    [' 1984', 'number'],
    [').', 'punct'],
    ['\n\n', 'newline'],
    [' café', 'other'],
  ])('GIVEN %j THEN its class is %s', (text, kind) => {
    expect(tokenClass(text)).toBe(kind);
  });

  test('GIVEN the token before and the token predicted THEN the shape names both classes', () => {
    expect(positionShape(' the', ' House')).toBe('word>Word');
  });
});
