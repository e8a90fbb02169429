/**
 * Storage protocols. Services depend on these interfaces only; `createStorage` picks the backend
 * (embedded SQLite by default, PostgreSQL when DATABASE_URL says so). No SQL lives outside this folder.
 */
import type { CrmRecord, EntityDef, EntityName } from '../core/entities.js';
import type { TokenScope, Role } from '../core/access.js';
import type { AccessEventKind, AuditEntity, ChangeSource, OutcomeKind, RecordEventKind } from '../core/events.js';
// Roles, scopes and event kinds are declared in core; re-exported here for the code that reads them from storage.
export { ROLES, type Role, type TokenScope } from '../core/access.js';
export type { AccessEventKind, ChangeSource, OutcomeKind, RecordEventKind } from '../core/events.js';

export type FilterOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'contains' | 'empty' | 'has' | 'related' | 'any';

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
}

export interface Page {
  records: CrmRecord[];
  nextCursor: string | null;
  total?: number;
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
  getMany(ws: string, entity: EntityDef, ids: readonly string[]): Promise<CrmRecord[]>;
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

export interface StageChange {
  deal_id: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
  source: ChangeSource;
  actor: string | null;
}

export interface StageHistoryRepository {
  append(ws: string, changes: readonly StageChange[]): Promise<void>;
  forDeals(ws: string, dealIds: readonly string[]): Promise<(StageChange & { seq: number })[]>;
  /** Every stage change of the workspace, oldest first (learners read this). */
  all(ws: string): AsyncIterable<(StageChange & { seq: number })[]>;
}

/**
 * One entry of the audit log: a record change (entity: a CRM object), an access event (entity: user, token or
 * invitation), an import (entity: import; one per file, with its counts — imported rows carry no per-row "created"
 * entry) or a workspace setting changed (entity: setting).
 */
export interface RecordEvent {
  entity: AuditEntity;
  record_id: string;
  kind: RecordEventKind | AccessEventKind;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  entity?: string;
  recordId?: string;
  kind?: string;
  /** Entries with a seq below this (the previous page's next_before). */
  beforeSeq?: number;
  limit: number;
}

export interface RecordEventRepository {
  append(ws: string, events: readonly RecordEvent[]): Promise<void>;
  /** Events of the given records, newest first. */
  forRecords(ws: string, entity: EntityName, ids: readonly string[], limit: number, before?: string): Promise<(RecordEvent & { seq: number })[]>;
  reassign(ws: string, entity: EntityName, fromIds: readonly string[], toId: string): Promise<void>;
  /** The workspace's audit log, newest first. */
  audit(ws: string, query: AuditQuery): Promise<(RecordEvent & { seq: number })[]>;
  /** Replaces the data of these records' events (which hold the values they changed) by `data` (GDPR erasure). */
  redact(ws: string, entity: EntityName, ids: readonly string[], data: Record<string, unknown>): Promise<number>;
}

export interface SearchRepository {
  /** Replaces the full-text documents of these records. */
  index(ws: string, entity: EntityName, docs: readonly { id: string; body: string }[]): Promise<void>;
  remove(ws: string, entity: EntityName, ids: readonly string[]): Promise<void>;
}

export interface JobRef {
  workspace_id: string;
  entity: EntityName;
  record_id: string;
}

export interface ClaimedJob extends JobRef {
  queue: string;
  enqueued_at: string;
  attempts: number;
}

export interface QueueStats {
  /** Can be claimed now. */
  ready: number;
  /** Claimed by a worker whose lease has not run out. */
  leased: number;
  /** Scheduled for later (retries after a failure). */
  waiting: number;
  /** Whose last attempt failed (some of ready or waiting). */
  failing: number;
}

/** A durable queue of per-record work (embedding, scoring …); duplicates of a pending job coalesce. */
export interface JobQueueRepository {
  enqueue(queue: string, jobs: readonly JobRef[], now: string): Promise<void>;
  /** Leases up to `limit` ready jobs to `worker` until `leaseUntil`; concurrent claimers never get the same job. */
  claim(queue: string, worker: string, limit: number, now: string, leaseUntil: string): Promise<ClaimedJob[]>;
  /** Removes finished jobs, unless the record changed again since they were claimed (then they stay queued). */
  complete(jobs: readonly ClaimedJob[]): Promise<void>;
  /** Releases a job for a later retry, keeping the error. */
  fail(job: ClaimedJob, error: string, retryAt: string): Promise<void>;
  stats(queue: string, now: string): Promise<QueueStats>;
}

/** One record's text and vector in semantic memory, for one embedding model. */
export interface MemoryShard {
  workspace_id: string;
  entity: EntityName;
  record_id: string;
  model: string;
  model_version: string;
  content_hash: string;
  text: string;
  /** Null for a tombstone (the record was deleted). */
  vector: Float32Array | null;
  updated_at: string;
  seq: number;
}

export interface ShardRepository {
  /** content_hash of the live shards of these records (absent: never embedded, or deleted). */
  hashes(ws: string, model: string, entity: EntityName, ids: readonly string[]): Promise<Map<string, string>>;
  /** Writes shards (insert or replace); each gets a new seq, larger than every seq committed before it. */
  upsert(shards: readonly Omit<MemoryShard, 'seq'>[]): Promise<void>;
  /** Marks shards of deleted records (vector NULL) so other processes drop them from their indexes. */
  tombstone(ws: string, model: string, entity: EntityName, ids: readonly string[], now: string): Promise<void>;
  /** Tombstones these records' shards under every model, dropping their text now (GDPR erasure). Returns shards hit. */
  forget(ws: string, entity: EntityName, ids: readonly string[], now: string): Promise<number>;
  get(ws: string, model: string, entity: EntityName, ids: readonly string[]): Promise<MemoryShard[]>;
  /** Shards of a model written after `afterSeq`, in seq order, across workspaces (index loading and polling). */
  changesSince(model: string, afterSeq: number, limit: number): Promise<MemoryShard[]>;
  count(ws: string, model: string, entity: EntityName): Promise<number>;
  saveProjection(ws: string, model: string, data: string, sampleSize: number, now: string): Promise<void>;
  loadProjection(ws: string, model: string): Promise<{ data: string; sample_size: number; fitted_at: string } | undefined>;
}

export interface Workspace {
  id: string;
  name: string;
  created_at: string;
}

export interface WorkspaceRepository {
  get(id: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
  ensure(ws: Workspace): Promise<void>;
}

export interface StoredModel {
  workspace_id: string;
  strategy: string;
  version: number;
  trained_at: string;
  active: boolean;
  /** The fitted model, JSON. */
  data: string;
  /** Its evaluation when trained, JSON. */
  metrics: string;
}

export interface ModelRepository {
  /** Stores a new version (one above the highest so far) as the active one; returns the version. */
  save(ws: string, strategy: string, data: string, metrics: string, trainedAt: string): Promise<number>;
  /** The newest active version of a strategy. */
  current(ws: string, strategy: string): Promise<StoredModel | undefined>;
  /** The same without the model data (which can be large): for checking a cache or reading metrics. */
  currentInfo(ws: string, strategy: string): Promise<Omit<StoredModel, 'data'> | undefined>;
  /** Every version, newest first, without the model data. */
  list(ws: string): Promise<Omit<StoredModel, 'data'>[]>;
  /** Retires the current version so the previous active one scores again; returns the version now current. */
  rollback(ws: string, strategy: string): Promise<number | undefined>;
}

/** One entry of the reflection buffer (see migration 0005). */
export interface OutcomeEvent {
  kind: OutcomeKind;
  entity: EntityName;
  record_id: string;
  at: string;
  source: StageChange['source'];
  actor: string | null;
  /** What happened: from/to stage or status, amount. */
  detail: Record<string, unknown>;
  /** The features as they were just before it happened and the score given then; null when not known (imports). */
  context: Record<string, unknown> | null;
}

export interface OutcomeRepository {
  append(ws: string, events: readonly OutcomeEvent[]): Promise<void>;
  /** Entries after `afterSeq`, oldest first. */
  since(ws: string, afterSeq: number, limit: number): Promise<(OutcomeEvent & { seq: number })[]>;
  /** How many entries came after `afterSeq`, and the newest seq (0 for an empty log). */
  countSince(ws: string, afterSeq: number): Promise<{ count: number; lastSeq: number }>;
  /** Every entry about one record, oldest first. */
  forRecord(ws: string, entity: EntityName, id: string): Promise<(OutcomeEvent & { seq: number })[]>;
  /** Removes every entry about these records (GDPR erasure: the log is append-only otherwise). */
  deleteForRecords(ws: string, entity: EntityName, ids: readonly string[]): Promise<number>;
}

/** An experiment comparing scoring strategies on one target (see intelligence/learning/experiments.ts). */
export interface StoredExperiment {
  id: string;
  name: string;
  target: string;
  /** JSON: [{strategy, share}] */
  variants: string;
  status: 'running' | 'stopped';
  started_at: string;
  stopped_at: string | null;
}

export interface ExperimentRepository {
  create(ws: string, e: StoredExperiment): Promise<void>;
  get(ws: string, id: string): Promise<StoredExperiment | undefined>;
  list(ws: string): Promise<StoredExperiment[]>;
  stop(ws: string, id: string, at: string): Promise<void>;
}

/** Small per-workspace settings and feature flags, as JSON values. */
export interface SettingsRepository {
  get(ws: string, key: string): Promise<unknown>;
  set(ws: string, key: string, value: unknown, now: string): Promise<void>;
  /**
   * Read-modify-write of one setting, atomic against concurrent writers (the row is locked on PostgreSQL): `change`
   * gets the current value (undefined when unset) and returns the next value and a result. Throwing writes nothing.
   */
  update<T>(ws: string, key: string, change: (current: unknown) => { value: unknown; result: T }, now: string): Promise<T>;
  delete(ws: string, key: string): Promise<void>;
}

export interface StoredUser {
  id: string;
  /** Lower-cased; unique across the installation (a person signs in once and may belong to several workspaces). */
  email: string;
  name: string | null;
  /** `scrypt$N$r$p$salt$hash` (see crm/passwords.ts). */
  password_hash: string;
  created_at: string;
  password_changed_at: string;
  last_login_at: string | null;
}

export interface Membership {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

export type Member = Omit<StoredUser, 'password_hash'> & { role: Role };

export interface UserRepository {
  get(id: string): Promise<StoredUser | undefined>;
  byEmail(email: string): Promise<StoredUser | undefined>;
  insert(user: StoredUser): Promise<void>;
  update(id: string, changes: Partial<Pick<StoredUser, 'name' | 'password_hash' | 'password_changed_at' | 'last_login_at'>>): Promise<void>;
  count(): Promise<number>;
  /** The user's workspaces, in the order they joined them. */
  memberships(userId: string): Promise<Membership[]>;
  membership(ws: string, userId: string): Promise<Membership | undefined>;
  members(ws: string): Promise<Member[]>;
  /** Adds the user to the workspace or changes their role there. */
  setMembership(m: Membership): Promise<void>;
  removeMembership(ws: string, userId: string): Promise<void>;
  countWithRole(ws: string, role: Role): Promise<number>;
  /** The account's run of failed sign-ins since its last success, if any. */
  failedLogins(userId: string): Promise<FailedLogins | undefined>;
  /** Counts a failed sign-in in one statement; a run whose first failure is before `runStart` starts again at 1. */
  recordFailedLogin(userId: string, at: string, runStart: string): Promise<void>;
  clearFailedLogins(userId: string): Promise<void>;
}

export interface FailedLogins {
  failures: number;
  /** When the run's first failure was. */
  first_at: string;
}

export interface StoredSession {
  /** SHA-256 of the cookie's secret. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface SessionRepository {
  insert(s: StoredSession): Promise<void>;
  get(idHash: string): Promise<StoredSession | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends a user's sessions (password change), keeping `keepIdHash`. */
  deleteForUser(userId: string, keepIdHash?: string): Promise<number>;
  deleteExpired(now: string): Promise<number>;
}

export interface StoredToken {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  scope: TokenScope;
  /** The first characters of the token, to recognise it in a list. */
  prefix: string;
  /** SHA-256 of the whole token. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TokenRepository {
  insert(t: StoredToken): Promise<void>;
  byHash(hash: string): Promise<StoredToken | undefined>;
  get(ws: string, id: string): Promise<StoredToken | undefined>;
  /** Tokens of the workspace (of one user when given), newest first, without their hashes. */
  list(ws: string, userId?: string): Promise<Omit<StoredToken, 'token_hash'>[]>;
  revoke(ws: string, id: string, at: string): Promise<void>;
  /** Revokes every live token of a user in a workspace (they left it). */
  revokeForUser(ws: string, userId: string, at: string): Promise<number>;
  touch(id: string, at: string): Promise<void>;
}

export type DialectName = 'sqlite' | 'postgres';

import type { ImportJobRepository, ImportStagingRepository } from './import-repositories.js';
export type { ImportJobRepository, ImportJobStatus, ImportStagingRepository, StagedRow, StoredImportJob } from './import-repositories.js';

export interface Storage {
  readonly dialect: DialectName;
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
  /**
   * Runs `fn` atomically; nested calls join the outer transaction. A transaction refused because of concurrent
   * writers (SQLite busy, PostgreSQL serialization failure or deadlock) is retried whole a few times, so `fn` must
   * have no effects outside the database (change-feed listeners run inside it and are retried with it).
   */
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T>;
  /**
   * Holds the lock named `key` until the current transaction ends, so writers that check and then insert (imports
   * creating the companies their rows name) take turns. SQLite: nothing to do (a write transaction holds the file).
   */
  lock(key: string): Promise<void>;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  health(): Promise<void>;
  /**
   * Refreshes the query planner's statistics. Call after bulk changes (imports): without them SQLite walks a
   * sort index instead of the selective one ("a contact's activities" goes from 0.1 ms to a full scan).
   */
  optimize(): Promise<void>;
  /**
   * After an erasure: makes deleted text unreadable in the database's files where the database can do it
   * cheaply. SQLite zeroes freed space as it goes (secure_delete, and FTS5's secure-delete); this copies the WAL
   * into the file and truncates it, so no older page image of the erased rows survives there. PostgreSQL: nothing
   * (dead row versions stay on disk until VACUUM reuses the space; see SECURITY.md).
   */
  scrubDeleted(): Promise<void>;
  close(): Promise<void>;
}
