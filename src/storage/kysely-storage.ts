/** The one Storage implementation: a Kysely query layer over either dialect. */
import { Migrator, sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { allFields, ENTITIES, fieldOf, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { CrmError, validationError } from '../core/errors.js';
import { columnType, keyColumns } from './columns.js';
import { likeEscape, relevanceTerms, type SqlDialect, searchBody } from './dialect.js';
import { KyselyImportJobRepository, KyselyImportStagingRepository, type ImportJobRepository, type ImportStagingRepository } from './import-repositories.js';
import { isRetryableConflict, retryDelayMs, TRANSACTION_ATTEMPTS } from './retry.js';
import type {
  MemoryShard,
  ModelRepository,
  OutcomeEvent,
  OutcomeRepository,
  ExperimentRepository,
  SettingsRepository,
  StoredExperiment,
  StoredModel,
  ShardRepository,
  ClaimedJob,
  JobQueueRepository,
  JobRef,
  QueueStats,
  AggregateQuery,
  AggregateRow,
  DialectName,
  Filter,
  RelatedFilter,
  ListQuery,
  Page,
  AuditQuery,
  RecordEvent,
  RecordEventRepository,
  SessionRepository,
  TokenRepository,
  UserRepository,
  RecordRepository,
  SearchRepository,
  StageChange,
  StageHistoryRepository,
  Storage,
  UpsertResult,
  Workspace,
  WorkspaceRepository,
} from './index.js';
import { KyselySessionRepository, KyselyTokenRepository, KyselyUserRepository } from './access-repositories.js';
import { migrationProvider } from './migrations/index.js';
import { computeKeys, fromRow, toColumns, toRow } from './record-rows.js';

type Db = Kysely<any>;
type Where = (eb: any) => Expression<SqlBool>;

/** Parameters per statement stay well under SQLite's and PostgreSQL's limits. */
const MAX_PARAMS = 30000;
/** A word in more full-text documents than this is too common to rank any-word matches by (see rankableTerms). */
const COMMON_TERM_DOCUMENTS = 20_000;
const TERM_DOCUMENTS_TTL_MS = 10 * 60_000;
const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

interface Cursor {
  v?: unknown;
  id?: string;
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

class KyselyRecordRepository implements RecordRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: SqlDialect,
  ) {}

  async get(ws: string, entity: EntityDef, id: string, opts: { lock?: boolean } = {}) {
    const read = this.db.selectFrom(entity.plural).selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    const row = await (opts.lock && this.dialect.name === 'postgres' ? read.forUpdate() : read).executeTakeFirst();
    return row ? fromRow(entity, row) : undefined;
  }

  async getMany(ws: string, entity: EntityDef, ids: readonly string[]) {
    const out: CrmRecord[] = [];
    for (const part of chunk([...new Set(ids)], 1000)) {
      const rows = await this.db.selectFrom(entity.plural).selectAll().where('workspace_id', '=', ws).where('id', 'in', part).execute();
      out.push(...rows.map((r) => fromRow(entity, r)));
    }
    return out;
  }

  private filterExpression(ws: string, entity: EntityDef, f: Filter, depth = 0): Where {
    if (depth > 3) throw validationError('filters nest too deep');
    if (f.op === 'any') {
      const groups = f.value as Filter[][];
      if (!Array.isArray(groups) || groups.length === 0) return () => sql<SqlBool>`1 = 0`;
      const parts = groups.map((g) => g.map((inner) => this.filterExpression(ws, entity, inner, depth + 1)));
      return (eb) => eb.or(parts.map((g) => (g.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(g.map((w) => w(eb))))));
    }
    const field = f.field === 'id' ? { name: 'id', type: 'string' as const, label: 'Id' } : fieldOf(entity, f.field);
    if (!field) throw validationError(`unknown field ${f.field} for ${entity.plural}`, [{ field: f.field, message: 'unknown field' }]);
    const col = `${entity.plural}.${field.name}`;
    const v = f.value;
    if (f.op === 'related') {
      const target = field.type === 'ref' && field.ref ? ENTITIES[field.ref] : undefined;
      if (!target) throw validationError(`${f.field} does not refer to another record`, [{ field: f.field, message: 'not a reference' }]);
      const rel = v as RelatedFilter;
      // An alias per depth keeps nested sub-queries on the same table apart.
      const alias = `${target.plural}_r${depth}`;
      let sub = this.db.selectFrom(`${target.plural} as ${alias}`).select(`${alias}.id`).where(`${alias}.workspace_id`, '=', ws);
      for (const inner of rel.filters) sub = sub.where(this.filterExpression(ws, { ...target, plural: alias }, inner, depth + 1));
      return (eb) => (rel.negate ? eb.or([eb(col, 'not in', sub), eb(col, 'is', null)]) : eb(col, 'in', sub));
    }
    return (eb) => {
      switch (f.op) {
        case 'eq':
          return v === null ? eb(col, 'is', null) : eb(col, '=', v);
        case 'ne':
          return v === null ? eb(col, 'is not', null) : eb.or([eb(col, '<>', v), eb(col, 'is', null)]);
        case 'gt':
          return eb(col, '>', v);
        case 'gte':
          return eb(col, '>=', v);
        case 'lt':
          return eb(col, '<', v);
        case 'lte':
          return eb(col, '<=', v);
        case 'in':
          return (v as unknown[]).length === 0 ? sql<SqlBool>`1 = 0` : eb(col, 'in', v as unknown[]);
        case 'nin':
          return (v as unknown[]).length === 0
            ? sql<SqlBool>`1 = 1`
            : eb.or([eb(col, 'not in', v as unknown[]), eb(col, 'is', null)]);
        case 'contains':
          return this.dialect.ilike(col, `%${likeEscape(String(v))}%`);
        case 'has':
          return this.dialect.ilike(col, `%${likeEscape(JSON.stringify(String(v)))}%`);
        case 'empty': {
          // Only text columns can hold an empty string; numbers and dates are empty when null.
          const textual = field.type !== 'integer' && field.type !== 'number';
          if (!textual) return v ? eb(col, 'is', null) : eb(col, 'is not', null);
          return v ? eb.or([eb(col, 'is', null), eb(col, '=', '')]) : eb.and([eb(col, 'is not', null), eb(col, '<>', '')]);
        }
      }
    };
  }

  private filtered(ws: string, entity: EntityDef, filters: readonly Filter[] = []) {
    let qb = this.db.selectFrom(entity.plural).where(`${entity.plural}.workspace_id`, '=', ws);
    for (const f of filters) qb = qb.where(this.filterExpression(ws, entity, f));
    return qb;
  }

  async ids(ws: string, entity: EntityDef, filters: Filter[], limit: number) {
    const rows = await this.filtered(ws, entity, filters).select(`${entity.plural}.id as id`).orderBy(`${entity.plural}.id`).limit(limit).execute();
    return rows.map((r) => r.id as string);
  }

  async count(ws: string, entity: EntityDef, filters: Filter[] = []) {
    const row = await this.filtered(ws, entity, filters).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Documents per word (capped at COMMON_TERM_DOCUMENTS + 1), remembered a while: they change slowly. */
  private readonly termDocs = new Map<string, { n: number; at: number }>();

  private async termDocuments(term: string): Promise<number> {
    const hit = this.termDocs.get(term);
    if (hit && Date.now() - hit.at < TERM_DOCUMENTS_TTL_MS) return hit.n;
    const { rows } = await this.dialect.termDocuments(term, COMMON_TERM_DOCUMENTS).execute(this.db);
    const n = Number(rows[0]?.n ?? 0);
    if (this.termDocs.size >= 10_000) this.termDocs.clear();
    this.termDocs.set(term, { n, at: Date.now() });
    return n;
  }

  /**
   * The words worth ranking any-word matches by: a word in very many documents ("data", "interested") says
   * little about relevance (BM25 gives it almost no weight) yet makes the query rank every document holding it,
   * so it is left out while a rarer word of the query remains. In a small corpus no word is left out.
   */
  private async rankableTerms(terms: string[]): Promise<string[]> {
    if (terms.length < 2) return terms;
    const counts = await Promise.all(terms.map((t) => this.termDocuments(t.toLowerCase())));
    const kept = terms.filter((_, i) => counts[i]! <= COMMON_TERM_DOCUMENTS);
    return kept.length > 0 ? kept : [];
  }

  async textSearch(ws: string, entity: EntityDef, q: string, limit: number, filters: Filter[] = []) {
    // Rank the text matches first, then apply the filters to the best of them: joined the other way round,
    // SQLite re-runs the full-text query for every filtered row (11 s for an industry of 7,000 contacts).
    const pool = filters.length > 0 ? Math.max(limit * 10, 2000) : limit;
    const terms = relevanceTerms(q);
    const rankedBy = async (mode: 'all' | 'any', n: number) => {
      const words = mode === 'any' ? await this.rankableTerms(terms) : terms;
      const matches = words.length > 0 ? this.dialect.searchMatches(ws, entity.name, words.join(' '), mode) : null;
      if (!matches) return [];
      const rows = await this.db
        .selectFrom(matches.as('m'))
        .select(['m.record_id as id', 'm.rank as rank'])
        .orderBy('m.rank')
        .orderBy('m.record_id')
        .limit(n)
        .execute();
      return rows.map((r) => ({ id: r.id as string, rank: Number(r.rank) }));
    };
    // Records with every word first (a small set to rank even when each word is common), then any word.
    const hits = await rankedBy('all', pool);
    if (hits.length < limit) {
      const seen = new Set(hits.map((h) => h.id));
      const worst = hits.length > 0 ? hits[hits.length - 1]!.rank : 0;
      for (const h of await rankedBy('any', pool)) {
        if (hits.length >= pool) break;
        // Keep every any-word hit below the all-word ones in rank order (ranks are "lower is better").
        if (!seen.has(h.id)) hits.push({ id: h.id, rank: Math.max(h.rank, worst) + 1e-6 * hits.length });
      }
    }
    if (filters.length === 0 || hits.length === 0) return hits;
    const keep = new Set<string>();
    for (const part of chunk(hits.map((h) => h.id), 500)) {
      const rows = await this.filtered(ws, entity, filters).where(`${entity.plural}.id`, 'in', part).select(`${entity.plural}.id as id`).execute();
      for (const r of rows) keep.add(r.id as string);
    }
    return hits.filter((h) => keep.has(h.id)).slice(0, limit);
  }

  async aggregate(ws: string, entity: EntityDef, query: AggregateQuery): Promise<AggregateRow[]> {
    const t = entity.plural;
    const check = (name: string | undefined, what: string) => {
      if (name === undefined) return undefined;
      const f = fieldOf(entity, name);
      if (!f) throw validationError(`cannot ${what} ${entity.plural} by unknown field "${name}"`, [{ field: name, message: 'unknown field' }]);
      return f;
    };
    const field = check(query.field, query.fn);
    const group = check(query.groupBy, 'group');
    if (query.fn !== 'count' && !field) throw validationError(`${query.fn} needs a field`);
    if ((query.fn === 'sum' || query.fn === 'avg') && field && field.type !== 'number' && field.type !== 'integer')
      throw validationError(`${query.fn} needs a numeric field; ${field.name} is ${field.type}`);
    let qb = this.filtered(ws, entity, query.filters).select((eb) => {
      const count = eb.fn.countAll().as('count');
      if (query.fn === 'count') return [count, eb.fn.countAll().as('value')];
      const col = sql.ref(`${t}.${field!.name}`);
      const fn = query.fn === 'sum' ? eb.fn.sum(col) : query.fn === 'avg' ? eb.fn.avg(col) : query.fn === 'min' ? eb.fn.min(col) : eb.fn.max(col);
      return [count, fn.as('value')];
    });
    if (group) qb = qb.select(sql.ref(`${t}.${group.name}`).as('group')).groupBy(`${t}.${group.name}`).orderBy(sql`${sql.ref(`${t}.${group.name}`)} ASC NULLS FIRST`);
    const rows = (await qb.execute()) as Record<string, unknown>[];
    const numeric = query.fn === 'count' || query.fn === 'sum' || query.fn === 'avg' || field?.type === 'number' || field?.type === 'integer';
    return rows.map((r) => ({
      group: group ? (r.group ?? null) : null,
      count: Number(r.count),
      value: r.value === null || r.value === undefined ? (query.fn === 'sum' ? 0 : null) : numeric ? Number(r.value) : (r.value as string),
    }));
  }

  async list(ws: string, entity: EntityDef, query: ListQuery): Promise<Page> {
    const t = entity.plural;
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const matches = query.q ? this.dialect.searchMatches(ws, entity.name, query.q) : undefined;
    let qb = this.filtered(ws, entity, query.filters).selectAll(t);
    if (query.q) {
      if (!matches) return { records: [], nextCursor: null, total: query.withTotal ? 0 : undefined };
      qb = qb.innerJoin(matches.as('m'), 'm.record_id', `${t}.id`).select('m.rank');
    }
    const useRank = query.q !== undefined && !query.sort;
    const limit = query.limit;
    let rows: Record<string, unknown>[];
    if (useRank) {
      // Relevance order has no stable key, so its cursor is an offset.
      const offset = cursor?.o ?? 0;
      rows = await qb.orderBy('m.rank').orderBy(`${t}.id`).limit(limit + 1).offset(offset).execute();
      const more = rows.length > limit;
      rows = rows.slice(0, limit);
      return {
        records: rows.map((r) => fromRow(entity, r)),
        nextCursor: more ? encodeCursor({ o: offset + limit }) : null,
        total: query.withTotal ? await this.countWithSearch(ws, entity, query) : undefined,
      };
    }
    const sort = query.sort ?? { field: 'id', direction: 'asc' as const };
    const sortField = sort.field === 'id' ? 'id' : fieldOf(entity, sort.field)?.name;
    if (!sortField) throw validationError(`cannot sort ${entity.plural} by ${sort.field}`, [{ field: 'sort', message: 'unknown field' }]);
    const col = `${t}.${sortField}`;
    const idCol = `${t}.id`;
    if (cursor) {
      if (typeof cursor.id !== 'string') throw decodeCursorError();
      const v = cursor.v ?? null;
      const numeric = sortField !== 'id' && columnType(fieldOf(entity, sortField)!, this.dialect.name) !== 'text';
      if (v !== null && typeof v !== (numeric ? 'number' : 'string')) throw decodeCursorError();
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
      total: query.withTotal
        ? query.q
          ? await this.countWithSearch(ws, entity, query)
          : await this.count(ws, entity, query.filters)
        : undefined,
    };
  }

  private async countWithSearch(ws: string, entity: EntityDef, query: ListQuery) {
    const matches = this.dialect.searchMatches(ws, entity.name, query.q ?? '');
    if (!matches) return 0;
    const row = await this.filtered(ws, entity, query.filters)
      .innerJoin(matches.as('m'), 'm.record_id', `${entity.plural}.id`)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(ws: string, entity: EntityDef, record: CrmRecord) {
    await this.db.insertInto(entity.plural).values(toRow(ws, entity, record)).execute();
  }

  async update(ws: string, entity: EntityDef, id: string, changes: Record<string, unknown>) {
    const values = toColumns(entity, changes);
    const touchesKeys = entity.keys.some((k) => k.from.some((f) => f in changes));
    if (touchesKeys) {
      const current = await this.get(ws, entity, id);
      if (current) Object.assign(values, computeKeys(entity, { ...current, ...changes }));
    }
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable(entity.plural).set(values).where('workspace_id', '=', ws).where('id', '=', id).execute();
  }

  async delete(ws: string, entity: EntityDef, ids: readonly string[]) {
    let n = 0;
    for (const part of chunk(ids, 1000)) {
      const r = await this.db.deleteFrom(entity.plural).where('workspace_id', '=', ws).where('id', 'in', part).executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  async upsertMany(ws: string, entity: EntityDef, records: CrmRecord[], columns: readonly string[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: [], updated: [] };
    if (records.length === 0) return result;
    const t = entity.plural;
    const keyCols = entity.keys.filter((k) => k.from.some((f) => columns.includes(f))).map((k) => k.column);
    const compared = [...columns.filter((c) => c !== 'id' && c !== 'updated_at'), ...keyCols];
    const width = allFields(entity).length + keyColumns(entity).length + 3;
    for (const part of chunk(records, Math.max(1, Math.floor(MAX_PARAMS / width)))) {
      const existing = await this.existingIds(ws, entity, part.map((r) => r.id));
      const rows = part.map((r) => toRow(ws, entity, r));
      const set: Record<string, unknown> = { updated_at: sql.ref('excluded.updated_at') };
      for (const c of compared) set[c] = sql.ref(`excluded.${c}`);
      const changed = await this.db
        .insertInto(t)
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'id'])
            .doUpdateSet(set)
            .where((eb) => eb.or(compared.map((c) => this.dialect.differs(`${t}.${c}`, `excluded.${c}`)))),
        )
        .returning('id')
        .execute();
      for (const r of changed) (existing.has(r.id as string) ? result.updated : result.inserted).push(r.id as string);
    }
    return result;
  }

  async existingIds(ws: string, entity: EntityDef, ids: readonly string[]) {
    const out = new Set<string>();
    for (const part of chunk([...new Set(ids)], 5000)) {
      const rows = await this.db.selectFrom(entity.plural).select('id').where('workspace_id', '=', ws).where('id', 'in', part).execute();
      for (const r of rows) out.add(r.id as string);
    }
    return out;
  }

  async findByKey(ws: string, entity: EntityDef, keyColumn: string, value: string, limit = 50) {
    const rows = await this.db
      .selectFrom(entity.plural)
      .selectAll()
      .where('workspace_id', '=', ws)
      .where(keyColumn, '=', value)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => fromRow(entity, r));
  }

  async idsByKeys(ws: string, entity: EntityDef, keyColumn: string, values: readonly string[]) {
    const out = new Map<string, string[]>();
    for (const part of chunk([...new Set(values)], 5000)) {
      const rows = await this.db
        .selectFrom(entity.plural)
        .select(['id', keyColumn])
        .where('workspace_id', '=', ws)
        .where(keyColumn, 'in', part)
        .execute();
      for (const r of rows) {
        const k = r[keyColumn] as string;
        out.set(k, [...(out.get(k) ?? []), r.id as string]);
      }
    }
    return out;
  }

  async findByKeyWord(ws: string, entity: EntityDef, keyColumn: string, word: string, limit = 200) {
    const w = likeEscape(word);
    const rows = await this.db
      .selectFrom(entity.plural)
      .selectAll()
      .where('workspace_id', '=', ws)
      // Lets a partial index of the records holding a value serve it (secondary values: see migration 0014).
      .where(keyColumn, 'is not', null)
      .where((eb) =>
        eb.or([
          eb(keyColumn, '=', word),
          this.dialect.ilike(keyColumn, `${w} %`),
          this.dialect.ilike(keyColumn, `% ${w}`),
          this.dialect.ilike(keyColumn, `% ${w} %`),
        ]),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => fromRow(entity, r));
  }

  async markMerged(ws: string, entity: EntityDef, ids: readonly string[], survivorId: string, at: string) {
    if (ids.length === 0) return;
    await this.db
      .updateTable('merged_records')
      .set({ survivor_id: survivorId })
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity.name)
      .where('survivor_id', 'in', [...ids])
      .execute();
    // A survivor that was once merged away and came back (an import of its id) is no longer a redirect.
    await this.db.deleteFrom('merged_records').where('workspace_id', '=', ws).where('entity', '=', entity.name).where('id', '=', survivorId).execute();
    await this.db
      .insertInto('merged_records')
      .values(ids.map((id) => ({ workspace_id: ws, entity: entity.name, id, survivor_id: survivorId, merged_at: at })))
      .onConflict((oc) => oc.columns(['workspace_id', 'entity', 'id']).doUpdateSet({ survivor_id: survivorId, merged_at: at }))
      .execute();
  }

  async mergedInto(ws: string, entity: EntityDef, id: string) {
    const row = await this.db
      .selectFrom('merged_records')
      .select('survivor_id')
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity.name)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.survivor_id as string | undefined;
  }

  async *keySnapshot(ws: string, entity: EntityDef, extraFields: readonly string[]) {
    const cols = ['id', ...keyColumns(entity), ...extraFields];
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom(entity.plural)
        .select(cols)
        .where('workspace_id', '=', ws)
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .execute();
      for (const r of rows) yield r as Record<string, unknown>;
      if (rows.length < 5000) return;
      after = rows[rows.length - 1]!.id as string;
    }
  }

  async reassignRefs(ws: string, entity: EntityDef, field: string, fromIds: readonly string[], toId: string | null, now: string) {
    if (fromIds.length === 0) return 0;
    const r = await this.db
      .updateTable(entity.plural)
      .set({ [field]: toId, updated_at: now })
      .where('workspace_id', '=', ws)
      .where(field, 'in', [...fromIds])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async hasAnyValue(ws: string, entity: EntityDef, field: string) {
    const row = await this.db
      .selectFrom(entity.plural)
      .select('id')
      .where('workspace_id', '=', ws)
      .where(field, 'is not', null)
      // Only text columns can hold '' (PostgreSQL refuses to compare a number with it).
      .$if(!numeric(entity, field), (q) => q.where(field, '<>', ''))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async customFieldNames(ws: string, entity: EntityDef) {
    const names = new Set<string>();
    const rows = await this.db.selectFrom(entity.plural).select('custom').distinct().where('workspace_id', '=', ws).where('custom', '<>', '{}').execute();
    for (const r of rows) for (const k of Object.keys(JSON.parse(r.custom as string) as object)) names.add(k);
    return [...names].sort();
  }

  async *scan(ws: string, entity: EntityDef, batchSize = 2000) {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom(entity.plural)
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (rows.length > 0) yield rows.map((r) => fromRow(entity, r));
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.id as string;
    }
  }
}

