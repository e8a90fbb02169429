import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * The account lockout's count: failed sign-ins of an account since its last success, as one row per account
 * (a run of failures and when it began). Counting them in the audit log instead let a stream of refused attempts
 * push the failures out of the newest entries it read, and wore the lock away.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .execute();
}
