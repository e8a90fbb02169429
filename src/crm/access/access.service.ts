/**
 * Users, sign-in, sessions, API tokens and memberships, with every change written to the audit log
 * (`record_events`, entity `user`/`token`). The HTTP layer (delivery/api/auth.ts) and the CLI call this; nothing
 * here knows about cookies or headers.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import { conflict, CrmError, notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Member, Membership, RecordEvent, Role, Storage, StoredSession, StoredToken, StoredUser, TokenScope } from '../../storage/index.js';
import { DEFAULT_SCRYPT_COST, generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword, type ScryptCost } from './passwords.js';
import { isRole, roleRank } from './roles.js';

export interface AccessOptions {
  scryptCost?: ScryptCost;
  /** A session ends after this long without a request … */
  sessionIdleMs?: number;
  /** … and at the latest this long after sign-in. */
  sessionMaxMs?: number;
}

/** Who is calling, once a session or token has been checked. */
export interface Caller {
  user: Omit<StoredUser, 'password_hash'>;
  /** 'session' for the web app's cookie; a token's scope otherwise. */
  via: 'session' | 'token' | 'off';
  scope: TokenScope | 'session';
  session?: StoredSession;
  token?: Omit<StoredToken, 'token_hash'>;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = () => randomBytes(32).toString('base64url');
const normalEmail = (email: string) => email.trim().toLowerCase();
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MINUTE = 60_000;
const LOCKOUT = { failures: 10, windowMs: 15 * MINUTE };
const withoutHash = ({ password_hash: _h, ...u }: StoredUser) => u;

export class AccessService {
  private readonly cost: ScryptCost;
  private readonly idleMs: number;
  private readonly maxMs: number;
  /** Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong password. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    opts: AccessOptions = {},
  ) {
    this.cost = opts.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.idleMs = opts.sessionIdleMs ?? 7 * 24 * 60 * MINUTE;
    this.maxMs = opts.sessionMaxMs ?? 30 * 24 * 60 * MINUTE;
  }

  private now() {
    return toTimestamp(this.clock.now());
  }

  private async audit(workspaces: readonly string[], event: Omit<RecordEvent, 'at'>) {
    const at = this.now();
    for (const ws of workspaces) await this.storage.events.append(ws, [{ ...event, at }]);
  }

  // ── users and memberships ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Adds a person to a workspace with a role: a new account (with the given password, or a generated one that
   * is returned once), or an existing account (by e-mail) joining another workspace.
   */
  async addUser(
    ws: string,
    input: { email: string; name?: string | null; role: Role; password?: string },
    by: { actor: string | null; role?: Role },
  ): Promise<{ user: Member; password?: string }> {
    const email = normalEmail(input.email);
    if (!EMAIL.test(email) || email.length > 320) throw validationError(`"${input.email}" is not an e-mail address`, [{ field: 'email', message: 'not an e-mail address' }]);
    if (!isRole(input.role)) throw validationError(`unknown role "${String(input.role)}"`, [{ field: 'role', message: 'owner, admin, member or read-only' }]);
    if (by.role && input.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can make someone an owner');
    if (!(await this.storage.workspaces.get(ws))) throw notFound('workspace', ws);
    const now = this.now();
    // A new account's password is checked and hashed before the transaction (scrypt takes a while).
    const existing = await this.storage.users.byEmail(email);
    let generated: string | undefined;
    let passwordHash: string | undefined;
    if (!existing) {
      const password = input.password ?? (generated = generatePassword());
      const problem = passwordProblem(password, email);
      if (problem) throw validationError(problem, [{ field: 'password', message: problem }]);
      passwordHash = await hashPassword(password, this.cost);
    }
    return this.storage.transaction(async (tx) => {
      let user = await tx.users.byEmail(email);
      if (user) {
        if (await tx.users.membership(ws, user.id)) throw conflict(`${email} is already a member of this workspace`, [{ field: 'email', message: 'already a member' }]);
        generated = undefined;
      } else {
        if (!passwordHash) throw conflict(`${email} was removed while being added; try again`);
        user = { id: newId('us'), email, name: input.name?.trim() || null, password_hash: passwordHash, created_at: now, password_changed_at: now, last_login_at: null };
        await tx.users.insert(user);
      }
      await tx.users.setMembership({ workspace_id: ws, user_id: user.id, role: input.role, created_at: now });
      await tx.events.append(ws, [{ entity: 'user', record_id: user.id, kind: 'user_added', at: now, actor: by.actor, data: { email, role: input.role } }]);
      return { user: { ...withoutHash(user), role: input.role }, ...(generated ? { password: generated } : {}) };
    });
  }

  async members(ws: string): Promise<Member[]> {
    return this.storage.users.members(ws);
  }

  async memberships(userId: string): Promise<Membership[]> {
    return this.storage.users.memberships(userId);
  }

  /** The caller's membership of a workspace; "not found" when they have none, so other tenants stay invisible. */
  async membershipOf(userId: string, ws: string): Promise<Membership> {
    const m = await this.storage.users.membership(ws, userId);
    if (!m) throw notFound('workspace', ws);
    return m;
  }

  async setRole(ws: string, userId: string, role: Role, by: { actor: string | null; role: Role }): Promise<Member> {
    if (!isRole(role)) throw validationError(`unknown role "${String(role)}"`, [{ field: 'role', message: 'owner, admin, member or read-only' }]);
    return this.storage.transaction(async (tx) => {
      const m = await tx.users.membership(ws, userId);
      if (!m) throw notFound('user', userId);
      if ((role === 'owner' || m.role === 'owner') && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can grant or take away the owner role');
      if (m.role === 'owner' && role !== 'owner' && (await tx.users.countWithRole(ws, 'owner')) <= 1) throw conflict('a workspace keeps at least one owner');
      await tx.users.setMembership({ ...m, role });
      await tx.events.append(ws, [{ entity: 'user', record_id: userId, kind: 'role_changed', at: this.now(), actor: by.actor, data: { from: m.role, to: role } }]);
      const member = (await tx.users.members(ws)).find((u) => u.id === userId);
      return member!;
    });
  }

  /** Takes a user out of a workspace: membership gone, their tokens there revoked. The account stays. */
  async removeUser(ws: string, userId: string, by: { actor: string | null; role: Role }): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const m = await tx.users.membership(ws, userId);
      if (!m) throw notFound('user', userId);
      if (m.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can remove an owner');
      if (m.role === 'owner' && (await tx.users.countWithRole(ws, 'owner')) <= 1) throw conflict('a workspace keeps at least one owner');
      await tx.users.removeMembership(ws, userId);
      await tx.tokens.revokeForUser(ws, userId, this.now());
      await tx.events.append(ws, [{ entity: 'user', record_id: userId, kind: 'user_removed', at: this.now(), actor: by.actor, data: { role: m.role } }]);
    });
  }

