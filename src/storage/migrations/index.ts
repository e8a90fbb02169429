import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../index.js';
import * as core from './0001-core.js';
import * as jobQueue from './0002-job-queue.js';
import * as memoryShards from './0003-memory-shards.js';
import * as models from './0004-models.js';
import * as outcomes from './0005-outcomes.js';
import * as experiments from './0006-experiments.js';
import * as auth from './0007-auth.js';
import * as loginFailures from './0008-login-failures.js';
import * as accountSecurity from './0009-account-security.js';
import * as importJobs from './0010-import-jobs.js';
import * as ftsSecureDelete from './0011-fts-secure-delete.js';
import * as followUp from './0012-follow-up.js';
import * as dealLostReason from './0013-deal-lost-reason.js';
import * as secondaryValues from './0014-secondary-values.js';
import * as searchWords from './0015-search-words.js';
import * as closedAtBackfill from './0016-closed-at-backfill.js';
import * as recommendations from './0017-recommendations.js';
import * as ingest from './0018-ingest.js';
import * as scaleIndexes from './0019-scale-indexes.js';
import * as dealStrategy from './0020-deal-strategy.js';
import * as ingestReview from './0021-ingest-review.js';
import * as searchIndexes from './0023-search-indexes.js';
import * as jobBatches from './0024-job-batches.js';

/**
 * Versioned migrations, applied in name order on start. Add new ones at the end; never edit an applied one, and
 * never build one from the live declarations (core/entities.ts): each names the columns it adds, as 0001 does.
 */
const MIGRATIONS: Record<string, { up(db: Kysely<any>, dialect: DialectName): Promise<void> }> = {
  '0001-core': core,
  '0002-job-queue': jobQueue,
  '0003-memory-shards': memoryShards,
  '0004-models': models,
  '0005-outcomes': outcomes,
  '0006-experiments': experiments,
  '0007-auth': auth,
  '0008-login-failures': loginFailures,
  '0009-account-security': accountSecurity,
  '0010-import-jobs': importJobs,
  '0011-fts-secure-delete': ftsSecureDelete,
  '0012-follow-up': followUp,
  '0013-deal-lost-reason': dealLostReason,
  '0014-secondary-values': secondaryValues,
  '0015-search-words': searchWords,
  '0016-closed-at-backfill': closedAtBackfill,
  '0017-recommendations': recommendations,
  '0018-ingest': ingest,
  '0019-scale-indexes': scaleIndexes,
  '0020-deal-strategy': dealStrategy,
  '0021-ingest-review': ingestReview,
  '0023-search-indexes': searchIndexes,
  '0024-job-batches': jobBatches,
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}
