/** Paging by log position (seq) for the append-only logs: audit events, outcomes. */

/** The seq to continue from when the page came back full (there may be more), else null. */
export function nextSeq(rows: readonly { seq: number }[], limit: number): number | null {
  return rows.length === limit && rows.length > 0 ? rows[rows.length - 1]!.seq : null;
}
