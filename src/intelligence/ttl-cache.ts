/**
 * A small time-bounded memo for values derived from the workspace's data that every request would otherwise
 * recompute (distinct titles, an industry's companies). Staleness is bounded by `ttlMs`; failures are not kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { at: Date.now(), value });
    return value;
  }
}
