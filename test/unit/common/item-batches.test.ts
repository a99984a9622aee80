import { describe, expect, test } from 'vitest';
import { InputError, OutageError } from '../../../common/errors.ts';
import { inGroups, withSingleFallback } from '../../../common/item-batches.ts';

/** A batch runner that refuses any batch holding a bad item, as an engine refuses a batch with one over-long prompt. */
function runner(bad: Set<string>, outage?: string) {
  const calls: string[][] = [];
  const check = (item: string) => {
    if (item === outage) throw new OutageError('the model host exited during a run');
    if (bad.has(item)) throw new InputError('prompt_too_long', `${item} is too long`);
  };
  return {
    calls,
    batch: async (items: string[]) => {
      calls.push(items);
      items.forEach(check);
      return items.map((item) => item.toUpperCase());
    },
    single: async (item: string) => {
      calls.push([item]);
      check(item);
      return item.toUpperCase();
    },
  };
}

describe('batching with a fallback: bad items fail alone, outages fail the lot', () => {
  test('GIVEN good items THEN one batched call answers them all', async () => {
    const r = runner(new Set());
    expect(await withSingleFallback(['a', 'b', 'c'], r.batch, r.single)).toStrictEqual([
      { ok: true, value: 'A' },
      { ok: true, value: 'B' },
      { ok: true, value: 'C' },
    ]);
    expect(r.calls).toStrictEqual([['a', 'b', 'c']]);
  });

  test('GIVEN one bad item THEN the batch is run item by item and only that item fails, with its own error', async () => {
    const r = runner(new Set(['b']));
    const outcomes = await withSingleFallback(['a', 'b', 'c'], r.batch, r.single);
    expect(outcomes.map((o) => (o.ok ? o.value : `${o.error.name}: ${o.error.message}`))).toStrictEqual(['A', 'InputError: b is too long', 'C']);
    expect(r.calls).toStrictEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });

  test.each([
    ['an outage', new OutageError('Redis is unreachable')],
    ['a bug', new TypeError('cannot read x of undefined')],
  ])('GIVEN %s in the batched call THEN it propagates, and no item is reported as failed', async (_, err) => {
    await expect(withSingleFallback(['a', 'b'], async () => Promise.reject(err), async (item) => item)).rejects.toBe(err);
  });

  test('GIVEN an outage while running items one by one THEN it propagates too', async () => {
    const r = runner(new Set(['a']), 'b');
    await expect(withSingleFallback(['a', 'b', 'c'], r.batch, r.single)).rejects.toThrow('the model host exited during a run');
  });

  test('GIVEN items of different kinds THEN each group runs on its own and the outcomes come back in the items\' order', async () => {
    const groups: string[][] = [];
    const outcomes = await inGroups(['a1', 'b1', 'a2', 'b2'], (item) => item[0], async (group) => {
      groups.push(group);
      return group.map((value) => ({ ok: true as const, value }));
    });
    expect(groups).toStrictEqual([['a1', 'a2'], ['b1', 'b2']]);
    expect(outcomes.map((o) => o.ok && o.value)).toStrictEqual(['a1', 'b1', 'a2', 'b2']);
  });
});
