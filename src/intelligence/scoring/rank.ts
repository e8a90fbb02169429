/**
 * Lists sorted by score. A score is computed, not stored, so the database cannot order by it: the records that
 * match the list's filters and search are read (up to RANK_LIMIT), scored in batches, ordered by probability
 * (ties by id, so pages are stable) and paged by offset. Beyond RANK_LIMIT matches the caller is asked to narrow
 * the list rather than given an order of some of them.
 */
import type { CrmRecord } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import type { ListQuery, Page } from '../../storage/index.js';
import type { BriefScore, ScoringService, TargetName } from './index.js';

export const RANK_LIMIT = 5000;
const READ_PAGE = 500;
const CURSOR = /^score:(\d{1,6})$/;

export interface RankedPage {
  records: (CrmRecord & { score: BriefScore | null })[];
  nextCursor: string | null;
  total: number;
}

/**
 * One page of the records `list` finds, ordered by score (`direction` desc: best first; unscored records last
 * either way). `query.cursor` is a previous page's next cursor ("score:<offset>").
 */
export async function rankByScore(
  list: (q: ListQuery) => Promise<Page>,
  scoring: ScoringService,
  ws: string,
  target: TargetName,
  query: ListQuery,
  direction: 'asc' | 'desc',
): Promise<RankedPage> {
  let offset = 0;
  if (query.cursor !== undefined) {
    const m = CURSOR.exec(query.cursor);
    if (!m) throw validationError('cursor: not a cursor of a list sorted by score', [{ field: 'cursor', message: 'invalid cursor' }]);
    offset = Number(m[1]);
  }
  const all: CrmRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...query, sort: { field: 'id', direction: 'asc' }, limit: READ_PAGE, cursor, withTotal: false });
    all.push(...page.records);
    if (all.length > RANK_LIMIT) {
      throw validationError(`sorting by score ranks at most ${RANK_LIMIT.toLocaleString('en-US')} matching records; narrow the list with a filter or a search`, [{ field: 'sort', message: 'too many records to sort by score' }]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const scores = new Map<string, BriefScore>();
  for (let i = 0; i < all.length; i += READ_PAGE) {
    for (const [id, s] of await scoring.scoreMany(ws, target, all.slice(i, i + READ_PAGE).map((r) => r.id))) scores.set(id, s);
  }
  const sign = direction === 'desc' ? -1 : 1;
  const ranked = all
    .map((r) => ({ ...r, score: scores.get(r.id) ?? null }))
    .sort((a, b) => {
      if (!a.score || !b.score) return a.score ? -1 : b.score ? 1 : a.id < b.id ? -1 : 1;
      return sign * (a.score.probability - b.score.probability) || (a.id < b.id ? -1 : 1);
    });
  const records = ranked.slice(offset, offset + query.limit);
  const next = offset + query.limit;
  return { records, nextCursor: next < ranked.length ? `score:${next}` : null, total: ranked.length };
}
