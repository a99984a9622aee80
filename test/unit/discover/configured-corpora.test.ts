import { describe, expect, test } from 'vitest';
import { corpusSpec, parseCorporaSetting } from '../../../discover/configured-corpora.ts';

describe('the corpora a worker offers to discover jobs', () => {
  test('GIVEN name=spec pairs THEN each name maps to its spec', () => {
    const corpora = parseCorporaSetting(' owt=/data/owt ; wiki=wikimedia/wikipedia;');
    expect([...corpora]).toStrictEqual([
      ['owt', '/data/owt'],
      ['wiki', 'wikimedia/wikipedia'],
    ]);
    expect(corpusSpec(corpora, 'wiki')).toBe('wikimedia/wikipedia');
  });

  test.each([
    ['/data/owt', 'HUNT_DISCOVER_CORPORA: "/data/owt" is not name=path (a name of lower-case letters, digits and hyphens)'],
    ['OWT=/data', 'HUNT_DISCOVER_CORPORA: "OWT=/data" is not name=path (a name of lower-case letters, digits and hyphens)'],
    ['owt=', 'HUNT_DISCOVER_CORPORA: "owt=" is not name=path (a name of lower-case letters, digits and hyphens)'],
  ])('GIVEN the setting %j THEN it is refused in one line', (setting, message) => {
    expect(() => parseCorporaSetting(setting)).toThrow(message);
  });

  test('GIVEN a name the worker does not offer THEN the refusal names the ones it does, or how to offer one', () => {
    expect(() => corpusSpec(parseCorporaSetting('owt=/data/owt'), 'c4')).toThrow('no corpus "c4" on this worker (it offers: owt)');
    expect(() => corpusSpec(parseCorporaSetting(undefined), 'c4')).toThrow('no corpus "c4" on this worker (it offers none: set HUNT_DISCOVER_CORPORA=name=path)');
  });
});
