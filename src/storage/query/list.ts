/**
 * One page of records: filtered, ordered by a field (keyset cursor) or by full-text relevance (offset cursor),
 * with the total when asked.
 */
import { sql } from 'kysely';
import { fieldOf, type EntityDef } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import { columnType } from '../columns.js';
import type { RecordTablesDb } from '../database.js';
import { RANK_CANDIDATES, type SqlDialect } from '../dialect.js';
import type { ListQuery, Page } from '../index.js';
import { fromRow } from '../record-rows.js';
import type { FilterCompiler } from './filters.js';

interface Cursor {
  /** Keyset: the last row's sort value and id. */
  v?: unknown;
  id?: string;
  /** Relevance order: the offset of the next page. */
  o?: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

/**
 * A cursor comes back from the client, so it is input like any other: its shape is checked here (a value is a
 * string, a finite number or null; an id a string; an offset a whole number ≥ 0) and the value's type against
 * the sort column in `list` — PostgreSQL refuses to compare an integer column with `{"$gt": ""}` or `true`,
 * which once answered 500.
 */
function decodeCursor(s: string): Cursor {
  const invalid = () => validationError('cursor is not valid; pass the next_cursor of a previous page', [{ field: 'cursor', message: 'invalid cursor' }]);
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw invalid();
  const { v, id, o } = c as Record<string, unknown>;
  const scalar = v === undefined || v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (!scalar || (id !== undefined && typeof id !== 'string') || (o !== undefined && !(Number.isSafeInteger(o) && (o as number) >= 0))) throw invalid();
  return c as Cursor;
}

/**
 * A total already known without the count statement, capped as `total` caps: a first page that holds every match
 * (no cursor, no row past the limit) counts its own rows — the same number, read by the same filters (an NLQ answer
 * of fewer than 50 records ran its filters twice) — and a bounded ranking its matched rows.
 */
function pageTotal(n: number, cap: number | undefined): Pick<Page, 'total' | 'totalCapped'> {
  return cap !== undefined && n > cap ? { total: cap, totalCapped: true } : { total: n };
}

function cursorNotForThisSort() {
  return validationError('cursor is not valid for this sort', [{ field: 'cursor', message: 'invalid cursor' }]);
}

export class RecordLister {
  constructor(
    private readonly db: RecordTablesDb,
    private readonly dialect: SqlDialect,
    private readonly filters: FilterCompiler,
  ) {}

  async count(ws: string, entity: EntityDef, filters: ListQuery['filters'] = []) {
    const row = await this.filters.filtered(ws, entity, filters).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * A page's total: every match, or with `totalCap` at most cap + 1 rows read (`count(*)` over a `LIMIT cap + 1`
   * sub-query), so a filter or a search matching 50,000 rows costs what 1,000 do — and what 50 do when the page is
   * all there is. Past the cap the total is the cap, flagged.
   */
  private async total(ws: string, entity: EntityDef, query: ListQuery): Promise<Pick<Page, 'total' | 'totalCapped'>> {
    const cap = query.totalCap;
    let rows: any = this.filters.filtered(ws, entity, query.filters);
    let documentsOnly = false;
    if (query.q) {
      const matches = this.dialect.searchMatches(ws, entity.name, query.q);
      if (!matches) return { total: 0 };
      // Without filters the search documents alone are counted: each has its record (both are written and deleted
      // in one transaction), so the records' table need not be read — as the ranked page does.
      documentsOnly = (query.filters ?? []).length === 0;
      rows = documentsOnly ? this.db.selectFrom(matches.as('m')) : rows.innerJoin(matches.as('m'), 'm.record_id', `${entity.plural}.id`);
    }
    if (cap === undefined) {
      const row = await rows.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return { total: Number(row.n) };
    }
    // PostgreSQL: the capped rows are counted by their address (ctid), which no index holds, so the planner cannot
    // walk a sort index's entries testing the filter on each (an index-only scan, once VACUUM has marked the table
    // all-visible): it assumes matches are spread evenly along the index, but a filter can follow its order —
    // `title` contains "CTO" is met only after ~25k of 100k titles that sort before "CTO" (11.5 ms of CPU, against
    // 6.5 ms for the sequential scan chosen instead). Counting 1,001 equal statuses by the heap costs ~1 ms more.
    const byAddress = this.dialect.name === 'postgres' && !documentsOnly;
    const row = await this.db
      .selectFrom(rows.select(byAddress ? sql.ref(`${entity.plural}.ctid`).as('one') : sql`1`.as('one')).limit(cap + 1).as('capped'))
      .select((eb) => eb.fn.count('capped.one').as('n'))
      .executeTakeFirstOrThrow();
    const n = Number(row.n);
    return n > cap ? { total: cap, totalCapped: true } : { total: n };
  }

