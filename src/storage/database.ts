/**
 * The database as Kysely sees it. The system tables are typed, column by column, from the stored shapes the
 * repositories' interfaces declare (index.ts), so a query naming a column that does not exist, or writing a value
 * of the wrong type, fails to compile. `test/storage/schema-drift.test.ts` checks these types against the tables
 * the migrations create, on both databases.
 *
 * The declared objects' tables (companies, contacts …) are not in this type: their names and columns come from
 * the declarations at run time (EntityDef.plural, field and key names), so their queries are built from strings
 * on `RecordTablesDb`. Typing them would need the declarations as `const` literal types, and the migrations, not
 * TypeScript, are what keeps those tables in step with the declarations (schema-check.ts).
 */
import type { Generated, Kysely } from 'kysely';
import type { EntityName } from '../core/entities.js';
import type { AccountEvent, Invitation } from './index.js';
import type { StagedRow, StoredImportJob } from './index.js';
import type { IngestLink, StoredIngestFile, StoredIngestReview } from './index.js';
import type {
  ClaimedJob,
  FailedLogins,
  MemoryShard,
  Membership,
  OutcomeEvent,
  RecordEvent,
  StageChange,
  StoredExperiment,
  StoredModel,
  StoredRecommendation,
  StoredDealRecommendation,
  StoredSession,
  StoredToken,
  StoredUser,
  Workspace,
} from './index.js';

/** Rows whose `seq` the database numbers (serial on PostgreSQL, autoincrement on SQLite). */
type Sequenced<T> = T & { seq: Generated<number> };
/** JSON documents are stored as text. */
type Json<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };

export interface Database {
  workspaces: Workspace;
  stage_history: Sequenced<StageChange & { workspace_id: string }>;
  record_events: Sequenced<Json<RecordEvent, 'data'> & { workspace_id: string }>;
  /** Plus `rowid` (SQLite, the full-text index's key) or the generated `tsv` (PostgreSQL), never written. */
  search_documents: { workspace_id: string; entity: EntityName; record_id: string; body: string };
  job_queue: Omit<ClaimedJob, 'attempts'> & {
    attempts: Generated<number>;
    available_at: string;
    locked_by: string | null;
    locked_until: string | null;
    last_error: string | null;
    /** A batched job's record ids (JSON array; PostgreSQL only, migration 0024): expanded by a claim. */
    record_ids: string | null;
  };
  memory_shards: Omit<MemoryShard, 'vector'> & { vector: Uint8Array | null; dims: number };
  memory_projections: { workspace_id: string; model: string; fitted_at: string; sample_size: number; data: string };
  /** Named counters (memory_shards' seq), incremented under the row's lock. */
  counters: { name: string; value: number };
  /** `active` is 0 or 1. */
  models: Omit<StoredModel, 'active'> & { active: number };
  outcomes: Sequenced<Json<OutcomeEvent, 'detail' | 'context'> & { workspace_id: string }>;
  experiments: StoredExperiment & { workspace_id: string };
  /** `value` is JSON. */
  workspace_settings: { workspace_id: string; key: string; value: string; updated_at: string };
  users: StoredUser;
  memberships: Membership;
  sessions: StoredSession;
  api_tokens: StoredToken;
  login_failures: FailedLogins & { user_id: string };
  account_events: Sequenced<Omit<Json<AccountEvent, 'data'>, 'seq'>>;
  login_throttle: { user_id: string; address: string; failures: number; last_at: string };
  invitations: Invitation & { code_hash: string };
  import_jobs: StoredImportJob;
  import_staging: StagedRow & { stage_id: string; staged_at: string };
  /** Where a merged record's id leads (migration 0014). */
  /** Next-best-action recommendations (migration 0017). */
  recommendations: Sequenced<Omit<StoredRecommendation, 'seq'> & { workspace_id: string }>;
  /** Deal strategy recommendations (migration 0020). */
  deal_recommendations: Sequenced<Omit<StoredDealRecommendation, 'seq'> & { workspace_id: string }>;
  /** Ingestion (migration 0018). */
  ingest_originals: { workspace_id: string; sha256: string; size: number; content: Uint8Array; created_at: string };
  ingest_files: StoredIngestFile;
  ingest_messages: { workspace_id: string; message_id: string; file_id: string };
  ingest_links: IngestLink & { workspace_id: string };
  /** Ingestion's review inbox (migration 0021). */
  ingest_reviews: StoredIngestReview;
  merged_records: { workspace_id: string; entity: EntityName; id: string; survivor_id: string; merged_at: string };
}

export type Db = Kysely<Database>;

/**
 * The same connection for queries on the declared objects' tables, whose names and columns are strings known at
 * run time (see above): the one loosely typed handle, used by the record repository and its query compiler only.
 */
export type RecordTablesDb = Kysely<any>;

export const recordTables = (db: Db): RecordTablesDb => db as unknown as RecordTablesDb;
