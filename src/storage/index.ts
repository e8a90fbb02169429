/**
 * Storage protocols. Services depend on these interfaces only; `openStorage` (connect.ts) picks the backend
 * (embedded SQLite by default, PostgreSQL when DATABASE_URL says so). No SQL lives outside this folder.
 */
// Roles, scopes and event kinds are declared in core; re-exported here for the code that reads them from storage.
export { ROLES, type Role, type TokenScope } from '../core/access.js';
export type { AccessEventKind, AccountEventKind, ChangeSource, OutcomeKind, RecordEventKind } from '../core/events.js';
// The repositories' interfaces, one file per area.
export type * from './interfaces/access.js';
export type * from './interfaces/history.js';
export type * from './interfaces/imports.js';
export type * from './interfaces/ingest.js';
export type * from './interfaces/learning.js';
export type * from './interfaces/memory.js';
export type * from './interfaces/records.js';
export type * from './interfaces/recommendations.js';
export type * from './interfaces/workspaces.js';
export type * from './interfaces/deal-strategy.js';
import type { SessionRepository, TokenRepository, UserRepository } from './interfaces/access.js';
import type { RecordEventRepository, SearchRepository, StageHistoryRepository } from './interfaces/history.js';
import type { ImportJobRepository, ImportStagingRepository } from './interfaces/imports.js';
import type { IngestRepository } from './interfaces/ingest.js';
import type { ExperimentRepository, ModelRepository, OutcomeRepository } from './interfaces/learning.js';
import type { JobQueueRepository, ShardRepository } from './interfaces/memory.js';
import type { RecordRepository } from './interfaces/records.js';
import type { RecommendationRepository } from './interfaces/recommendations.js';
import type { SettingsRepository, WorkspaceRepository } from './interfaces/workspaces.js';
import type { DealStrategyRepository } from './interfaces/deal-strategy.js';

export type DialectName = 'sqlite' | 'postgres';

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
  /** Ingested files, their originals and links (issue 20). */
  readonly ingest: IngestRepository;
  readonly recommendations: RecommendationRepository;
  /** Deal strategy: a deal's recommended actions and its history as of a moment (issue 19). */
  readonly dealStrategy: DealStrategyRepository;
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
  /** Migrations this code has that the database has not applied (readiness: a restored old backup, a skipped migrate). */
  pendingMigrations(): Promise<string[]>;
  health(): Promise<void>;
  /**
   * Refreshes the query planner's statistics. Call after bulk changes (imports): without them SQLite walks a
   * sort index instead of the selective one ("a contact's activities" goes from 0.1 ms to a full scan).
   * `tables` (PostgreSQL, from staleTables): only these; else every table of the schema.
   */
  optimize(tables?: readonly string[]): Promise<void>;
  /**
   * In a transaction, before it commits: the tables whose planner statistics are stale once it does (PostgreSQL:
   * rows changed since their last ANALYZE, this transaction's included, above autovacuum's default threshold of
   * 50 + 10 % of the table). Undefined where it cannot tell (SQLite): refresh every table.
   */
  staleTables(): Promise<string[] | undefined>;
  /**
   * After an erasure: makes deleted text unreadable in the database's files where the database can do it
   * cheaply. SQLite zeroes freed space as it goes (secure_delete, and FTS5's secure-delete); this copies the WAL
   * into the file and truncates it, so no older page image of the erased rows survives there. PostgreSQL: nothing
   * (dead row versions stay on disk until VACUUM reuses the space; see SECURITY.md).
   */
  scrubDeleted(): Promise<void>;
  close(): Promise<void>;
}
