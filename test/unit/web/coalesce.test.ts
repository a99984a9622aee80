import { expect, test } from 'vitest';
import { Coalescer } from '../../../web/coalesce.ts';

test('GIVEN many requests for one page at once THEN it is made once, and again after it is done', async () => {
  const coalescer = new Coalescer<string>();
  let made = 0;
  const make = async () => `page ${++made}`;
  expect(await Promise.all([coalescer.run('a', make), coalescer.run('a', make), coalescer.run('a', make)])).toStrictEqual(['page 1', 'page 1', 'page 1']);
  expect(await coalescer.run('a', make)).toBe('page 2');
  expect(await coalescer.run('b', make)).toBe('page 3');
});

test('GIVEN a time to live THEN a finished page serves until it expires; a failure is not kept', async () => {
  let now = 0;
  const coalescer = new Coalescer<string>(1_000, () => now);
  let made = 0;
  expect(await coalescer.run('a', async () => `page ${++made}`)).toBe('page 1');
  now = 999;
  expect(await coalescer.run('a', async () => `page ${++made}`)).toBe('page 1');
  now = 1_001;
  expect(await coalescer.run('a', async () => `page ${++made}`)).toBe('page 2');
  await expect(coalescer.run('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  expect(await coalescer.run('x', async () => 'back')).toBe('back');
});
