/**
 * The declared objects' records: reads, writes, bulk upserts, matching keys and merges. Query building lives in
 * query/ (filters, paging, aggregates, relevance); rows convert to records in record-rows.ts.
 */
import { sql, type CompiledQuery } from 'kysely';
import { allFields, fieldOf, type CrmRecord, type EntityDef } from '../../core/entities.js';
import { chunk } from '../chunk.js';
import { columnType, keyColumns, tableColumns } from '../columns.js';
import { recordTables, type Db, type RecordTablesDb } from '../database.js';
import { likeEscape, type SqlDialect } from '../dialect.js';
import type { AggregateQuery, AggregateRow, Filter, ListQuery, Page, RecordRepository, UpsertResult } from '../index.js';
import { aggregateRecords } from '../query/aggregate.js';
import { FilterCompiler } from '../query/filters.js';
import { RecordLister } from '../query/list.js';
import { TextRanker } from '../query/text-ranking.js';
import { computeKeys, fieldFromColumn, fromArrayRows, fromRow, toColumns, toRow } from '../record-rows.js';
import { jsonRows } from './json-rows.js';

/** Parameters per statement stay well under SQLite's and PostgreSQL's limits. */
const MAX_PARAMS = 30000;

/** Stand-ins compiled into the get-by-id statement, replaced by each call's values. */
const BY_ID_WS = '\u0000workspace';
const BY_ID_ID = '\u0000id';

/** The get-by-id statement's parameters for one call. */
function byIdParameters(byId: CompiledQuery, ws: string, id: string): unknown[] {
  return byId.parameters.map((p) => (p === BY_ID_WS ? ws : p === BY_ID_ID ? id : p));
}

/** A prepared SELECT on SQLite's read-only connection whose rows come back as arrays (connect.ts). */
export interface DirectStatement {
  /** The result columns' names, in the order of each row's values. */
  readonly columns: readonly string[];
  /** The first row for these parameters (values in `columns` order), or undefined when there is none. */
  first(parameters: readonly unknown[]): unknown[] | undefined;
}

/**
 * Prepares a plain SELECT to run directly on SQLite's read-only connection (connect.ts), as Kysely's executor would
 * run it outside a transaction, without the executor's connection hand-out and promises around it. Given only to
 * the storage that is not inside a transaction: a transaction's reads stay on its own connection.
 */
export type DirectRead = (sql: string) => DirectStatement;

/** One object's get-by-id on the direct read: the statement, its parameters, and the row-to-record conversion. */
interface DirectById {
  statement: DirectStatement;
  /** The statement's parameters, reused by every call (the read is synchronous: nothing else sees them meanwhile). */
  parameters: unknown[];
  wsAt: number[];
  idAt: number[];
  toRecord: (row: unknown[]) => CrmRecord;
}

export class KyselyRecordRepository implements RecordRepository {
  /** The objects' tables, named at run time (see database.ts). */
  private readonly db: RecordTablesDb;
  private readonly byIdQueries = new Map<string, CompiledQuery>();
  private readonly directById = new Map<string, DirectById>();
  /**
   * SQLite outside a transaction: the get-by-id statement on the same (reader) connection the executor would pick,
   * run directly — the executor's session, mutex check and promises were ~10 µs of a ~110 µs API get. Absent
   * elsewhere: a transaction's reads stay on its own connection, and PostgreSQL answers asynchronously.
   */
  readonly getNow: ((ws: string, entity: EntityDef, id: string) => CrmRecord | undefined) | undefined;
  private readonly filters: FilterCompiler;
  private readonly lister: RecordLister;
  private readonly ranker: TextRanker;

  private readonly pg: boolean;
  /** Ids per `id IN (…)` read (SQLite caps a statement's parameters lower than PostgreSQL). */
  private readonly idsPerRead: number;

  constructor(
    private readonly typedDb: Db,
    private readonly dialect: SqlDialect,
    directRead?: DirectRead,
  ) {
    this.pg = dialect.name === 'postgres';
    this.idsPerRead = this.pg ? 5000 : 1000;
    this.db = recordTables(typedDb);
    this.filters = new FilterCompiler(this.db, dialect);
    this.lister = new RecordLister(this.db, dialect, this.filters);
    this.ranker = new TextRanker(this.db, dialect, this.filters);
    const read = directRead;
    this.getNow = read
      ? (ws, entity, id) => {
          const byId = this.directById.get(entity.plural) ?? this.prepareDirectById(read, entity);
          const p = byId.parameters;
          for (let i = 0; i < byId.wsAt.length; i++) p[byId.wsAt[i]!] = ws;
          for (let i = 0; i < byId.idAt.length; i++) p[byId.idAt[i]!] = id;
          const row = byId.statement.first(p);
          return row ? byId.toRecord(row) : undefined;
        }
      : undefined;
  }

