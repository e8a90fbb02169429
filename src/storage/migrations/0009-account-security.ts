import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * What belongs to an account rather than to a workspace, and invitations to join one:
 * - `account_events`: the account's own security history (sign-ins with the address and the workspace signed
 *   into, failed attempts, bursts of them, sign-outs, password changes). A workspace's audit log keeps only the
 *   sign-ins made into it; until now every sign-in (and failure) went to every workspace the person belonged to,
 *   so one tenant's admins read where and when a member signed in to work elsewhere. Those entries move here.
 * - `login_throttle`: failed sign-ins per (account, client address) since that pair's last success, for
 *   exponential backoff; replaces 0008's per-account lockout, which let one address lock anyone out.
 * - `invitations`: adding an e-mail to a workspace is an invitation the person accepts (the code's SHA-256 only).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('account_events')
    .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_events_user_idx').on('account_events').columns(['user_id', 'kind', 'at']).execute();
  await db.schema.createIndex('account_events_workspace_idx').on('account_events').columns(['workspace_id', 'user_id', 'kind']).execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['user_id', 'address'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_email_idx').on('invitations').columns(['email', 'status']).execute();
  await db.schema.createIndex('invitations_workspace_idx').on('invitations').columns(['workspace_id', 'status']).execute();

  // Sign-ins, failures, sign-outs and password changes were copied into every workspace of the account: keep one
  // copy each in the account's history (which workspace a sign-in was for was not recorded) and take them out of
  // the workspaces' audit logs.
  await sql`INSERT INTO account_events (user_id, kind, at, workspace_id, data)
    SELECT record_id, kind, at, NULL, MIN(data) FROM record_events
    WHERE entity = 'user' AND kind IN ('login', 'login_failed', 'logout', 'password_changed')
    GROUP BY record_id, kind, at ORDER BY MIN(seq)`.execute(db);
  await sql`DELETE FROM record_events WHERE entity = 'user' AND kind IN ('login', 'login_failed', 'logout', 'password_changed')`.execute(db);
}