function decodeCursorError() {
  return validationError('cursor is not valid for this sort', [{ field: 'cursor', message: 'invalid cursor' }]);
}

class KyselyStageHistoryRepository implements StageHistoryRepository {
  constructor(private readonly db: Db) {}

  async append(ws: string, changes: readonly StageChange[]) {
    for (const part of chunk(changes, 2000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('stage_history')
        .values(part.map((c) => ({ workspace_id: ws, ...c })))
        .execute();
    }
  }

  async forDeals(ws: string, dealIds: readonly string[]) {
    const out: (StageChange & { seq: number })[] = [];
    for (const part of chunk([...new Set(dealIds)], 1000)) {
      const rows = await this.db
        .selectFrom('stage_history')
        .select(['seq', 'deal_id', 'from_stage', 'to_stage', 'at', 'source', 'actor'])
        .where('workspace_id', '=', ws)
        .where('deal_id', 'in', part)
        .orderBy('at')
        .orderBy('seq')
        .execute();
      out.push(...rows.map((r) => ({ ...r, seq: Number(r.seq) }) as StageChange & { seq: number }));
    }
    return out.sort((a, b) => (a.at === b.at ? a.seq - b.seq : a.at < b.at ? -1 : 1));
  }

  async *all(ws: string) {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('stage_history')
        .select(['seq', 'deal_id', 'from_stage', 'to_stage', 'at', 'source', 'actor'])
        .where('workspace_id', '=', ws)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(5000)
        .execute();
      if (rows.length > 0) yield rows.map((r) => ({ ...r, seq: Number(r.seq) }) as StageChange & { seq: number });
      if (rows.length < 5000) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
}

class KyselyRecordEventRepository implements RecordEventRepository {
  constructor(private readonly db: Db) {}

  async append(ws: string, events: readonly RecordEvent[]) {
    for (const part of chunk(events, 2000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('record_events')
        .values(part.map((e) => ({ workspace_id: ws, ...e, data: JSON.stringify(e.data) })))
        .execute();
    }
  }

  async forRecords(ws: string, entity: EntityName, ids: readonly string[], limit: number, before?: string) {
    if (ids.length === 0) return [];
    let qb = this.db
      .selectFrom('record_events')
      .select(['seq', 'entity', 'record_id', 'kind', 'at', 'actor', 'data'])
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity)
      .where('record_id', 'in', [...ids]);
    if (before) qb = qb.where('at', '<', before);
    const rows = await qb.orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data as string) }) as RecordEvent & { seq: number });
  }

  async audit(ws: string, q: AuditQuery) {
    let qb = this.db.selectFrom('record_events').select(['seq', 'entity', 'record_id', 'kind', 'at', 'actor', 'data']).where('workspace_id', '=', ws);
    if (q.actor) qb = qb.where('actor', '=', q.actor);
    if (q.entity) qb = qb.where('entity', '=', q.entity);
    if (q.recordId) qb = qb.where('record_id', '=', q.recordId);
    if (q.kind) qb = qb.where('kind', '=', q.kind);
    if (q.beforeSeq !== undefined) qb = qb.where('seq', '<', q.beforeSeq);
    const rows = await qb.orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data as string) }) as RecordEvent & { seq: number });
  }

  async redact(ws: string, entity: EntityName, ids: readonly string[], data: Record<string, unknown>) {
    let n = 0;
    for (const part of chunk(ids, 1000)) {
      const res = await this.db
        .updateTable('record_events')
        .set({ data: JSON.stringify(data) })
        .where('workspace_id', '=', ws)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .executeTakeFirst();
      n += Number(res.numUpdatedRows);
    }
    return n;
  }

  async reassign(ws: string, entity: EntityName, fromIds: readonly string[], toId: string) {
    if (fromIds.length === 0) return;
    await this.db
      .updateTable('record_events')
      .set({ record_id: toId })
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity)
      .where('record_id', 'in', [...fromIds])
      .execute();
  }
}

