/**
 * The look-ups every request makes (token or session → caller, caller → membership), kept for a few seconds so a
 * busy server does not run three queries before each route. Security does not wait on the expiry:
 *  - in this process, every access method that changes anything (revoking a token, removing a member, a role,
 *    signing out, a password change …) empties the cache when it returns, and a look-up that was running while it
 *    did is not stored (a generation count), so a revoked token is refused by the very next request;
 *  - other processes sharing the database (a second API server, `crm token revoke`) are seen when the entry
 *    expires: `ttlMs`, 2 seconds by default (CRM_AUTH_CACHE_MS).
 * Only successes are kept: an unknown token or a missing membership is asked of the database every time, so a
 * token made elsewhere works at once.
 */
export class AuthCache {
  private readonly entries = new Map<string, { until: number; value: unknown }>();
  /**
   * Answers put together from kept entries (a token's caller with its membership), each under its own key in a
   * map of its own (so a caller-supplied key never reads another kind's entry), living no longer than the entries
   * it came from and emptied with them: the per-request path reads one entry, keyed by the token as sent.
   */
  private readonly derived = new Map<string, { until: number; value: unknown }>();
  private generation = 0;

  constructor(
    /** How long an entry is trusted; 0 turns the cache off. */
    readonly ttlMs: number,
    /** A bound on memory: past it the oldest entries go first. */
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The value for `key`, loaded when missing or expired; `keep` says whether a loaded value may be stored. */
  async get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = (v) => v !== undefined && v !== null): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    const now = this.now();
    if (hit && hit.until > now) return hit.value as T;
    if (hit) this.entries.delete(key);
    const startedIn = this.generation;
    const value = await load();
    // A change that landed while this look-up ran may have made its answer stale: use it once, do not keep it.
    if (startedIn === this.generation && keep(value)) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { until: now + this.ttlMs, value });
    }
    return value;
  }

  /**
   * The value for `key` if it is kept and fresh, without loading: what `get` would answer now without a query
   * (undefined when it would have to ask the database). Synchronous, for the per-request path.
   */
  peek<T>(key: string): T | undefined {
    if (this.ttlMs <= 0) return undefined;
    const hit = this.entries.get(key);
    return hit !== undefined && hit.until > this.now() ? (hit.value as T) : undefined;
  }

  /** When the entry for `key` expires (the cache's clock), if it is kept and fresh now; otherwise undefined. */
  expiryOf(key: string): number | undefined {
    if (this.ttlMs <= 0) return undefined;
    const hit = this.entries.get(key);
    return hit !== undefined && hit.until > this.now() ? hit.until : undefined;
  }

  /** The cache's clock (the one `until` and `expiryOf` are on). */
  clock(): number {
    return this.now();
  }

  /**
   * Keeps an answer derived from kept entries until `until` (the cache's clock), which the caller sets no later than
   * those entries' expiry. Any `clear` drops it, as it drops them.
   */
  keepDerived(key: string, value: unknown, until: number): void {
    if (this.ttlMs <= 0) return;
    if (this.derived.size >= this.maxEntries) this.derived.delete(this.derived.keys().next().value!);
    this.derived.set(key, { until, value });
  }

  /** A derived answer kept under `key` and not yet expired: one look-up and one clock read. */
  peekDerived<T>(key: string): T | undefined {
    const hit = this.derived.get(key);
    return hit !== undefined && hit.until > this.now() ? (hit.value as T) : undefined;
  }

  /** Forgets everything: called after any change to users, memberships, sessions or tokens in this process. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.derived.clear();
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  forgetDerived(key: string): void {
    this.derived.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
