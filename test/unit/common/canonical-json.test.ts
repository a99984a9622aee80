import { describe, expect, test } from 'vitest';
import { canonicalJson } from '../../../common/canonical-json.ts';

describe('canonical JSON', () => {
  test('GIVEN nested objects and arrays THEN keys are sorted at every depth and arrays keep their order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], e: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  test.each([
    ['a string with quotes and a line break', 'say "hi"\n'],
    ['a number', -0.5],
    ['null', null],
    ['an empty object', {}],
    ['an empty array', []],
    ['keys already sorted, undefined in an array', { a: [1, undefined, 'x'], b: { c: true, d: null } }],
    ['the same object twice (not a cycle)', { a: { z: 1 }, b: [{ z: 1 }] }],
  ])('GIVEN %s THEN it reads as JSON.stringify writes it', (_, value) => {
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });

  test('GIVEN a value nested 100,000 levels deep THEN it is written without overflowing the call stack', () => {
    let value: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) value = i % 2 ? [value] : { a: value };
    const text = canonicalJson(value);
    expect(text.length).toBe(50_000 * '{"a":}'.length + 50_000 * '[]'.length + '"bottom"'.length);
    expect(text.startsWith('[{"a":[{"a":')).toBe(true);
  });

  test('GIVEN a value holding itself THEN it throws a TypeError, as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = [cyclic];
    expect(() => canonicalJson(cyclic)).toThrow(new TypeError('canonicalJson: the value holds a cycle'));
  });
});
