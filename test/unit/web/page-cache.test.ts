import { expect, test } from 'vitest';
import { PageCache } from '../../../web/page-cache.ts';

test('GIVEN a page cache over its size THEN the least recently used pages go first', () => {
  const cache = new PageCache(10);
  cache.set('a', 'aaaa');
  cache.set('b', 'bbbb');
  expect(cache.get('a')).toBe('aaaa'); // a is now the most recent
  cache.set('c', 'cccc'); // 12 > 10: b goes
  expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toStrictEqual(['aaaa', undefined, 'cccc', 2]);
  cache.set('huge', 'x'.repeat(11)); // never kept
  expect(cache.get('huge')).toBeUndefined();
});