  async userByEmail(email: string): Promise<StoredUser | undefined> {
    return this.storage.users.byEmail(normalEmail(email));
  }

  // ── sign-in and sessions ───────────────────────────────────────────────────────────────────────────────────

  /** Checks the password; on success opens a session and returns its secret (for the cookie, never stored). */
  async login(emailInput: string, password: string, meta: { ip?: string } = {}): Promise<{ secret: string; caller: Caller; memberships: Membership[] }> {
    const email = normalEmail(emailInput);
    const user = email.length <= 320 ? await this.storage.users.byEmail(email) : undefined;
    const ok = user ? await verifyPassword(password, user.password_hash) : await verifyPassword(password, await (this.decoyHash ??= hashPassword(generatePassword(), this.cost)));
    const memberships = user ? await this.storage.users.memberships(user.id) : [];
    const workspaces = memberships.map((m) => m.workspace_id);
    if (user && workspaces.length > 0) await this.refuseIfLocked(user, workspaces, meta);
    if (!user || !ok || workspaces.length === 0) {
      if (user) {
        const now = this.now();
        await this.storage.users.recordFailedLogin(user.id, now, toTimestamp(new Date(Date.parse(now) - LOCKOUT.windowMs)));
        await this.audit(workspaces, { entity: 'user', record_id: user.id, kind: 'login_failed', actor: user.email, data: { ip: meta.ip ?? null } });
      }
      throw new CrmError('unauthorized', 'wrong e-mail or password');
    }
    const now = this.now();
    const s: StoredSession = { id_hash: '', user_id: user.id, csrf_token: secret(), created_at: now, last_seen_at: now, expires_at: this.expiry(now, now) };
    const cookieSecret = secret();
    s.id_hash = sha256(cookieSecret);
    const changes: Partial<StoredUser> = { last_login_at: now };
    // Hashed before the transaction: a quarter of a second of scrypt should not hold the database's write lock.
    if (needsRehash(user.password_hash, this.cost)) changes.password_hash = await hashPassword(password, this.cost);
    await this.storage.transaction(async (tx) => {
      await tx.sessions.insert(s);
      await tx.users.update(user.id, changes);
      await tx.users.clearFailedLogins(user.id);
    });
    await this.storage.sessions.deleteExpired(now);
    await this.audit(workspaces, { entity: 'user', record_id: user.id, kind: 'login', actor: user.email, data: { ip: meta.ip ?? null } });
    return { secret: cookieSecret, caller: { user: { ...withoutHash(user), last_login_at: now }, via: 'session', scope: 'session', session: s }, memberships };
  }

