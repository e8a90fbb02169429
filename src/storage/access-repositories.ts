/**
 * Users, memberships, sessions and API tokens (migration 0007), the per-account failure count (0008), and the
 * account's own security history, the per-address sign-in throttle and invitations (0009), on either dialect.
 */
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

// ── account security (0009) ──
// Declared here and merged into the storage interfaces of index.ts, which other work is changing at the same
// time; they can move there as they are.

/** What happens to an account, in its own history (not any workspace's audit log). */
export type AccountEventKind =
  | 'login'
  | 'login_failed'
  | 'login_throttled'
  | 'failures_burst'
  | 'logout'
  | 'password_changed'
  | 'signed_out_everywhere'
  | 'invitation_accepted'
  | 'invitation_declined';

export interface AccountEvent {
  seq: number;
  user_id: string;
  kind: AccountEventKind;
  at: string;
  /** The workspace a sign-in was made into (null: none chosen, or not a sign-in). */
  workspace_id: string | null;
  /** `ip` for sign-ins and attempts; `failures` for a burst. */
  data: Record<string, unknown>;
}

export interface AccountHistoryRepository {
  append(e: Omit<AccountEvent, 'seq'>): Promise<void>;
  /** Newest first. */
  list(userId: string, q: { limit: number; beforeSeq?: number; kinds?: readonly AccountEventKind[] }): Promise<AccountEvent[]>;
  /** Events of a kind with `after < at <= upTo`. */
  count(userId: string, kind: AccountEventKind, after: string, upTo?: string): Promise<number>;
  /** When the newest event of a kind strictly before `before` happened. */
  lastAt(userId: string, kind: AccountEventKind, before: string): Promise<string | undefined>;
}

export interface ThrottleState {
  failures: number;
  last_at: string;
}

export interface LoginThrottleRepository {
  get(userId: string, address: string): Promise<ThrottleState | undefined>;
  /** Counts a failure of the pair in one statement; returns the pair's count. */
  recordFailure(userId: string, address: string, at: string): Promise<number>;
  clear(userId: string, address: string): Promise<void>;
  /** The newest failure of the account from any address. */
  latestFailure(userId: string): Promise<string | undefined>;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked';

export interface Invitation {
  id: string;
  workspace_id: string;
  email: string;
  name: string | null;
  role: Role;
  status: InvitationStatus;
  created_at: string;
  created_by: string | null;
  expires_at: string;
  decided_at: string | null;
}

export interface InvitationRepository {
  insert(i: Invitation & { code_hash: string }): Promise<void>;
  get(id: string): Promise<Invitation | undefined>;
  byCodeHash(hash: string): Promise<Invitation | undefined>;
  /** Pending and unexpired, newest first. */
  pendingForWorkspace(ws: string, now: string): Promise<Invitation[]>;
  pendingForEmail(email: string, now: string): Promise<Invitation[]>;
  /** Moves a pending invitation on; false when it was no longer pending (someone else decided first). */
  decide(id: string, status: Exclude<InvitationStatus, 'pending'>, at: string): Promise<boolean>;
}

/** A member as a workspace's admins see them: nothing about the account's life elsewhere. */
export interface WorkspaceMember {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** When they joined this workspace. */
  joined_at: string;
  /** Their newest sign-in into this workspace. */
  last_login_at: string | null;
}

declare module './index.js' {
  interface UserRepository {
    readonly history: AccountHistoryRepository;
    readonly throttle: LoginThrottleRepository;
    readonly invitations: InvitationRepository;
    workspaceMembers(ws: string): Promise<WorkspaceMember[]>;
  }
  interface TokenRepository {
    /** Revokes every live token of the user in every workspace; returns what it revoked. */
    revokeAllOfUser(userId: string, at: string): Promise<Pick<StoredToken, 'id' | 'workspace_id' | 'name'>[]>;
  }
}

export class KyselyAccountHistoryRepository implements AccountHistoryRepository {
  constructor(private readonly db: Db) {}

  async append(e: Omit<AccountEvent, 'seq'>) {
    await this.db.insertInto('account_events').values({ ...e, data: JSON.stringify(e.data) }).execute();
  }

