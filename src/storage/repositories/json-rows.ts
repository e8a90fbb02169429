/**
 * Rows as one JSON parameter for PostgreSQL's `json_populate_recordset` / `json_to_recordset` (bulk writes: one
 * parameter a statement, and JSON.stringify is native where node-postgres escapes array literals in JavaScript).
 *
 * JSON.stringify writes a lone surrogate (a string cut inside an emoji, a `"\ud83d"` in a request's JSON) as a
 * `\udXXX` escape, which PostgreSQL's JSON parser refuses; sent as a plain text parameter it became U+FFFD on the
 * way (UTF-8 encoding). Such strings are made well-formed the same way, so a write that passed before still does.
 * Well-formed pairs are written as they are, so the escape only appears for lone surrogates (or a text that spells
 * `\ud…` with its backslash, escaped as `\\ud…`: also caught here, and harmlessly redone).
 */
export function jsonRows(rows: readonly object[]): string {
  const json = JSON.stringify(rows);
  if (!json.includes('\\ud')) return json;
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : value));
}

/** A high surrogate not followed by a low one, or a low one not after a high one (String#toWellFormed, ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
