import { HuntError } from './errors.ts';

/**
 * Batching with a fallback, the one rule for every caller that runs many items through the
 * model (the worker's job batches, the evaluator's chunks): a batched call that fails
 * because of its input (a permanent HuntError: one bad prompt spoils the call) is run
 * again item by item, so only the bad items fail, each with its own error; anything else
 * (an outage, a crashed model host, a bug) propagates, for the caller to retry the lot
 * or report one failure, never as a failure of every item.
 */

/** The result of one item of a batch: a value, or the error that item alone caused. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: HuntError | Error };

const isItemError = (err: unknown): err is HuntError => err instanceof HuntError && err.permanent;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(index);
    else groups.set(k, [index]);
  });
  return groups;
}

/**
 * Run `batch` over the items; when it throws because of the input, run every item alone
 * with `single` so only the bad ones fail. One item goes straight to `single`.
 *
 * @example await withSingleFallback(['ok', 'bad'], batchFn, singleFn) // [{ ok: true, value: … }, { ok: false, error: InputError(…) }]
 */
export async function withSingleFallback<T, R>(
  items: T[],
  batch: (items: T[]) => Promise<R[]>,
  single: (item: T) => Promise<R>,
): Promise<ItemOutcome<R>[]> {
  if (items.length > 1) {
    try {
      return (await batch(items)).map((value) => ({ ok: true, value }));
    } catch (err) {
      if (!isItemError(err)) throw err;
    }
  }
  return itemByItem(items, single);
}

/** Run every item alone, in order: a bad item's error is its outcome; anything else propagates. */
export async function itemByItem<T, R>(items: T[], single: (item: T) => Promise<R>): Promise<ItemOutcome<R>[]> {
  const outcomes: ItemOutcome<R>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ ok: true, value: await single(item) });
    } catch (err) {
      if (!isItemError(err)) throw err;
      outcomes.push({ ok: false, error: err });
    }
  }
  return outcomes;
}

/** Split items into compatible groups, run each, and put the outcomes back in the items' order. */
export async function inGroups<T, R>(
  items: T[],
  key: (item: T) => string,
  run: (group: T[]) => Promise<ItemOutcome<R>[]>,
): Promise<ItemOutcome<R>[]> {
  const outcomes: ItemOutcome<R>[] = new Array(items.length);
  for (const indices of groupBy(items, key).values()) {
    const results = await run(indices.map((i) => items[i]));
    indices.forEach((itemIndex, k) => (outcomes[itemIndex] = results[k]));
  }
  return outcomes;
}
