/**
 * Which database errors mean "another writer was in the way, try again": SQLite's busy or locked database (the
 * write lock was held longer than busy_timeout), PostgreSQL's serialization failure and deadlock. The transaction
 * helper retries such a transaction whole, a few times, with growing pauses.
 */
export const TRANSACTION_ATTEMPTS = 6;

export function isRetryableConflict(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '40001' || code === '40P01';
}

/** 50, 100, 200, 400, 800 ms, each with up to half again at random (so retrying writers do not meet again). */
export function retryDelayMs(attempt: number): number {
  const base = 50 * 2 ** (attempt - 1);
  return base + Math.random() * base * 0.5;
}