class KyselySearchRepository implements SearchRepository {
  constructor(private readonly db: Db) {}

  async index(ws: string, entity: EntityName, docs: readonly { id: string; body: string }[]) {
    for (const part of chunk(docs, 2000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('search_documents')
        .values(part.map((d) => ({ workspace_id: ws, entity, record_id: d.id, body: searchBody(d.body) })))
        .onConflict((oc) => oc.columns(['workspace_id', 'entity', 'record_id']).doUpdateSet({ body: sql.ref('excluded.body') }))
        .execute();
    }
  }

  async remove(ws: string, entity: EntityName, ids: readonly string[]) {
    for (const part of chunk(ids, 1000)) {
      await this.db
        .deleteFrom('search_documents')
        .where('workspace_id', '=', ws)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .execute();
    }
  }
}

class KyselyWorkspaceRepository implements WorkspaceRepository {
  constructor(private readonly db: Db) {}
  async get(id: string) {
    return (await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()) as Workspace | undefined;
  }
  async list() {
    return (await this.db.selectFrom('workspaces').selectAll().orderBy('id').execute()) as Workspace[];
  }
  async ensure(ws: Workspace) {
    await this.db
      .insertInto('workspaces')
      .values(ws)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

const sameJob =
  (j: ClaimedJob): Where =>
  (eb) =>
    eb.and([eb('queue', '=', j.queue), eb('workspace_id', '=', j.workspace_id), eb('entity', '=', j.entity), eb('record_id', '=', j.record_id)]);

class KyselyJobQueueRepository implements JobQueueRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  async enqueue(queue: string, jobs: readonly JobRef[], now: string) {
    const unique = new Map(jobs.map((j) => [`${j.workspace_id}\u0000${j.entity}\u0000${j.record_id}`, j]));
    for (const part of chunk([...unique.values()], 2000)) {
      await this.db
        .insertInto('job_queue')
        .values(part.map((j) => ({ queue, ...j, enqueued_at: now, available_at: now, attempts: 0 })))
        .onConflict((oc) =>
          oc.columns(['queue', 'workspace_id', 'entity', 'record_id']).doUpdateSet({
            enqueued_at: sql.ref('excluded.enqueued_at'),
            available_at: sql.ref('excluded.available_at'),
            attempts: 0,
            last_error: null,
          }),
        )
        .execute();
    }
  }

  async claim(queue: string, worker: string, limit: number, now: string, leaseUntil: string) {
    const ready = this.db
      .selectFrom('job_queue')
      .select(['queue', 'workspace_id', 'entity', 'record_id'])
      .where('queue', '=', queue)
      .where('available_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('available_at')
      .limit(limit);
    // PostgreSQL: concurrent workers skip each other's rows; SQLite serialises writers anyway.
    const picked = this.dialect === 'postgres' ? ready.forUpdate().skipLocked() : ready;
    const rows = await this.db
      .updateTable('job_queue')
      .set((eb) => ({ locked_by: worker, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where((eb) => eb(eb.refTuple('queue', 'workspace_id', 'entity', 'record_id'), 'in', picked as any))
      .returning(['queue', 'workspace_id', 'entity', 'record_id', 'enqueued_at', 'attempts'])
      .execute();
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }) as ClaimedJob);
  }

  async complete(jobs: readonly ClaimedJob[]) {
    for (const j of jobs) {
      const done = await this.db.deleteFrom('job_queue').where(sameJob(j)).where('enqueued_at', '=', j.enqueued_at).executeTakeFirst();
      // Enqueued again while being worked on: release the lease so the newer change is picked up.
      if (Number(done.numDeletedRows) === 0) await this.db.updateTable('job_queue').set({ locked_by: null, locked_until: null }).where(sameJob(j)).execute();
    }
  }

  async fail(job: ClaimedJob, error: string, retryAt: string) {
    await this.db
      .updateTable('job_queue')
      .set({ locked_by: null, locked_until: null, available_at: retryAt, last_error: error.slice(0, 2000) })
      .where(sameJob(job))
      .execute();
  }

  async stats(queue: string, now: string): Promise<QueueStats> {
    const row = await this.db
      .selectFrom('job_queue')
      .select((eb) => [
        eb.fn.countAll().as('total'),
        eb.fn.sum(eb.case().when('locked_until', '>=', now).then(1).else(0).end()).as('leased'),
        eb.fn
          .sum(eb.case().when(eb.and([eb('available_at', '>', now), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])])).then(1).else(0).end())
          .as('waiting'),
        eb.fn.sum(eb.case().when('last_error', 'is not', null).then(1).else(0).end()).as('failing'),
      ])
      .where('queue', '=', queue)
      .executeTakeFirstOrThrow();
    const leased = Number(row.leased ?? 0);
    const waiting = Number(row.waiting ?? 0);
    return { ready: Number(row.total) - leased - waiting, leased, waiting, failing: Number(row.failing ?? 0) };
  }
}

const toBytes = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
function toVector(b: unknown): Float32Array | null {
  if (b === null || b === undefined) return null;
  const buf = b as Uint8Array;
  // Copy into an aligned buffer: driver buffers may start at any byte offset.
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
const SHARD_COLUMNS = ['workspace_id', 'entity', 'record_id', 'model', 'model_version', 'content_hash', 'text', 'vector', 'updated_at', 'seq'] as const;
const toShard = (r: Record<string, unknown>) => ({ ...r, vector: toVector(r.vector), seq: Number(r.seq) }) as MemoryShard;

class KyselyShardRepository implements ShardRepository {
  constructor(
    private readonly db: Db,
    /** Runs fn in the current transaction, or in a new one. */
    private readonly transaction: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  ) {}

  async hashes(ws: string, model: string, entity: EntityName, ids: readonly string[]) {
    const out = new Map<string, string>();
    for (const part of chunk([...new Set(ids)], 5000)) {
      const rows = await this.db
        .selectFrom('memory_shards')
        .select(['record_id', 'content_hash'])
        .where('workspace_id', '=', ws)
        .where('model', '=', model)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .where('vector', 'is not', null)
        .execute();
      for (const r of rows) out.set(r.record_id as string, r.content_hash as string);
    }
    return out;
  }

  /** Reserves `n` sequence numbers; the counter row stays locked until the transaction ends. */
  private async nextSeqs(db: Db, n: number): Promise<number> {
    const row = await db
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', n) }))
      .where('name', '=', 'memory_shards')
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value) - n + 1;
  }

  private write(rows: Record<string, unknown>[]) {
    return this.transaction(async (db) => {
      let seq = await this.nextSeqs(db, rows.length);
      for (const part of chunk(rows, 500)) {
        await db
          .insertInto('memory_shards')
          .values(part.map((r) => ({ ...r, seq: seq++ })))
          .onConflict((oc) =>
            oc.columns(['workspace_id', 'model', 'entity', 'record_id']).doUpdateSet(
              Object.fromEntries(['model_version', 'content_hash', 'text', 'vector', 'updated_at', 'seq'].map((c) => [c, sql.ref(`excluded.${c}`)])),
            ),
          )
          .execute();
      }
    });
  }

  async upsert(shards: readonly Omit<MemoryShard, 'seq'>[]) {
    if (shards.length === 0) return;
    await this.write(shards.map((s) => ({ ...s, dims: s.vector?.length ?? 0, vector: s.vector ? toBytes(s.vector) : null })));
  }

  async tombstone(ws: string, model: string, entity: EntityName, ids: readonly string[], now: string) {
    if (ids.length === 0) return;
    const live = await this.hashes(ws, model, entity, ids);
    if (live.size === 0) return;
    await this.write(
      [...live.keys()].map((id) => ({ workspace_id: ws, entity, record_id: id, model, model_version: '', content_hash: '', text: '', dims: 0, vector: null, updated_at: now })),
    );
  }

  async forget(ws: string, entity: EntityName, ids: readonly string[], now: string) {
    if (ids.length === 0) return 0;
    const models = await this.db.selectFrom('memory_shards').select('model').distinct().where('workspace_id', '=', ws).where('entity', '=', entity).execute();
    let n = 0;
    for (const { model } of models) {
      n += (await this.hashes(ws, model as string, entity, ids)).size;
      await this.tombstone(ws, model as string, entity, ids, now);
    }
    return n;
  }

  async get(ws: string, model: string, entity: EntityName, ids: readonly string[]) {
    const out: MemoryShard[] = [];
    for (const part of chunk([...new Set(ids)], 2000)) {
      const rows = await this.db
        .selectFrom('memory_shards')
        .select([...SHARD_COLUMNS])
        .where('workspace_id', '=', ws)
        .where('model', '=', model)
        .where('entity', '=', entity)
        .where('record_id', 'in', part)
        .execute();
      out.push(...rows.map(toShard));
    }
    return out;
  }

  async changesSince(model: string, afterSeq: number, limit: number) {
    const rows = await this.db
      .selectFrom('memory_shards')
      .select([...SHARD_COLUMNS])
      .where('model', '=', model)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toShard);
  }

