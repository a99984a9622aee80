/**
 * Rendered pages of stored results, most recently used kept. A result never changes
 * once stored (its id is its content's hash), so its page can be kept as long as there
 * is room: a link posted to a busy channel renders once, not once per click.
 */
export class PageCache {
  private readonly pages = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(key: string): string | undefined {
    const page = this.pages.get(key);
    if (page !== undefined) {
      // most recently used last
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: string): void {
    if (page.length > this.maxBytes) return;
    const old = this.pages.get(key);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.pages.delete(key);
    }
    this.pages.set(key, page);
    this.bytes += page.length;
    for (const [k, v] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(k);
      this.bytes -= v.length;
    }
  }

  get size(): number {
    return this.pages.size;
  }
}
