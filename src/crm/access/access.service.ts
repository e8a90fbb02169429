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
import type {
  AccountEvent,
  AccountEventKind,
  Invitation,
  Member,
  Membership,
  Role,
  Storage,
  StoredSession,
  StoredToken,
  StoredUser,
  TokenScope,
  WorkspaceMember,
} from '../../storage/index.js';
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
/**
 * Failed sign-ins are throttled per (account, client address): the first FREE failures from an address cost
 * nothing, then each further attempt from it waits 2^(n − FREE) seconds after the last, up to MAX_WAIT. Another
 * address is not slowed by them, so an attacker cannot lock the owner out. Over the whole account, once CEILING
 * failures fall in one WINDOW (many addresses), attempts are spaced SPACING apart: slowed, never refused outright.
 * BURST failures in a WINDOW are written to the account's history, and the person is told at their next sign-in.
 */
export const THROTTLE = { free: 5, maxWaitMs: 15 * MINUTE, windowMs: 15 * MINUTE, ceiling: 50, spacingMs: 2000, burst: 10 };
export const INVITATION_TTL_MS = 7 * 24 * 60 * MINUTE;
const withoutHash = ({ password_hash: _h, ...u }: StoredUser) => u;
/** Names a session in its sign-in's history entry without storing anything that opens it (a digest of its digest). */
const sessionMark = (idHash: string) => sha256(`session:${idHash}`).slice(0, 16);

/** A refusal that tells the client when to come back (the route sets Retry-After). */
export class ThrottledError extends CrmError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}


/** Shown to the person after signing in: failed attempts on their account since their previous sign-in. */
export interface SignInNotice {
  failed_sign_ins: number;
  since: string;
}