  async count(ws: string, model: string, entity: EntityName) {
    const row = await this.db
      .selectFrom('memory_shards')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .where('model', '=', model)
      .where('entity', '=', entity)
      .where('vector', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async saveProjection(ws: string, model: string, data: string, sampleSize: number, now: string) {
    await this.db
      .insertInto('memory_projections')
      .values({ workspace_id: ws, model, data, sample_size: sampleSize, fitted_at: now })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'model']).doUpdateSet({ data: sql.ref('excluded.data'), sample_size: sql.ref('excluded.sample_size'), fitted_at: sql.ref('excluded.fitted_at') }),
      )
      .execute();
  }

  async loadProjection(ws: string, model: string) {
    return (await this.db
      .selectFrom('memory_projections')
      .select(['data', 'sample_size', 'fitted_at'])
      .where('workspace_id', '=', ws)
      .where('model', '=', model)
      .executeTakeFirst()) as { data: string; sample_size: number; fitted_at: string } | undefined;
  }
}

class KyselyModelRepository implements ModelRepository {
  constructor(
    private readonly db: Db,
    private readonly atomically: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  ) {}

  save(ws: string, strategy: string, data: string, metrics: string, trainedAt: string) {
    return this.atomically(async (db) => {
      const top = await db.selectFrom('models').select((eb) => eb.fn.max('version').as('v')).where('workspace_id', '=', ws).where('strategy', '=', strategy).executeTakeFirst();
      const version = Number(top?.v ?? 0) + 1;
      await db.insertInto('models').values({ workspace_id: ws, strategy, version, trained_at: trainedAt, active: 1, data, metrics }).execute();
      return version;
    });
  }