  async list(ws: string, entity: EntityDef, query: ListQuery): Promise<Page> {
    const t = entity.plural;
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const useRank = query.q !== undefined && !query.sort;
    // Ranked pages without filters rank a bounded candidate set (RankBound); a page sorted by a field, or filtered
    // (the filter might keep none of the candidates), needs every match.
    const bounded = useRank && (query.filters ?? []).length === 0;
    const matches = query.q ? this.dialect.searchMatches(ws, entity.name, query.q, 'all', bounded ? { candidates: RANK_CANDIDATES } : undefined) : undefined;
    let qb = this.filters.filtered(ws, entity, query.filters).selectAll(t);
    if (query.q) {
      if (!matches) return { records: [], nextCursor: null, ...(query.withTotal ? { total: 0 } : {}) };
      // Unfiltered, the page's matches are ranked and cut before any record is read (every search document has its
      // record: both are written and deleted in one transaction), so the join reads one page of rows, not thousands.
      // `matched` counts the matches ranked (PostgreSQL: the candidates, at most RANK_CANDIDATES): a capped total
      // below that bound is read from the page itself instead of from a second full-text scan.
      const page = bounded
        ? sql`(SELECT record_id, rank, count(*) OVER () AS matched FROM ${matches} AS ranked ORDER BY rank, record_id LIMIT ${(cursor?.o ?? 0) + query.limit + 1})`
        : matches;
      qb = qb.innerJoin(page.as('m'), 'm.record_id', `${t}.id`).select(bounded ? ['m.rank', 'm.matched'] : ['m.rank']);
    }
    const limit = query.limit;
    let rows: Record<string, unknown>[];
    if (useRank) {
      // Relevance order has no stable key, so its cursor is an offset.
      const offset = cursor?.o ?? 0;
      rows = await qb.orderBy('m.rank').orderBy(`${t}.id`).limit(limit + 1).offset(offset).execute();
      const more = rows.length > limit;
      const cap = query.totalCap;
      const matched = bounded && rows.length > 0 && cap !== undefined && cap < RANK_CANDIDATES ? Number(rows[0]!.matched) : undefined;
      rows = rows.slice(0, limit);
      let total: Pick<Page, 'total' | 'totalCapped'> = {};
      if (query.withTotal) {
        // A bounded ranking holds at most RANK_CANDIDATES matches: a page of that many may not be all of them.
        if (offset === 0 && !more && !(bounded && rows.length >= RANK_CANDIDATES)) total = pageTotal(rows.length, cap);
        else total = matched === undefined ? await this.total(ws, entity, query) : pageTotal(matched, cap);
      }
      return { records: rows.map((r) => fromRow(entity, r)), nextCursor: more ? encodeCursor({ o: offset + limit }) : null, ...total };
    }
    const sort = query.sort ?? { field: 'id', direction: 'asc' as const };
    const sortField = sort.field === 'id' ? 'id' : fieldOf(entity, sort.field)?.name;
    if (!sortField) throw validationError(`cannot sort ${entity.plural} by ${sort.field}`, [{ field: 'sort', message: 'unknown field' }]);
    const col = `${t}.${sortField}`;
    const idCol = `${t}.id`;
    if (cursor) {
      if (typeof cursor.id !== 'string') throw cursorNotForThisSort();
      const v = cursor.v ?? null;
      const numeric = sortField !== 'id' && columnType(fieldOf(entity, sortField)!) !== 'text';
      if (v !== null && typeof v !== (numeric ? 'number' : 'string')) throw cursorNotForThisSort();
      const lastId = cursor.id;
      if (sortField === 'id') qb = qb.where(idCol, sort.direction === 'asc' ? '>' : '<', lastId);
      // NULL sorts as the smallest value on both backends (NULLS FIRST ascending, NULLS LAST descending), and
      // the id breaks ties in the same direction, so one index serves both the order and the cursor.
      else if (sort.direction === 'asc')
        qb = qb.where((eb) =>
          v === null
            ? eb.or([eb.and([eb(col, 'is', null), eb(idCol, '>', lastId)]), eb(col, 'is not', null)])
            : eb.or([eb(col, '>', v), eb.and([eb(col, '=', v), eb(idCol, '>', lastId)])]),
        );
      else
        qb = qb.where((eb) =>
          v === null
            ? eb.and([eb(col, 'is', null), eb(idCol, '<', lastId)])
            : eb.or([eb(col, '<', v), eb.and([eb(col, '=', v), eb(idCol, '<', lastId)]), eb(col, 'is', null)]),
        );
    }
    if (sortField === 'id') qb = qb.orderBy(idCol, sort.direction);
    else
      qb = qb
        .orderBy(sql`${sql.ref(col)} ${sql.raw(sort.direction === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST')}`)
        .orderBy(idCol, sort.direction);
    rows = await qb.limit(limit + 1).execute();
    const more = rows.length > limit;
    rows = rows.slice(0, limit);
    const last = rows[rows.length - 1];
    return {
      records: rows.map((r) => fromRow(entity, r)),
      nextCursor: more && last ? encodeCursor({ v: last[sortField] ?? null, id: last.id as string }) : null,
      ...(query.withTotal ? (!cursor && !more ? pageTotal(rows.length, query.totalCap) : await this.total(ws, entity, query)) : {}),
    };
  }
}