  async list(userId: string, q: { limit: number; beforeSeq?: number; kinds?: readonly AccountEventKind[] }) {
    let qb = this.db.selectFrom('account_events').selectAll().where('user_id', '=', userId);
    if (q.beforeSeq !== undefined) qb = qb.where('seq', '<', q.beforeSeq);
    if (q.kinds?.length) qb = qb.where('kind', 'in', [...q.kinds]);
    const rows = await qb.orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data as string) }) as AccountEvent);
  }

  async count(userId: string, kind: AccountEventKind, after: string, upTo?: string) {
    let qb = this.db.selectFrom('account_events').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('kind', '=', kind).where('at', '>', after);
    if (upTo) qb = qb.where('at', '<=', upTo);
    return Number((await qb.executeTakeFirstOrThrow()).n);
  }

  async lastAt(userId: string, kind: AccountEventKind, before: string) {
    const row = await this.db
      .selectFrom('account_events')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('at', '<', before)
      .executeTakeFirst();
    return (row?.at as string | null) ?? undefined;
  }
}

export class KyselyLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  async get(userId: string, address: string) {
    const row = await this.db.selectFrom('login_throttle').select(['failures', 'last_at']).where('user_id', '=', userId).where('address', '=', address).executeTakeFirst();
    return row ? { failures: Number(row.failures), last_at: row.last_at as string } : undefined;
  }

  async recordFailure(userId: string, address: string, at: string) {
    // One upsert, so simultaneous failures all count.
    await this.db
      .insertInto('login_throttle')
      .values({ user_id: userId, address, failures: 1, last_at: at })
      .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ failures: sql`login_throttle.failures + 1`, last_at: at }))
      .execute();
    return (await this.get(userId, address))?.failures ?? 1;
  }

  async clear(userId: string, address: string) {
    await this.db.deleteFrom('login_throttle').where('user_id', '=', userId).where('address', '=', address).execute();
  }

  async latestFailure(userId: string) {
    const row = await this.db.selectFrom('login_throttle').select((eb) => eb.fn.max('last_at').as('at')).where('user_id', '=', userId).executeTakeFirst();
    return (row?.at as string | null) ?? undefined;
  }
}

const INVITATION_COLUMNS = ['id', 'workspace_id', 'email', 'name', 'role', 'status', 'created_at', 'created_by', 'expires_at', 'decided_at'] as const;

export class KyselyInvitationRepository implements InvitationRepository {
  constructor(private readonly db: Db) {}

  async insert(i: Invitation & { code_hash: string }) {
    await this.db.insertInto('invitations').values(i).execute();
  }

  async get(id: string) {
    return (await this.db.selectFrom('invitations').select([...INVITATION_COLUMNS]).where('id', '=', id).executeTakeFirst()) as Invitation | undefined;
  }

  async byCodeHash(hash: string) {
    return (await this.db.selectFrom('invitations').select([...INVITATION_COLUMNS]).where('code_hash', '=', hash).executeTakeFirst()) as Invitation | undefined;
  }

  async pendingForWorkspace(ws: string, now: string) {
    return (await this.db
      .selectFrom('invitations')
      .select([...INVITATION_COLUMNS])
      .where('workspace_id', '=', ws)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute()) as Invitation[];
  }

  async pendingForEmail(email: string, now: string) {
    return (await this.db
      .selectFrom('invitations')
      .select([...INVITATION_COLUMNS])
      .where('email', '=', email)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute()) as Invitation[];
  }

  async decide(id: string, status: Exclude<InvitationStatus, 'pending'>, at: string) {
    const res = await this.db.updateTable('invitations').set({ status, decided_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}

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
    const lastLogin = this.db
      .selectFrom('account_events')
      .select((eb) => eb.fn.max('account_events.at').as('at'))
      .whereRef('account_events.user_id', '=', 'users.id')
      .where('account_events.workspace_id', '=', ws)
      .where('account_events.kind', '=', 'login');
    return (await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at as joined_at'])
      .select(lastLogin.as('last_login_at'))
      .where('memberships.workspace_id', '=', ws)
      .orderBy('users.email')
      .execute()) as WorkspaceMember[];
  }

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

  async revokeAllOfUser(userId: string, at: string) {
    return (await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'workspace_id', 'name'])
      .execute()) as Pick<StoredToken, 'id' | 'workspace_id' | 'name'>[];
  }

  async touch(id: string, at: string) {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