  /** The newest active version of a strategy, as a query to choose columns for. */
  private newestActive(db: Db, ws: string, strategy: string) {
    return db.selectFrom('models').where('workspace_id', '=', ws).where('strategy', '=', strategy).where('active', '=', 1).orderBy('version', 'desc').limit(1);
  }

  async current(ws: string, strategy: string) {
    const row = await this.newestActive(this.db, ws, strategy).selectAll().executeTakeFirst();
    return row ? ({ ...row, version: Number(row.version), active: true } as StoredModel) : undefined;
  }

  async currentInfo(ws: string, strategy: string) {
    const row = await this.newestActive(this.db, ws, strategy).select(['workspace_id', 'strategy', 'version', 'trained_at', 'active', 'metrics']).executeTakeFirst();
    return row ? ({ ...row, version: Number(row.version), active: true } as Omit<StoredModel, 'data'>) : undefined;
  }

  async list(ws: string) {
    const rows = await this.db.selectFrom('models').select(['workspace_id', 'strategy', 'version', 'trained_at', 'active', 'metrics']).where('workspace_id', '=', ws).orderBy('strategy').orderBy('version', 'desc').execute();
    return rows.map((r) => ({ ...r, version: Number(r.version), active: Number(r.active) === 1 }) as Omit<StoredModel, 'data'>);
  }

