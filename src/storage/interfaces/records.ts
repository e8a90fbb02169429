/** What services ask of the declared objects' records: filters, lists, aggregates, bulk writes, keys and merges. */
import type { CrmRecord, EntityDef } from '../../core/entities.js';

/** `has` / `lacks`: a tags list holds / does not hold the value (no tags at all lacks every tag). */
export type FilterOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'contains' | 'empty' | 'has' | 'lacks' | 'related' | 'any';

export interface Filter {
  field: string;
  op: FilterOp;
  /**
   * `in`/`nin` take arrays; `empty` takes a boolean; `has` (tags) takes a string; `related` takes a
   * RelatedFilter (on a reference field); `any` takes Filter[][] (field ignored).
   */
  value: unknown;
}

/**
 * A condition on the record a reference field points to ("contacts whose company is in Fintech"), run as a
 * sub-query in the same statement. `negate` keeps records whose referenced record does not match, or that
 * have none ("contacts not in the US").
 */
export interface RelatedFilter {
  filters: Filter[];
  negate?: boolean;
}

/** `any`: the record matches when every filter of at least one group matches ("CTOs or VPs"). */
export type AnyFilter = Filter[][];

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListQuery {
  filters?: Filter[];
  sort?: SortSpec;
  /** Full-text query; results are ranked by relevance unless `sort` is given. */
  q?: string;
  limit: number;
  cursor?: string;
  withTotal?: boolean;
  /**
   * With `withTotal`: count the matches only up to this many. Past it `total` is the cap and `totalCapped` is
   * true — a count of 54,841 full-text matches read them all (1.4 s at 1M activities), a capped one stops early.
   * Unset: every match is counted.
   */
  totalCap?: number;
}

export interface Page {
  records: CrmRecord[];
  nextCursor: string | null;
  total?: number;
  /** True when there are more matches than `total` (the count stopped at `ListQuery.totalCap`). */
  totalCapped?: boolean;
}

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface AggregateQuery {
  fn: AggregateFn;
  /** Numeric or date field for sum/avg/min/max. */
  field?: string;
  groupBy?: string;
  filters?: Filter[];
}

export interface AggregateRow {
  group: unknown;
  value: number | string | null;
  count: number;
}

export interface UpsertResult {
  inserted: string[];
  updated: string[];
}

export interface RecordRepository {
  /**
   * One record. `lock`: inside a transaction, hold the row until it ends (PostgreSQL `FOR UPDATE`; SQLite already
   * serialises writers), so a read-modify-write cannot lose a concurrent writer's change.
   */
  get(ws: string, entity: EntityDef, id: string, opts?: { lock?: boolean }): Promise<CrmRecord | undefined>;
  /**
   * The same read without waiting, where the backend can do it synchronously (SQLite outside a transaction: the
   * committed state `get` reads there); absent elsewhere. `undefined` also when there is no such record.
   */
  getNow?(ws: string, entity: EntityDef, id: string): CrmRecord | undefined;
  /** Several records; `lock` holds their rows as `get` does (taken in id order, so two lockers cannot deadlock). */
  getMany(ws: string, entity: EntityDef, ids: readonly string[], opts?: { lock?: boolean }): Promise<CrmRecord[]>;
  /**
   * One declared field of several records, by id, as `get` would give it; no other column is read (a ranker that
   * needs 400 contacts' titles, not their notes). Ids not found are absent. An undeclared field is an error.
   */
  fieldValues(ws: string, entity: EntityDef, ids: readonly string[], field: string): Promise<Map<string, unknown>>;
  list(ws: string, entity: EntityDef, query: ListQuery): Promise<Page>;
  count(ws: string, entity: EntityDef, filters?: Filter[]): Promise<number>;
  /** Ids of the matching records in id order (narrowing sets for ranking; no record bodies are read). */
  ids(ws: string, entity: EntityDef, filters: Filter[], limit: number): Promise<string[]>;
  /** Full-text relevance of records matching any of the words of `q`, best first (rank: lower is better). */
  textSearch(ws: string, entity: EntityDef, q: string, limit: number, filters?: Filter[]): Promise<{ id: string; rank: number }[]>;
  /** count/sum/avg/min/max over the filtered records, optionally grouped by one field. */
  aggregate(ws: string, entity: EntityDef, query: AggregateQuery): Promise<AggregateRow[]>;
  insert(ws: string, entity: EntityDef, record: CrmRecord): Promise<void>;
  update(ws: string, entity: EntityDef, id: string, changes: Record<string, unknown>): Promise<void>;
  delete(ws: string, entity: EntityDef, ids: readonly string[]): Promise<number>;
  /**
   * Inserts new records and updates existing ones (by id) whose values in `columns` differ.
   * Unchanged rows are left untouched, so repeating an import changes nothing.
   */
  upsertMany(ws: string, entity: EntityDef, records: CrmRecord[], columns: readonly string[]): Promise<UpsertResult>;
  existingIds(ws: string, entity: EntityDef, ids: readonly string[]): Promise<Set<string>>;
  /** Records whose normalised key column equals `value`. */
  findByKey(ws: string, entity: EntityDef, keyColumn: string, value: string, limit?: number): Promise<CrmRecord[]>;
  /** Ids of the records holding each of these key values. */
  idsByKeys(ws: string, entity: EntityDef, keyColumn: string, values: readonly string[]): Promise<Map<string, string[]>>;
  /**
   * Records whose key column contains the whole word `word` (duplicate candidates by name; a secondary e-mail,
   * phone or domain in a `many` key column).
   */
  findByKeyWord(ws: string, entity: EntityDef, keyColumn: string, word: string, limit?: number): Promise<CrmRecord[]>;
  /** Remembers that `ids` were merged into `survivorId` (and records merged into them earlier now lead there too). */
  markMerged(ws: string, entity: EntityDef, ids: readonly string[], survivorId: string, at: string): Promise<void>;
  /** The record a merged record's id now leads to, if it was merged. */
  mergedInto(ws: string, entity: EntityDef, id: string): Promise<string | undefined>;
  /** id, key columns and the given extra fields of every record, for whole-workspace duplicate scans. */
  keySnapshot(ws: string, entity: EntityDef, extraFields: readonly string[]): AsyncIterable<Record<string, unknown>>;
  /** Points `field` of every record referencing one of `fromIds` at `toId` (null clears it). Returns rows changed. */
  reassignRefs(ws: string, entity: EntityDef, field: string, fromIds: readonly string[], toId: string | null, now: string): Promise<number>;
  /**
   * Moves `field` of each record in `values` (id → value) up to its value where the stored one is empty or lower
   * (text order: timestamps), in one statement per batch. Returns how many records moved. Leaves updated_at alone.
   */
  raiseValues(ws: string, entity: EntityDef, field: string, values: ReadonlyMap<string, string>): Promise<number>;
  /** Whether any record has a non-empty value in `field`. */
  hasAnyValue(ws: string, entity: EntityDef, field: string): Promise<boolean>;
  /** Names of the custom fields used by any record. */
  customFieldNames(ws: string, entity: EntityDef): Promise<string[]>;
  /** All records in id order, streamed in batches. */
  scan(ws: string, entity: EntityDef, batchSize?: number): AsyncIterable<CrmRecord[]>;
}
