/** Users (global, by e-mail), their memberships of workspaces and their failed sign-ins (migrations 0007–0009). */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { AccountHistoryRepository, InvitationRepository, LoginThrottleRepository } from '../index.js';
import type { Membership, Role, StoredUser, UserRepository } from '../index.js';
import { KyselyAccountHistoryRepository } from './account-history.repository.js';
import { KyselyInvitationRepository } from './invitations.repository.js';
import { KyselyLoginThrottleRepository } from './login-throttle.repository.js';

const MEMBER_COLUMNS = ['users.id', 'users.email', 'users.name', 'users.created_at', 'users.password_changed_at', 'users.last_login_at', 'memberships.role'] as const;

export class KyselyUserRepository implements UserRepository {
  readonly history: AccountHistoryRepository;
  readonly throttle: LoginThrottleRepository;
  readonly invitations: InvitationRepository;

  constructor(private readonly db: Db) {
    this.history = new KyselyAccountHistoryRepository(db);
    this.throttle = new KyselyLoginThrottleRepository(db);
    this.invitations = new KyselyInvitationRepository(db);
  }

  async workspaceMembers(ws: string) {
    return await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at as joined_at'])
      .select((eb) =>
        eb
          .selectFrom('account_events')
          .select((sub) => sub.fn.max('account_events.at').as('at'))
          .whereRef('account_events.user_id', '=', 'users.id')
          .where('account_events.workspace_id', '=', ws)
          .where('account_events.kind', '=', 'login')
          .as('last_login_at'),
      )
      .where('memberships.workspace_id', '=', ws)
      .orderBy('users.email')
      .execute();
  }

  async get(id: string) {
    return await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byEmail(email: string) {
    return await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
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
    return await this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('workspace_id').execute();
  }

  async membership(ws: string, userId: string) {
    return await this.db.selectFrom('memberships').selectAll().where('workspace_id', '=', ws).where('user_id', '=', userId).executeTakeFirst();
  }

  async members(ws: string) {
    return await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select([...MEMBER_COLUMNS])
      .where('memberships.workspace_id', '=', ws)
      .orderBy('users.email')
      .execute();
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
    return row ? { failures: Number(row.failures), first_at: row.first_at } : undefined;
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