  rollback(ws: string, strategy: string) {
    return this.atomically(async (db) => {
      const cur = await this.newestActive(db, ws, strategy).select('version').executeTakeFirst();
      if (!cur) return undefined;
      await db.updateTable('models').set({ active: 0 }).where('workspace_id', '=', ws).where('strategy', '=', strategy).where('version', '=', cur.version).execute();
      const prev = await this.newestActive(db, ws, strategy).select('version').executeTakeFirst();
      return prev ? Number(prev.version) : undefined;
    });
  }
}

/** An outcomes row as an entry of the log: JSON columns parsed, the workspace left out. */
function outcomeOf({ workspace_id: _w, ...r }: Record<string, any>): OutcomeEvent & { seq: number } {
  return {
    ...r,
    seq: Number(r.seq),
    detail: JSON.parse(r.detail as string) as Record<string, unknown>,
    context: r.context === null ? null : (JSON.parse(r.context as string) as Record<string, unknown>),
  } as OutcomeEvent & { seq: number };
}

class KyselyOutcomeRepository implements OutcomeRepository {
  constructor(private readonly db: Db) {}

  async append(ws: string, events: readonly OutcomeEvent[]) {
    for (const part of chunk(events, 1000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('outcomes')
        .values(part.map((e) => ({ workspace_id: ws, ...e, detail: JSON.stringify(e.detail), context: e.context === null ? null : JSON.stringify(e.context) })))
        .execute();
    }
  }

  async since(ws: string, afterSeq: number, limit: number) {
    const rows = await this.db.selectFrom('outcomes').selectAll().where('workspace_id', '=', ws).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(outcomeOf);
  }

  async forRecord(ws: string, entity: EntityName, id: string) {
    const rows = await this.db.selectFrom('outcomes').selectAll().where('workspace_id', '=', ws).where('entity', '=', entity).where('record_id', '=', id).orderBy('seq').execute();
    return rows.map(outcomeOf);
  }

  async countSince(ws: string, afterSeq: number) {
    const row = await this.db
      .selectFrom('outcomes')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('seq').as('last')])
      .where('workspace_id', '=', ws)
      .where('seq', '>', afterSeq)
      .executeTakeFirst();
    return { count: Number(row?.n ?? 0), lastSeq: row?.last == null ? afterSeq : Number(row.last) };
  }

  async deleteForRecords(ws: string, entity: EntityName, ids: readonly string[]) {
    let n = 0;
    for (const part of chunk(ids, 1000)) {
      const res = await this.db.deleteFrom('outcomes').where('workspace_id', '=', ws).where('entity', '=', entity).where('record_id', 'in', part).executeTakeFirst();
      n += Number(res.numDeletedRows);
    }
    return n;
  }
}