  async get(ws: string, entity: EntityDef, id: string, opts: { lock?: boolean } = {}) {
    if (opts.lock && this.pg) {
      const row = await this.db.selectFrom(entity.plural).selectAll().where('workspace_id', '=', ws).where('id', '=', id).forUpdate().executeTakeFirst();
      return row ? fromRow(entity, row) : undefined;
    }
    if (this.getNow) return this.getNow(ws, entity, id);
    const byId = this.byIdQuery(entity);
    const rows = (await this.db.executeQuery<Record<string, unknown>>({ ...byId, parameters: byIdParameters(byId, ws, id) })).rows;
    return rows[0] ? fromRow(entity, rows[0]) : undefined;
  }

  /**
   * The hottest read of all (every record page, every API get): built and compiled once per object, then run with
   * each call's values — Kysely's building and compiling was a fifth of its cost. It names the columns `fromRow`
   * reads (id, the fields, custom) instead of `*`: the workspace and the matching-key columns (a third of a
   * contact's 24) were turned into JavaScript strings on every read only to be dropped — ~5 µs of a ~23 µs read.
   */
  private byIdQuery(entity: EntityDef): CompiledQuery {
    let byId = this.byIdQueries.get(entity.plural);
    if (!byId) {
      const columns = ['id', 'custom', ...allFields(entity).map((f) => f.name)];
      byId = this.db.selectFrom(entity.plural).select(columns).where('workspace_id', '=', BY_ID_WS).where('id', '=', BY_ID_ID).compile();
      this.byIdQueries.set(entity.plural, byId);
    }
    return byId;
  }

  /**
   * The get-by-id statement on the direct read, rows as arrays: one record object built straight from the values
   * (fromArrayRows, the same record `fromRow` builds from a keyed row).
   */
  private prepareDirectById(read: DirectRead, entity: EntityDef): DirectById {
    const byId = this.byIdQuery(entity);
    const statement = read(byId.sql);
    const toRecord = fromArrayRows(entity, statement.columns);
    const positions = (stand: string) => byId.parameters.flatMap((p, i) => (p === stand ? [i] : []));
    const direct: DirectById = { statement, parameters: [...byId.parameters], wsAt: positions(BY_ID_WS), idAt: positions(BY_ID_ID), toRecord };
    this.directById.set(entity.plural, direct);
    return direct;
  }

  async getMany(ws: string, entity: EntityDef, ids: readonly string[], opts: { lock?: boolean } = {}) {
    const out: CrmRecord[] = [];
    const lock = opts.lock === true && this.dialect.name === 'postgres';
    for (const part of chunk(lock ? [...new Set(ids)].sort() : [...new Set(ids)], this.idsPerRead)) {
      const read = this.db.selectFrom(entity.plural).selectAll().where('workspace_id', '=', ws).where(this.oneOf('id', part));
      const rows = await (lock ? read.orderBy('id').forUpdate() : read).execute();
      out.push(...rows.map((r) => fromRow(entity, r)));
    }
    return out;
  }

  async fieldValues(ws: string, entity: EntityDef, ids: readonly string[], field: string) {
    const f = fieldOf(entity, field);
    if (!f) throw new Error(`${entity.name} has no field "${field}"`);
    const out = new Map<string, unknown>();
    for (const part of chunk([...new Set(ids)], this.idsPerRead)) {
      const rows = await this.db.selectFrom(entity.plural).select(['id', f.name]).where('workspace_id', '=', ws).where(this.oneOf('id', part)).execute();
      for (const r of rows as Record<string, unknown>[]) out.set(r.id as string, fieldFromColumn(f, r[f.name]));
    }
    return out;
  }

  async ids(ws: string, entity: EntityDef, filters: Filter[], limit: number) {
    const rows = await this.filters.filtered(ws, entity, filters).select(`${entity.plural}.id as id`).orderBy(`${entity.plural}.id`).limit(limit).execute();
    return rows.map((r) => r.id as string);
  }

  count(ws: string, entity: EntityDef, filters: Filter[] = []) {
    return this.lister.count(ws, entity, filters);
  }

  list(ws: string, entity: EntityDef, query: ListQuery): Promise<Page> {
    return this.lister.list(ws, entity, query);
  }

  textSearch(ws: string, entity: EntityDef, q: string, limit: number, filters: Filter[] = []) {
    return this.ranker.search(ws, entity, q, limit, filters);
  }