  /**
   * An account with LOCKOUT.failures failed sign-ins since its last success, the first of them within
   * LOCKOUT.windowMs, refuses even the right password until that window has passed: guessing from many
   * addresses gets around per-address limits. Refused attempts are audited but not counted.
   */
  private async refuseIfLocked(user: StoredUser, workspaces: readonly string[], meta: { ip?: string }) {
    const now = Date.parse(this.now());
    const run = await this.storage.users.failedLogins(user.id);
    if (!run || run.failures < LOCKOUT.failures) return;
    const until = Date.parse(run.first_at) + LOCKOUT.windowMs;
    if (until <= now) return;
    const minutes = Math.max(1, Math.ceil((until - now) / MINUTE));
    await this.audit(workspaces, { entity: 'user', record_id: user.id, kind: 'login_failed', actor: user.email, data: { ip: meta.ip ?? null, locked: true } });
    throw new CrmError('rate_limited', `too many failed sign-ins for this account; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
  }

  private expiry(createdAt: string, now: string): string {
    const idle = Date.parse(now) + this.idleMs;
    const max = Date.parse(createdAt) + this.maxMs;
    return toTimestamp(new Date(Math.min(idle, max)));
  }

  /** The caller behind a session cookie, or undefined when it is unknown or has run out. */
  async authenticateSession(cookieSecret: string): Promise<Caller | undefined> {
    const s = await this.storage.sessions.get(sha256(cookieSecret));
    const now = this.now();
    if (!s || s.expires_at <= now) return undefined;
    const user = await this.storage.users.get(s.user_id);
    if (!user) return undefined;
    // Sliding expiry, written at most once a minute.
    if (Date.parse(now) - Date.parse(s.last_seen_at) > MINUTE) {
      s.last_seen_at = now;
      s.expires_at = this.expiry(s.created_at, now);
      await this.storage.sessions.touch(s.id_hash, s.last_seen_at, s.expires_at);
    }
    return { user: withoutHash(user), via: 'session', scope: 'session', session: s };
  }

  async logout(caller: Caller): Promise<void> {
    if (!caller.session) return;
    await this.storage.sessions.delete(caller.session.id_hash);
    await this.auditUser(caller.user.id, { kind: 'logout', actor: caller.user.email, data: {} });
  }

  /** Changes the caller's password after checking the current one; every other session of theirs ends. */
  async changePassword(caller: Caller, current: string, next: string): Promise<void> {
    const user = await this.storage.users.get(caller.user.id);
    if (!user) throw new CrmError('unauthorized', 'not signed in');
    if (!(await verifyPassword(current, user.password_hash))) throw validationError('the current password is wrong', [{ field: 'current_password', message: 'wrong password' }]);
    await this.storePassword(user, next, 'new_password', caller.session?.id_hash, user.email);
  }

  /** Sets a password without the old one (CLI, for an operator with database access). */
  async setPassword(userId: string, password: string, keepSession?: string, actor?: string): Promise<void> {
    const user = await this.storage.users.get(userId);
    if (!user) throw notFound('user', userId);
    await this.storePassword(user, password, 'password', keepSession, actor ?? null);
  }

  private async storePassword(user: StoredUser, password: string, field: string, keepSession: string | undefined, actor: string | null) {
    const problem = passwordProblem(password, user.email);
    if (problem) throw validationError(problem, [{ field, message: problem }]);
    // Hashed before the transaction, as at sign-in: scrypt should not hold the write lock.
    const hash = await hashPassword(password, this.cost);
    await this.storage.transaction(async (tx) => {
      await tx.users.update(user.id, { password_hash: hash, password_changed_at: this.now() });
      await tx.sessions.deleteForUser(user.id, keepSession);
    });
    await this.auditUser(user.id, { kind: 'password_changed', actor, data: {} });
  }

  /** An access event about a user, in the audit log of every workspace they belong to. */
  private async auditUser(userId: string, event: Pick<RecordEvent, 'kind' | 'actor' | 'data'>) {
    const workspaces = (await this.storage.users.memberships(userId)).map((m) => m.workspace_id);
    await this.audit(workspaces, { entity: 'user', record_id: userId, ...event });
  }

  // ── API tokens ─────────────────────────────────────────────────────────────────────────────────────────────

  /** A new token for a member of a workspace; the secret is returned once and only its digest is kept. */
  async createToken(ws: string, userId: string, input: { name: string; scope: TokenScope }, actor: string | null): Promise<{ token: string; record: Omit<StoredToken, 'token_hash'> }> {
    const m = await this.membershipOf(userId, ws);
    if (input.scope !== 'read' && input.scope !== 'read-write') throw validationError(`unknown scope "${String(input.scope)}"`, [{ field: 'scope', message: 'read or read-write' }]);
    if (input.scope === 'read-write' && m.role === 'read-only') throw validationError('a read-only member can only have read tokens', [{ field: 'scope', message: 'read only' }]);
    const name = input.name.trim();
    if (!name || name.length > 200) throw validationError('a token needs a name of 1–200 characters', [{ field: 'name', message: '1–200 characters' }]);
    const token = `crm_${secret()}`;
    const record: StoredToken = {
      id: newId('tk'),
      workspace_id: ws,
      user_id: userId,
      name,
      scope: input.scope,
      prefix: token.slice(0, 10),
      token_hash: sha256(token),
      created_at: this.now(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.storage.transaction(async (tx) => {
      await tx.tokens.insert(record);
      await tx.events.append(ws, [{ entity: 'token', record_id: record.id, kind: 'token_created', at: record.created_at, actor, data: { name, scope: input.scope, user_id: userId } }]);
    });
    const { token_hash: _h, ...shown } = record;
    return { token, record: shown };
  }

  /** The caller behind a bearer token (and the workspace it is for), or undefined when it is unknown or revoked. */
  async authenticateToken(token: string): Promise<{ caller: Caller; workspace: string } | undefined> {
    if (!token.startsWith('crm_') || token.length > 200) return undefined;
    const t = await this.storage.tokens.byHash(sha256(token));
    if (!t || t.revoked_at) return undefined;
    const user = await this.storage.users.get(t.user_id);
    if (!user) return undefined;
    const now = this.now();
    if (!t.last_used_at || Date.parse(now) - Date.parse(t.last_used_at) > MINUTE) {
      t.last_used_at = now;
      await this.storage.tokens.touch(t.id, now);
    }
    const { token_hash: _h, ...shown } = t;
    return { caller: { user: withoutHash(user), via: 'token', scope: t.scope, token: shown }, workspace: t.workspace_id };
  }

  /** Tokens of a workspace: all of them for admins, else the caller's own. Each carries its owner's e-mail. */
  async listTokens(ws: string, userId?: string) {
    const [tokens, members] = await Promise.all([this.storage.tokens.list(ws, userId), this.storage.users.members(ws)]);
    const emails = new Map(members.map((m) => [m.id, m.email]));
    return tokens.map((t) => ({ ...t, user_email: emails.get(t.user_id) ?? null }));
  }

  /** Revokes a token; members may revoke only their own (others' are "not found" to them). */
  async revokeToken(ws: string, id: string, by: { userId: string; role: Role; actor: string | null }): Promise<void> {
    const t = await this.storage.tokens.get(ws, id);
    if (!t || (t.user_id !== by.userId && roleRank(by.role) < roleRank('admin'))) throw notFound('token', id);
    if (t.revoked_at) return;
    await this.storage.transaction(async (tx) => {
      await tx.tokens.revoke(ws, id, this.now());
      await tx.events.append(ws, [{ entity: 'token', record_id: id, kind: 'token_revoked', at: this.now(), actor: by.actor, data: { name: t.name, user_id: t.user_id } }]);
    });
  }

  // ── first run ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * On an installation without users: an owner of `ws` with the given e-mail and password (a generated password
   * when none is given, returned so the caller can print it once). Does nothing when users exist.
   */
  async ensureFirstOwner(ws: string, opts: { email?: string; password?: string } = {}): Promise<{ email: string; password?: string } | undefined> {
    if ((await this.storage.users.count()) > 0) return undefined;
    const email = opts.email ?? 'admin@localhost';
    try {
      const { user, password } = await this.addUser(ws, { email, name: 'Administrator', role: 'owner', password: opts.password }, { actor: null });
      return { email: user.email, ...(password ? { password } : {}) };
    } catch (e) {
      // Two servers starting together on one PostgreSQL: the other one made the owner first.
      if ((await this.storage.users.count()) > 0) return undefined;
      throw e;
    }
  }
}