class KyselyExperimentRepository implements ExperimentRepository {
  constructor(private readonly db: Db) {}

  async create(ws: string, e: StoredExperiment) {
    await this.db.insertInto('experiments').values({ workspace_id: ws, ...e }).execute();
  }

  async get(ws: string, id: string) {
    const row = await this.db.selectFrom('experiments').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const { workspace_id: _w, ...e } = row;
    return e as StoredExperiment;
  }

  async list(ws: string) {
    const rows = await this.db.selectFrom('experiments').selectAll().where('workspace_id', '=', ws).orderBy('started_at', 'desc').orderBy('id').execute();
    return rows.map(({ workspace_id: _w, ...e }) => e as StoredExperiment);
  }

  async stop(ws: string, id: string, at: string) {
    await this.db.updateTable('experiments').set({ status: 'stopped', stopped_at: at }).where('workspace_id', '=', ws).where('id', '=', id).where('status', '=', 'running').execute();
  }
}

class KyselySettingsRepository implements SettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly atomically: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  ) {}

  async update<T>(ws: string, key: string, change: (current: unknown) => { value: unknown; result: T }, now: string): Promise<T> {
    return this.atomically(async (db) => {
      // The row exists before it is read, so there is always something to lock (and SQLite starts writing at once).
      await db
        .insertInto('workspace_settings')
        .values({ workspace_id: ws, key, value: 'null', updated_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
        .execute();
      let read = db.selectFrom('workspace_settings').select('value').where('workspace_id', '=', ws).where('key', '=', key);
      if (this.dialect === 'postgres') read = read.forUpdate();
      const row = await read.executeTakeFirstOrThrow();
      const current = JSON.parse(row.value as string) as unknown;
      const { value, result } = change(current === null ? undefined : current);
      await db.updateTable('workspace_settings').set({ value: JSON.stringify(value ?? null), updated_at: now }).where('workspace_id', '=', ws).where('key', '=', key).execute();
      return result;
    });
  }

  async get(ws: string, key: string) {
    const row = await this.db.selectFrom('workspace_settings').select('value').where('workspace_id', '=', ws).where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  async set(ws: string, key: string, value: unknown, now: string) {
    await this.db
      .insertInto('workspace_settings')
      .values({ workspace_id: ws, key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
      .execute();
  }

  async delete(ws: string, key: string) {
    await this.db.deleteFrom('workspace_settings').where('workspace_id', '=', ws).where('key', '=', key).execute();
  }
}

export class KyselyStorage implements Storage {
  readonly records: RecordRepository;
  readonly stageHistory: StageHistoryRepository;
  readonly events: RecordEventRepository;
  readonly search: SearchRepository;
  readonly workspaces: WorkspaceRepository;
  readonly jobs: JobQueueRepository;
  readonly shards: ShardRepository;
  readonly models: ModelRepository;
  readonly outcomes: OutcomeRepository;
  readonly experiments: ExperimentRepository;
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: TokenRepository;
  readonly importJobs: ImportJobRepository;
  readonly importStaging: ImportStagingRepository;

  constructor(
    private readonly db: Db,
    private readonly sqlDialect: SqlDialect,
    private readonly inTransaction = false,
    private readonly onClose?: () => Promise<void>,
    /** PostgreSQL: the schema holding the CRM's tables (also where the migrator keeps its own). */
    private readonly pgSchema?: string,
  ) {
    this.records = new KyselyRecordRepository(db, sqlDialect);
    this.stageHistory = new KyselyStageHistoryRepository(db);
    this.events = new KyselyRecordEventRepository(db);
    this.search = new KyselySearchRepository(db);
    this.workspaces = new KyselyWorkspaceRepository(db);
    this.jobs = new KyselyJobQueueRepository(db, sqlDialect.name);
    const atomically = <T>(fn: (db: Db) => Promise<T>) => (inTransaction ? fn(db) : db.transaction().execute((trx) => fn(trx)));
    this.shards = new KyselyShardRepository(db, atomically);
    this.models = new KyselyModelRepository(db, atomically);
    this.outcomes = new KyselyOutcomeRepository(db);
    this.experiments = new KyselyExperimentRepository(db);
    this.settings = new KyselySettingsRepository(db, sqlDialect.name, atomically);
    this.users = new KyselyUserRepository(db);
    this.sessions = new KyselySessionRepository(db);
    this.tokens = new KyselyTokenRepository(db);
    this.importJobs = new KyselyImportJobRepository(db);
    this.importStaging = new KyselyImportStagingRepository(db);
  }

  get dialect(): DialectName {
    return this.sqlDialect.name;
  }

  async transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    // A transaction refused because of other writers is retried whole, after a pause that lets the event loop run.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runTransaction(fn);
      } catch (e) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
      }
    }
  }

  private async runTransaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.db.transaction().execute((trx: Transaction<any>) => fn(new KyselyStorage(trx, this.sqlDialect, true)));
    // SQLite: BEGIN IMMEDIATE takes the write lock up front (waiting busy_timeout for it). A deferred transaction that
    // reads first and writes later cannot wait when another connection wrote meanwhile: it fails at once with
    // SQLITE_BUSY, whatever the timeout. Writes never start half-way, so a busy refusal is safe to retry.
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(new KyselyStorage(conn, this.sqlDialect, true));
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw e;
      }
    });
  }

  async migrate() {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      migrationTableName: 'schema_migrations',
      migrationLockTableName: 'schema_migrations_lock',
      // Named explicitly: otherwise Kysely's existence check finds the lock table of any other schema in the
      // database (another tenant, a test run) and then fails to lock its own.
      ...(this.pgSchema ? { migrationTableSchema: this.pgSchema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw new CrmError('unavailable', `database migration failed: ${error instanceof Error ? error.message : String(error)}`);
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async health() {
    await sql`SELECT 1`.execute(this.db);
  }

  async scrubDeleted() {
    if (this.sqlDialect.name === 'sqlite' && !this.inTransaction) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
  }

  async optimize() {
    // A full ANALYZE on purpose: SQLite's sampled one (analysis_limit) reads only the first index entries,
    // which are the NULLs of sparse reference columns, and then picks the wrong index. ~2 s at 1M rows.
    await sql`ANALYZE`.execute(this.db);
  }

  async close() {
    if (this.dialect === 'sqlite' && !this.inTransaction) await sql`PRAGMA optimize`.execute(this.db).catch(() => undefined);
    await this.db.destroy();
    await this.onClose?.();
  }
}

/** Whether a declared field is stored in a numeric column. */
function numeric(entity: EntityDef, field: string): boolean {
  const f = fieldOf(entity, field);
  return f !== undefined && f.type !== 'tags' && columnType(f, 'postgres') !== 'text';
}