  aggregate(ws: string, entity: EntityDef, query: AggregateQuery): Promise<AggregateRow[]> {
    return aggregateRecords(this.filters, ws, entity, query);
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
    if (this.dialect.name === 'postgres') return this.upsertManyPostgres(ws, entity, records, compared);
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

  /**
   * PostgreSQL: the same upsert with the rows as one JSON parameter (`INSERT … SELECT … FROM
   * json_populate_recordset(NULL::table, $1)`) instead of a VALUES list of 30,000 parameters, which the server parses
   * and plans row by row (imports spent most of their time there); and inserted and updated rows told apart by
   * `xmax = 0` in RETURNING instead of a look-up first. JSON rather than one array a column: node-postgres escapes
   * array literals element by element in JavaScript (~0.4 s per 30,000 activities), JSON.stringify is native; the
   * server reads either in about the same time. The table's own row type gives each column its type.
   */
  private async upsertManyPostgres(ws: string, entity: EntityDef, records: CrmRecord[], compared: readonly string[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: [], updated: [] };
    const t = entity.plural;
    const cols = tableColumns(entity);
    const colList = sql.join(cols.map((c) => sql.ref(c)));
    const set = sql.join(['updated_at', ...compared].map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
    const changed = sql.join(compared.map((c) => sql`${sql.ref(`${t}.${c}`)} IS DISTINCT FROM excluded.${sql.ref(c)}`), sql` OR `);
    // In id order: most of a table's indexes end in the id after a column an import leaves equal or empty
    // (created_at, updated_at, completed_at, …), so sorted rows append at the right edge of those btrees instead of
    // landing on random pages (30,000 activities: 1.5 → 0.9 s of PostgreSQL CPU for this statement).
    const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const part of chunk(sorted, 5000)) {
      const rows = jsonRows(part.map((r) => toRow(ws, entity, r)));
      const { rows: written } = await sql<{ id: string; inserted: boolean }>`
        INSERT INTO ${sql.table(t)} (${colList})
        SELECT ${colList} FROM json_populate_recordset(NULL::${sql.table(t)}, ${rows}::json)
        ON CONFLICT (workspace_id, id) DO UPDATE SET ${set}
        WHERE ${compared.length > 0 ? changed : sql`false`}
        RETURNING id, (xmax = 0) AS inserted`.execute(this.db);
      for (const r of written) (r.inserted ? result.inserted : result.updated).push(r.id);
    }
    return result;
  }

  async existingIds(ws: string, entity: EntityDef, ids: readonly string[]) {
    const out = new Set<string>();
    for (const part of chunk([...new Set(ids)], 5000)) {
      const rows = await this.db.selectFrom(entity.plural).select('id').where('workspace_id', '=', ws).where(this.oneOf('id', part)).execute();
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
        .where(this.oneOf(keyColumn, part))
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
    await this.typedDb
      .updateTable('merged_records')
      .set({ survivor_id: survivorId })
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity.name)
      .where('survivor_id', 'in', [...ids])
      .execute();
    // A survivor that was once merged away and came back (an import of its id) is no longer a redirect.
    await this.typedDb.deleteFrom('merged_records').where('workspace_id', '=', ws).where('entity', '=', entity.name).where('id', '=', survivorId).execute();
    await this.typedDb
      .insertInto('merged_records')
      .values(ids.map((id) => ({ workspace_id: ws, entity: entity.name, id, survivor_id: survivorId, merged_at: at })))
      .onConflict((oc) => oc.columns(['workspace_id', 'entity', 'id']).doUpdateSet({ survivor_id: survivorId, merged_at: at }))
      .execute();
  }

  async mergedInto(ws: string, entity: EntityDef, id: string) {
    const row = await this.typedDb
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

  async raiseValues(ws: string, entity: EntityDef, field: string, values: ReadonlyMap<string, string>) {
    let n = 0;
    if (this.pg) {
      // One UPDATE … FROM unnest(ids, values) per 5,000 records instead of a CASE of thousands of parameters.
      const type = sql.raw(columnType(fieldOf(entity, field)!));
      for (const part of chunk([...values], 5000)) {
        const r = await sql`UPDATE ${sql.table(entity.plural)} AS t SET ${sql.ref(field)} = v.value
          FROM unnest(${part.map(([id]) => id)}::text[], ${part.map(([, v]) => v)}::${type}[]) AS v(id, value)
          WHERE t.workspace_id = ${ws} AND t.id = v.id AND (t.${sql.ref(field)} IS NULL OR t.${sql.ref(field)} < v.value)`.execute(this.db);
        n += Number(r.numAffectedRows ?? 0);
      }
      return n;
    }
    // CASE id WHEN … THEN … END: each record's own value, in one statement per chunk (4 parameters per record).
    for (const part of chunk([...values], Math.floor(MAX_PARAMS / 4))) {
      const wanted = sql<string>`CASE id ${sql.join(part.map(([id, v]) => sql`WHEN ${id} THEN ${v}`), sql` `)} END`;
      const r = await this.db
        .updateTable(entity.plural)
        .set({ [field]: wanted })
        .where('workspace_id', '=', ws)
        .where('id', 'in', part.map(([id]) => id))
        .where((eb) => eb.or([eb(field, 'is', null), eb(field, '<', wanted)]))
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
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

  /**
   * `column IN (…)` of text values. PostgreSQL: `column = ANY($1::text[])`, one parameter however many values — an
   * IN list of thousands of parameters is parsed and planned value by value (imports check and read thousands of
   * ids a batch).
   */
  private oneOf(column: string, values: readonly string[]) {
    return (eb: any) => (this.pg ? sql<boolean>`${sql.ref(column)} = ANY(${[...values]}::text[])` : eb(column, 'in', values));
  }
}

/** Whether a declared field is stored in a numeric column. */
function numeric(entity: EntityDef, field: string): boolean {
  const f = fieldOf(entity, field);
  return f !== undefined && f.type !== 'tags' && columnType(f) !== 'text';
}