/** A pending invitation as the invited person sees it. */
export interface InvitationForMe {
  id: string;
  workspace: { id: string; name: string };
  role: Role;
  invited_by: string | null;
  expires_at: string;
}

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

  // ── users and memberships ──────────────────────────────────────────────────────────────────────────────────

  /** The checks of adding or inviting someone: a real e-mail (returned normalised), a role, who may grant owner, the workspace. */
  private async checkNewMember(ws: string, input: { email: string; role: Role }, by: { role?: Role }): Promise<string> {
    const email = normalEmail(input.email);
    if (!EMAIL.test(email) || email.length > 320) throw validationError(`"${input.email}" is not an e-mail address`, [{ field: 'email', message: 'not an e-mail address' }]);
    if (!isRole(input.role)) throw validationError(`unknown role "${String(input.role)}"`, [{ field: 'role', message: 'owner, admin, member or read-only' }]);
    if (by.role && input.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can make someone an owner');
    if (!(await this.storage.workspaces.get(ws))) throw notFound('workspace', ws);
    return email;
  }

  /**
   * Adds a person to a workspace with a role directly, without an invitation: a new account (with the given
   * password, or a generated one that is returned once), or an existing account (by e-mail). For the operator
   * (first owner, `crm workspace create`, tests); admins invite instead (`invite`), which reveals nothing about
   * whether the e-mail has an account.
   */
  async addUser(
    ws: string,
    input: { email: string; name?: string | null; role: Role; password?: string },
    by: { actor: string | null; role?: Role },
  ): Promise<{ user: Member; password?: string }> {
    const email = await this.checkNewMember(ws, input, by);
    const now = this.now();
    // A new account's password is checked and hashed before the transaction (scrypt takes a while).
    const existing = await this.storage.users.byEmail(email);
    let generated: string | undefined;
    let passwordHash: string | undefined;
    if (!existing) {
      const password = input.password ?? (generated = generatePassword());
      const problem = passwordProblem(password, { email, name: input.name });
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

  /** The workspace's members as its admins see them: joined when, last signed in here when; nothing of elsewhere. */
  async members(ws: string): Promise<WorkspaceMember[]> {
    return this.storage.users.workspaceMembers(ws);
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

  async setRole(ws: string, userId: string, role: Role, by: { actor: string | null; role: Role }): Promise<WorkspaceMember> {
    if (!isRole(role)) throw validationError(`unknown role "${String(role)}"`, [{ field: 'role', message: 'owner, admin, member or read-only' }]);
    return this.storage.transaction(async (tx) => {
      const m = await tx.users.membership(ws, userId);
      if (!m) throw notFound('user', userId);
      if ((role === 'owner' || m.role === 'owner') && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can grant or take away the owner role');
      if (m.role === 'owner' && role !== 'owner' && (await tx.users.countWithRole(ws, 'owner')) <= 1) throw conflict('a workspace keeps at least one owner');
      await tx.users.setMembership({ ...m, role });
      await tx.events.append(ws, [{ entity: 'user', record_id: userId, kind: 'role_changed', at: this.now(), actor: by.actor, data: { from: m.role, to: role } }]);
      const member = (await tx.users.workspaceMembers(ws)).find((u) => u.id === userId);
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

  async userById(id: string): Promise<StoredUser | undefined> {
    return this.storage.users.get(id);
  }

  // ── sign-in and sessions ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Checks the password; on success opens a session and returns its secret (for the cookie, never stored).
   * `workspace`: the one the sign-in is for (a membership; else the first the person joined). The sign-in is
   * recorded in the account's own history and in that workspace's audit log only.
   */
  async login(
    emailInput: string,
    password: string,
    meta: { ip?: string; workspace?: string } = {},
  ): Promise<{ secret: string; caller: Caller; memberships: Membership[]; workspace: Membership; notice: SignInNotice | null }> {
    const email = normalEmail(emailInput);
    const user = email.length <= 320 ? await this.storage.users.byEmail(email) : undefined;
    const address = meta.ip ?? 'unknown';
    // Unknown e-mails are throttled like accounts, so a 429 does not tell which e-mails have one.
    const subject = user?.id ?? `unknown:${sha256(email)}`;
    await this.refuseIfThrottled(subject, address);
    const ok = user ? await verifyPassword(password, user.password_hash) : await verifyPassword(password, await (this.decoyHash ??= hashPassword(generatePassword(), this.cost)));
    const memberships = user ? await this.storage.users.memberships(user.id) : [];
    if (!user || !ok || memberships.length === 0) {
      await this.countFailure(subject, address, user);
      throw new CrmError('unauthorized', 'wrong e-mail or password');
    }
    const workspace = memberships.find((m) => m.workspace_id === meta.workspace) ?? memberships[0]!;
    return { ...(await this.openSession(user, password, workspace, address)), memberships, workspace };
  }

  /** A session for a person whose password was just checked, recorded as a sign-in into `workspace`. */
  private async openSession(user: StoredUser, password: string, workspace: Membership, address: string) {
    const now = this.now();
    const s: StoredSession = { id_hash: '', user_id: user.id, csrf_token: secret(), created_at: now, last_seen_at: now, expires_at: this.expiry(now, now) };
    const cookieSecret = secret();
    s.id_hash = sha256(cookieSecret);
    const changes: Partial<StoredUser> = { last_login_at: now };
    // Hashed before the transaction: a quarter of a second of scrypt should not hold the database's write lock.
    if (needsRehash(user.password_hash, this.cost)) changes.password_hash = await hashPassword(password, this.cost);
    const notice = await this.failuresSincePreviousSignIn(user);
    await this.storage.transaction(async (tx) => {
      await tx.sessions.insert(s);
      await tx.users.update(user.id, changes);
      await tx.users.throttle.clear(user.id, address);
      // The notice is kept with the sign-in, so the session can show it again after a reload.
      const data = { ip: address, session: sessionMark(s.id_hash), ...(notice ? { notice } : {}) };
      await tx.users.history.append({ user_id: user.id, kind: 'login', at: now, workspace_id: workspace.workspace_id, data });
      await tx.events.append(workspace.workspace_id, [{ entity: 'user', record_id: user.id, kind: 'login', at: now, actor: user.email, data: { ip: address } }]);
    });
    await this.storage.sessions.deleteExpired(now);
    const caller: Caller = { user: { ...withoutHash(user), last_login_at: now }, via: 'session', scope: 'session', session: s };
    return { secret: cookieSecret, caller, notice };
  }

  /** Failed attempts on the account since its previous sign-in (in the order they were written), or null. */
  private async failuresSincePreviousSignIn(user: StoredUser): Promise<SignInNotice | null> {
    const recent = await this.storage.users.history.list(user.id, { limit: 1000, kinds: ['login', 'login_failed'] });
    const previous = recent.findIndex((e) => e.kind === 'login');
    const failed = (previous < 0 ? recent : recent.slice(0, previous)).length;
    return failed > 0 ? { failed_sign_ins: failed, since: previous < 0 ? user.created_at : recent[previous]!.at } : null;
  }

  /** What the caller's session was told at sign-in about failed attempts on the account; null when nothing. */
  async signInNotice(caller: Caller): Promise<SignInNotice | null> {
    if (!caller.session) return null;
    const mark = sessionMark(caller.session.id_hash);
    const logins = await this.storage.users.history.list(caller.user.id, { limit: 50, kinds: ['login'] });
    return (logins.find((e) => e.data.session === mark)?.data.notice as SignInNotice | undefined) ?? null;
  }

  /**
   * Refuses, with when to retry, an attempt from an address that has failed too often for this account lately
   * (exponential backoff per pair), or one that comes too soon after the account's last failure while many
   * addresses are failing at once. The password is not even checked; nothing is counted.
   */
  private async refuseIfThrottled(subject: string, address: string) {
    const now = Date.parse(this.now());
    const pair = await this.storage.users.throttle.get(subject, address);
    if (pair && pair.failures >= THROTTLE.free) {
      const wait = Math.min(THROTTLE.maxWaitMs, 1000 * 2 ** (pair.failures - THROTTLE.free));
      const until = Date.parse(pair.last_at) + wait;
      if (until > now) throw this.throttled(until - now);
    }
    const run = await this.storage.users.failedLogins(subject);
    if (run && run.failures >= THROTTLE.ceiling && Date.parse(run.first_at) + THROTTLE.windowMs > now) {
      const last = await this.storage.users.throttle.latestFailure(subject);
      const until = last ? Date.parse(last) + THROTTLE.spacingMs : 0;
      if (until > now) throw this.throttled(until - now);
    }
  }

  private throttled(ms: number) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    const wait = seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
    return new ThrottledError(`too many failed sign-ins for this account from your address; try again in ${wait}`, seconds);
  }

  /** Counts a failure for the (account, address) pair and the account; a burst is written to the account's history. */
  private async countFailure(subject: string, address: string, user: StoredUser | undefined) {
    const now = this.now();
    await this.storage.users.throttle.recordFailure(subject, address, now);
    await this.storage.users.recordFailedLogin(subject, now, toTimestamp(new Date(Date.parse(now) - THROTTLE.windowMs)));
    if (!user) return;
    // Failures belong to the account: no workspace's audit log shows attempts against a person's account.
    await this.storage.users.history.append({ user_id: user.id, kind: 'login_failed', at: now, workspace_id: null, data: { ip: address } });
    const run = await this.storage.users.failedLogins(user.id);
    if (run?.failures === THROTTLE.burst) {
      await this.storage.users.history.append({ user_id: user.id, kind: 'failures_burst', at: now, workspace_id: null, data: { failures: run.failures, since: run.first_at } });
    }
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
    await this.history(caller.user.id, 'logout', {});
  }

  /** Ends every session of the caller (this one too) and revokes every API token of theirs in every workspace. */
  async signOutEverywhere(caller: Caller): Promise<{ sessions: number; tokens: number }> {
    const now = this.now();
    const result = await this.storage.transaction(async (tx) => {
      const sessions = await tx.sessions.deleteForUser(caller.user.id);
      const tokens = await this.revokeAllTokens(tx, caller.user.id, caller.user.email, now);
      return { sessions, tokens };
    });
    await this.history(caller.user.id, 'signed_out_everywhere', result);
    return result;
  }

  private async revokeAllTokens(tx: Storage, userId: string, actor: string | null, now: string): Promise<number> {
    const revoked = await tx.tokens.revokeAllOfUser(userId, now);
    for (const t of revoked) {
      await tx.events.append(t.workspace_id, [{ entity: 'token', record_id: t.id, kind: 'token_revoked', at: now, actor, data: { name: t.name, user_id: userId } }]);
    }
    return revoked.length;
  }

  /**
   * Changes the caller's password after checking the current one; every other session of theirs ends, and with
   * `revokeTokens` every API token of theirs is revoked too.
   */
  async changePassword(caller: Caller, current: string, next: string, opts: { revokeTokens?: boolean } = {}): Promise<{ tokens_revoked: number }> {
    const user = await this.storage.users.get(caller.user.id);
    if (!user) throw new CrmError('unauthorized', 'not signed in');
    if (!(await verifyPassword(current, user.password_hash))) throw validationError('the current password is wrong', [{ field: 'current_password', message: 'wrong password' }]);
    return this.storePassword(user, next, 'new_password', caller.session?.id_hash, user.email, opts.revokeTokens ?? false);
  }

  /** Sets a password without the old one (CLI, for an operator with database access). */
  async setPassword(userId: string, password: string, keepSession?: string, actor?: string, opts: { revokeTokens?: boolean } = {}): Promise<{ tokens_revoked: number }> {
    const user = await this.storage.users.get(userId);
    if (!user) throw notFound('user', userId);
    return this.storePassword(user, password, 'password', keepSession, actor ?? null, opts.revokeTokens ?? false);
  }

  private async storePassword(user: StoredUser, password: string, field: string, keepSession: string | undefined, actor: string | null, revokeTokens: boolean) {
    const problem = passwordProblem(password, { email: user.email, name: user.name });
    if (problem) throw validationError(problem, [{ field, message: problem }]);
    if (await verifyPassword(password, user.password_hash)) {
      const same = 'the new password must differ from the current one';
      throw validationError(same, [{ field, message: same }]);
    }
    // Hashed before the transaction, as at sign-in: scrypt should not hold the write lock.
    const hash = await hashPassword(password, this.cost);
    const now = this.now();
    const tokensRevoked = await this.storage.transaction(async (tx) => {
      await tx.users.update(user.id, { password_hash: hash, password_changed_at: now });
      await tx.sessions.deleteForUser(user.id, keepSession);
      return revokeTokens ? this.revokeAllTokens(tx, user.id, actor, now) : 0;
    });
    await this.history(user.id, 'password_changed', { by: actor, tokens_revoked: tokensRevoked });
    return { tokens_revoked: tokensRevoked };
  }

  /** An event in the account's own security history (not in any workspace's audit log). */
  private async history(userId: string, kind: AccountEventKind, data: Record<string, unknown>, workspace: string | null = null) {
    await this.storage.users.history.append({ user_id: userId, kind, at: this.now(), workspace_id: workspace, data });
  }

  /** The caller's own security history, newest first, with the names of the workspaces signed into. */
  async securityHistory(userId: string, q: { limit: number; beforeSeq?: number }): Promise<(Omit<AccountEvent, 'data' | 'user_id'> & { ip: string | null; workspace_name: string | null; detail: Record<string, unknown> })[]> {
    const events = await this.storage.users.history.list(userId, q);
    const names = new Map<string, string>();
    for (const id of new Set(events.map((e) => e.workspace_id).filter((w): w is string => !!w))) {
      // Only workspaces the person belongs to are named; one left since keeps its id.
      if (await this.storage.users.membership(id, userId)) names.set(id, (await this.storage.workspaces.get(id))?.name ?? id);
    }
    return events.map(({ data, user_id: _u, ...e }) => {
      const { ip, session: _s, ...detail } = data as { ip?: string; session?: string };
      return { ...e, ip: ip ?? null, workspace_name: e.workspace_id ? (names.get(e.workspace_id) ?? null) : null, detail };
    });
  }

  // ── invitations ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Invites an e-mail into a workspace with a role. The answer is the same whether or not the e-mail has an
   * account: no membership is made until the person accepts (signed in, or with the code, which also lets
   * someone without an account choose a password). A pending invitation to the same e-mail is replaced.
   */
  async invite(ws: string, input: { email: string; name?: string | null; role: Role }, by: { actor: string | null; role?: Role }): Promise<{ invitation: Invitation; code: string }> {
    const email = await this.checkNewMember(ws, input, by);
    const now = this.now();
    const code = `inv_${secret()}`;
    const invitation: Invitation = {
      id: newId('iv'),
      workspace_id: ws,
      email,
      name: input.name?.trim() || null,
      role: input.role,
      status: 'pending',
      created_at: now,
      created_by: by.actor,
      expires_at: toTimestamp(new Date(Date.parse(now) + INVITATION_TTL_MS)),
      decided_at: null,
    };
    await this.storage.transaction(async (tx) => {
      // Members are listed to this workspace's admins anyway: saying so reveals nothing about other workspaces.
      const existing = await tx.users.byEmail(email);
      if (existing && (await tx.users.membership(ws, existing.id))) throw conflict(`${email} is already a member of this workspace`, [{ field: 'email', message: 'already a member' }]);
      for (const old of (await tx.users.invitations.pendingForWorkspace(ws, now)).filter((i) => i.email === email)) {
        await tx.users.invitations.decide(old.id, 'revoked', now);
        await tx.events.append(ws, [{ entity: 'invitation', record_id: old.id, kind: 'invitation_revoked', at: now, actor: by.actor, data: { email, replaced_by: invitation.id } }]);
      }
      await tx.users.invitations.insert({ ...invitation, code_hash: sha256(code) });
      await tx.events.append(ws, [{ entity: 'invitation', record_id: invitation.id, kind: 'invitation_created', at: now, actor: by.actor, data: { email, role: input.role } }]);
    });
    return { invitation, code };
  }

  async pendingInvitations(ws: string): Promise<Invitation[]> {
    return this.storage.users.invitations.pendingForWorkspace(ws, this.now());
  }

  async revokeInvitation(ws: string, id: string, by: { actor: string | null; role: Role }): Promise<void> {
    const inv = await this.storage.users.invitations.get(id);
    if (!inv || inv.workspace_id !== ws || inv.status !== 'pending') throw notFound('invitation', id);
    if (inv.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can revoke an invitation to become owner');
    const now = this.now();
    await this.storage.transaction(async (tx) => {
      if (!(await tx.users.invitations.decide(id, 'revoked', now))) throw notFound('invitation', id);
      await tx.events.append(ws, [{ entity: 'invitation', record_id: id, kind: 'invitation_revoked', at: now, actor: by.actor, data: { email: inv.email } }]);
    });
  }

  /** Pending invitations to the caller's e-mail, with the workspace's name (what they would join). */
  async invitationsFor(caller: Caller): Promise<InvitationForMe[]> {
    const pending = await this.storage.users.invitations.pendingForEmail(caller.user.email, this.now());
    return Promise.all(
      pending.map(async (i) => ({
        id: i.id,
        workspace: { id: i.workspace_id, name: (await this.storage.workspaces.get(i.workspace_id))?.name ?? i.workspace_id },
        role: i.role,
        invited_by: i.created_by,
        expires_at: i.expires_at,
      })),
    );
  }

  /** The caller accepts (joins the workspace with the invited role) or declines an invitation to their e-mail. */
  async decideInvitation(caller: Caller, id: string, accept: boolean): Promise<Membership | undefined> {
    const inv = await this.storage.users.invitations.get(id);
    // Someone else's invitation is "not found", like one that does not exist.
    if (!inv || inv.email !== caller.user.email || inv.status !== 'pending' || inv.expires_at <= this.now()) throw notFound('invitation', id);
    const user = await this.storage.users.get(caller.user.id);
    if (!user) throw new CrmError('unauthorized', 'not signed in');
    return accept ? this.join(user, inv) : (await this.decline(user, inv), undefined);
  }

  private async join(user: StoredUser, inv: Invitation): Promise<Membership> {
    const now = this.now();
    return this.storage.transaction(async (tx) => {
      if (!(await tx.users.invitations.decide(inv.id, 'accepted', now))) throw notFound('invitation', inv.id);
      const membership: Membership = (await tx.users.membership(inv.workspace_id, user.id)) ?? { workspace_id: inv.workspace_id, user_id: user.id, role: inv.role, created_at: now };
      if (membership.created_at === now) await tx.users.setMembership(membership);
      await tx.events.append(inv.workspace_id, [
        { entity: 'invitation', record_id: inv.id, kind: 'invitation_accepted', at: now, actor: user.email, data: { email: user.email, role: inv.role } },
        { entity: 'user', record_id: user.id, kind: 'user_added', at: now, actor: inv.created_by, data: { email: user.email, role: membership.role, invitation: inv.id } },
      ]);
      await tx.users.history.append({ user_id: user.id, kind: 'invitation_accepted', at: now, workspace_id: inv.workspace_id, data: { role: membership.role } });
      return membership;
    });
  }

  private async decline(user: StoredUser, inv: Invitation) {
    const now = this.now();
    await this.storage.transaction(async (tx) => {
      if (!(await tx.users.invitations.decide(inv.id, 'declined', now))) throw notFound('invitation', inv.id);
      await tx.events.append(inv.workspace_id, [{ entity: 'invitation', record_id: inv.id, kind: 'invitation_declined', at: now, actor: user.email, data: { email: user.email } }]);
      await tx.users.history.append({ user_id: user.id, kind: 'invitation_declined', at: now, workspace_id: null, data: { workspace: inv.workspace_id } });
    });
  }

  /**
   * Accepts an invitation with its code and signs in: someone without an account chooses its password here;
   * someone with one gives that account's password (a wrong one counts as a failed sign-in of the account).
   */
  async redeemInvitation(code: string, password: string, meta: { ip?: string; name?: string | null } = {}) {
    const inv = code.startsWith('inv_') && code.length <= 200 ? await this.storage.users.invitations.byCodeHash(sha256(code)) : undefined;
    if (!inv || inv.status !== 'pending' || inv.expires_at <= this.now()) throw new CrmError('not_found', 'this invitation is unknown, was already used, revoked or has expired');
    const address = meta.ip ?? 'unknown';
    let user = await this.storage.users.byEmail(inv.email);
    if (user) {
      await this.refuseIfThrottled(user.id, address);
      if (!(await verifyPassword(password, user.password_hash))) {
        await this.countFailure(user.id, address, user);
        throw new CrmError('unauthorized', 'wrong password: this e-mail already has an account, sign in with its password to accept');
      }
    } else {
      const name = meta.name?.trim() || inv.name;
      const problem = passwordProblem(password, { email: inv.email, name });
      if (problem) throw validationError(problem, [{ field: 'password', message: problem }]);
      const now = this.now();
      const account: StoredUser = { id: newId('us'), email: inv.email, name, password_hash: await hashPassword(password, this.cost), created_at: now, password_changed_at: now, last_login_at: null };
      try {
        await this.storage.users.insert(account);
      } catch {
        throw conflict('this e-mail got an account meanwhile; sign in with its password to accept');
      }
      user = account;
    }
    const membership = await this.join(user, inv);
    const session = await this.openSession(user, password, membership, address);
    return { ...session, memberships: await this.storage.users.memberships(user.id), workspace: membership };
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
