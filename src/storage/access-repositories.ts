/** Users, memberships, sessions and API tokens (migration 0007), the lockout's count (0008) on either dialect. */
import { sql, type Kysely } from 'kysely';
import type {
  FailedLogins,
  Member,
  Membership,
  Role,
  SessionRepository,
  StoredSession,
  StoredToken,
  StoredUser,
  TokenRepository,
  UserRepository,
} from './index.js';

type Db = Kysely<any>;

const MEMBER_COLUMNS = ['users.id', 'users.email', 'users.name', 'users.created_at', 'users.password_changed_at', 'users.last_login_at', 'memberships.role'] as const;

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  async get(id: string) {
    return (await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) as StoredUser | undefined;
  }

  async byEmail(email: string) {
    return (await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()) as StoredUser | undefined;
  }

  async insert(user: StoredUser) {
    await this.db.insertInto('users').values(user).execute();
  }

  async update(id: string, changes: Partial<Pick<StoredUser, 'name' | 'password_hash' | 'password_changed_at' | 'last_login_at'>>) {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  async count() {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async memberships(userId: string) {
    return (await this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('workspace_id').execute()) as Membership[];
  }

  async membership(ws: string, userId: string) {
    return (await this.db.selectFrom('memberships').selectAll().where('workspace_id', '=', ws).where('user_id', '=', userId).executeTakeFirst()) as
      | Membership
      | undefined;
  }

  async members(ws: string) {
    return (await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select([...MEMBER_COLUMNS])
      .where('memberships.workspace_id', '=', ws)
      .orderBy('users.email')
      .execute()) as Member[];
  }

  async setMembership(m: Membership) {
    await this.db
      .insertInto('memberships')
      .values(m)
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role: m.role }))
      .execute();
  }

  async removeMembership(ws: string, userId: string) {
    await this.db.deleteFrom('memberships').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
  }

  async failedLogins(userId: string) {
    const row = await this.db.selectFrom('login_failures').select(['failures', 'first_at']).where('user_id', '=', userId).executeTakeFirst();
    return row ? ({ failures: Number(row.failures), first_at: row.first_at } as FailedLogins) : undefined;
  }

  async recordFailedLogin(userId: string, at: string, runStart: string) {
    // One upsert, so simultaneous failures from many addresses all count.
    const stale = sql<boolean>`login_failures.first_at < ${runStart}`;
    await this.db
      .insertInto('login_failures')
      .values({ user_id: userId, failures: 1, first_at: at })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE login_failures.failures + 1 END`,
          first_at: sql`CASE WHEN ${stale} THEN ${at} ELSE login_failures.first_at END`,
        }),
      )
      .execute();
  }

  async clearFailedLogins(userId: string) {
    await this.db.deleteFrom('login_failures').where('user_id', '=', userId).execute();
  }

  async countWithRole(ws: string, role: Role) {
    const row = await this.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .where('role', '=', role)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(s: StoredSession) {
    await this.db.insertInto('sessions').values(s).execute();
  }

  async get(idHash: string) {
    return (await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()) as StoredSession | undefined;
  }

  async touch(idHash: string, lastSeenAt: string, expiresAt: string) {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string) {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteForUser(userId: string, keepIdHash?: string) {
    let qb = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepIdHash) qb = qb.where('id_hash', '!=', keepIdHash);
    const res = await qb.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async deleteExpired(now: string) {
    const res = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

const TOKEN_COLUMNS = ['id', 'workspace_id', 'user_id', 'name', 'scope', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

export class KyselyTokenRepository implements TokenRepository {
  constructor(private readonly db: Db) {}

  async insert(t: StoredToken) {
    await this.db.insertInto('api_tokens').values(t).execute();
  }

  async byHash(hash: string) {
    return (await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst()) as StoredToken | undefined;
  }

  async get(ws: string, id: string) {
    return (await this.db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst()) as
      | StoredToken
      | undefined;
  }

  async list(ws: string, userId?: string) {
    let qb = this.db.selectFrom('api_tokens').select([...TOKEN_COLUMNS]).where('workspace_id', '=', ws);
    if (userId) qb = qb.where('user_id', '=', userId);
    return (await qb.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()) as Omit<StoredToken, 'token_hash'>[];
  }

  async revoke(ws: string, id: string, at: string) {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('workspace_id', '=', ws).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async revokeForUser(ws: string, userId: string, at: string) {
    const res = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('workspace_id', '=', ws)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async touch(id: string, at: string) {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
