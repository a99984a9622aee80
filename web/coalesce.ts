/**
 * Requests for the same page while it is being made share one database query and one
 * render (a link posted to a busy channel is opened by many at once); with `ttlMs`, the
 * finished page also serves the requests of the next moments. A failure is shared by
 * the requests that waited for it and then forgotten.
 */
export class Coalescer<T> {
  private readonly pending = new Map<string, { value: Promise<T>; until: number }>();

  constructor(
    private readonly ttlMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  run(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.pending.get(key);
    if (hit && hit.until >= this.now()) return hit.value;
    const entry = { value: make(), until: Infinity };
    this.pending.set(key, entry);
    entry.value.then(
      () => {
        if (this.ttlMs > 0) entry.until = this.now() + this.ttlMs;
        else this.forget(key, entry);
      },
      () => this.forget(key, entry),
    );
    // drop expired entries now and then, so that many distinct keys do not pile up
    if (this.pending.size > 1_000) for (const [k, e] of this.pending) if (e.until < this.now()) this.pending.delete(k);
    return entry.value;
  }

  private forget(key: string, entry: { value: Promise<T> }): void {
    if (this.pending.get(key) === entry) this.pending.delete(key);
  }
}
