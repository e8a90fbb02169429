/**
 * The one Storage implementation: a Kysely query layer over either dialect. This file composes the repositories
 * (one per file in repositories/) on one connection, and runs transactions and migrations.
 */
import { Migrator, sql } from 'kysely';
import { CrmError } from '../core/errors.js';
import { recordTables, type Db } from './database.js';
import type { SqlDialect } from './dialect.js';
import type {
  DealStrategyRepository,
  DialectName,
  ExperimentRepository,
  ImportJobRepository,
  ImportStagingRepository,
  IngestRepository,
  JobQueueRepository,
  ModelRepository,
  RecommendationRepository,
  OutcomeRepository,
  RecordEventRepository,
  RecordRepository,
  SearchRepository,
  SessionRepository,
  SettingsRepository,
  ShardRepository,
  StageHistoryRepository,
  Storage,
  TokenRepository,
  UserRepository,
  WorkspaceRepository,
} from './index.js';
import { migrationProvider } from './migrations/index.js';
import type { Atomically } from './repositories/atomically.js';
import { KyselyDealStrategyRepository } from './repositories/deal-strategy.repository.js';
import { KyselyExperimentRepository } from './repositories/experiments.repository.js';
import { KyselyImportJobRepository } from './repositories/import-jobs.repository.js';
import { KyselyImportStagingRepository } from './repositories/import-staging.repository.js';
import { KyselyJobQueueRepository } from './repositories/job-queue.repository.js';
import { KyselyModelRepository } from './repositories/models.repository.js';
import { KyselyOutcomeRepository } from './repositories/outcomes.repository.js';
import { KyselyRecommendationRepository } from './repositories/recommendations.repository.js';
import { KyselyRecordEventRepository } from './repositories/record-events.repository.js';
import { KyselyRecordRepository, type DirectRead } from './repositories/records.repository.js';
import { KyselySearchRepository } from './repositories/search.repository.js';
import { KyselyIngestRepository } from './repositories/ingest.repository.js';
import { KyselySessionRepository } from './repositories/sessions.repository.js';
import { KyselySettingsRepository } from './repositories/settings.repository.js';
import { KyselyShardRepository } from './repositories/shards.repository.js';
import { KyselyStageHistoryRepository } from './repositories/stage-history.repository.js';
import { KyselyTokenRepository } from './repositories/tokens.repository.js';
import { KyselyUserRepository } from './repositories/users.repository.js';
import { KyselyWorkspaceRepository } from './repositories/workspaces.repository.js';
import { isRetryableConflict, retryDelayMs, TRANSACTION_ATTEMPTS } from './retry.js';
import { schemaProblems } from './schema-check.js';

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
  readonly ingest: IngestRepository;
  readonly recommendations: RecommendationRepository;
  readonly dealStrategy: DealStrategyRepository;

  constructor(
    private readonly db: Db,
    private readonly sqlDialect: SqlDialect,
    private readonly inTransaction = false,
    private readonly onClose?: () => Promise<void>,
    /** PostgreSQL: the schema holding the CRM's tables (also where the migrator keeps its own). */
    private readonly pgSchema?: string,
    /** SQLite with a read-only connection: plain hot reads run on it directly (never given inside a transaction). */
    directRead?: DirectRead,
  ) {
    this.records = new KyselyRecordRepository(db, sqlDialect, inTransaction ? undefined : directRead);
    this.stageHistory = new KyselyStageHistoryRepository(db);
    this.events = new KyselyRecordEventRepository(db, sqlDialect.name);
    this.search = new KyselySearchRepository(db, sqlDialect.name);
    this.workspaces = new KyselyWorkspaceRepository(db);
    this.jobs = new KyselyJobQueueRepository(db, sqlDialect.name);
    const atomically: Atomically = (fn) => (inTransaction ? fn(db) : db.transaction().execute((trx) => fn(trx)));
    this.shards = new KyselyShardRepository(db, atomically);
    this.models = new KyselyModelRepository(db, atomically);
    this.outcomes = new KyselyOutcomeRepository(db);
    this.experiments = new KyselyExperimentRepository(db);
    this.settings = new KyselySettingsRepository(db, sqlDialect.name, atomically);
    this.users = new KyselyUserRepository(db);
    this.sessions = new KyselySessionRepository(db);
    this.tokens = new KyselyTokenRepository(db);
    this.importJobs = new KyselyImportJobRepository(db);
    this.importStaging = new KyselyImportStagingRepository(db, sqlDialect.name);
    this.ingest = new KyselyIngestRepository(db);
    this.recommendations = new KyselyRecommendationRepository(db);
    this.dealStrategy = new KyselyDealStrategyRepository(db);
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

  async lock(key: string) {
    if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(this.db);
  }

  private async runTransaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.db.transaction().execute((trx) => fn(new KyselyStorage(trx, this.sqlDialect, true)));
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
    const { error, results } = await this.migrator().migrateToLatest();
    if (error) throw new CrmError('unavailable', `database migration failed: ${error instanceof Error ? error.message : String(error)}`);
    const problems = await schemaProblems(recordTables(this.db), this.dialect);
    if (problems.length > 0) throw new CrmError('unavailable', `the database lacks what the object declarations say (add a migration): ${problems.join('; ')}`);
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async pendingMigrations() {
    return (await this.migrator().getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
  }

  private migrator() {
    return new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      migrationTableName: 'schema_migrations',
      migrationLockTableName: 'schema_migrations_lock',
      // Numbers are handed out to work landing in parallel: a database that already ran 0020 still gets 0019.
      allowUnorderedMigrations: true,
      // Named explicitly: otherwise Kysely's existence check finds the lock table of any other schema in the
      // database (another tenant, a test run) and then fails to lock its own.
      ...(this.pgSchema ? { migrationTableSchema: this.pgSchema } : {}),
    });
  }

  async health() {
    await sql`SELECT 1`.execute(this.db);
  }

  async scrubDeleted() {
    if (this.sqlDialect.name === 'sqlite' && !this.inTransaction) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
  }

  async staleTables() {
    if (this.sqlDialect.name !== 'postgres') return undefined;
    // pg_stat_xact_user_tables: this transaction's own changes (not yet in pg_stat_user_tables, which also lags a
    // backend's changes by up to seconds). reltuples is -1 for a table never analyzed: threshold 50.
    const { rows } = await sql<{ name: string }>`
      SELECT x.relname AS name FROM pg_stat_xact_user_tables x
      JOIN pg_class c ON c.oid = x.relid
      LEFT JOIN pg_stat_user_tables s ON s.relid = x.relid
      WHERE x.schemaname = current_schema()
        AND x.n_tup_ins + x.n_tup_upd + x.n_tup_del + coalesce(s.n_mod_since_analyze, 0) > 50 + 0.1 * greatest(c.reltuples, 0)
      ORDER BY 1`.execute(this.db);
    return rows.map((r) => r.name);
  }

  async optimize(tables?: readonly string[]) {
    // A full ANALYZE on purpose: SQLite's sampled one (analysis_limit) reads only the first index entries,
    // which are the NULLs of sparse reference columns, and then picks the wrong index. ~2 s at 1M rows.
    if (this.sqlDialect.name === 'postgres') {
      // The tables an import made stale only (staleTables): a file of activities need not re-read contacts and
      // deals, and 30,000 rows into a table of 1M leave its statistics as they were (ANALYZE ~0.7 s of CPU per file).
      if (tables) {
        if (tables.length > 0) await sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(this.db);
        return;
      }
      // Only this schema's tables: a bare ANALYZE reads every schema of the database (other tenants, test runs),
      // 8–12 s after each imported file on a shared database here.
      const { rows } = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(this.db);
      if (rows.length > 0) await sql`ANALYZE ${sql.join(rows.map((r) => sql.table(r.name)))}`.execute(this.db);
      return;
    }
    await sql`ANALYZE`.execute(this.db);
    // SQLite loads the statistics with the schema, and ANALYZE does not change the schema: the read-only connection
    // beside the writer would keep planning without them (reads 6× slower after a first import, until a restart). A
    // schema change makes every connection reload schema and statistics at its next statement.
    if (this.sqlDialect.name === 'sqlite' && !this.inTransaction) {
      await sql`CREATE TABLE IF NOT EXISTS planner_statistics_epoch (x INTEGER)`.execute(this.db);
      await sql`DROP TABLE planner_statistics_epoch`.execute(this.db);
    }
  }

  async close() {
    if (this.dialect === 'sqlite' && !this.inTransaction) await sql`PRAGMA optimize`.execute(this.db).catch(() => undefined);
    await this.db.destroy();
    await this.onClose?.();
  }
}
