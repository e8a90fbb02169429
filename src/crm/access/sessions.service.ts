/** Signing in and out: password sign-in, sessions with sliding expiry, the notice of failed attempts, sign-out everywhere. */
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import { CrmError } from '../../core/errors.js';
import type { Membership, Storage, StoredSession, StoredUser } from '../../storage/index.js';
import { appendAccountHistory, MINUTE, normalEmail, nowOf, secret, sha256, withoutHash, type Caller } from './access-common.js';
import { generatePassword, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './passwords.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import type { TokenService } from './tokens.service.js';

/** Shown to the person after signing in: failed attempts on their account since their previous sign-in. */
export interface SignInNotice {
  failed_sign_ins: number;
  since: string;
}

/** Names a session in its sign-in's history entry without storing anything that opens it (a digest of its digest). */
const sessionMark = (idHash: string) => sha256(`session:${idHash}`).slice(0, 16);

export interface SessionLimits {
  /** A session ends after this long without a request … */
  idleMs: number;
  /** … and at the latest this long after sign-in. */
  maxMs: number;
}

export class SessionService {
  /** Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong password. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly cost: ScryptCost,
    private readonly limits: SessionLimits,
    private readonly throttle: SignInThrottle,
    private readonly tokens: TokenService,
  ) {}

  private now() {
    return nowOf(this.clock);
  }

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
    await this.throttle.refuseIfThrottled(subject, address);
    const ok = user ? await verifyPassword(password, user.password_hash) : await verifyPassword(password, await (this.decoyHash ??= hashPassword(generatePassword(), this.cost)));
    const memberships = user ? await this.storage.users.memberships(user.id) : [];
    if (!user || !ok || memberships.length === 0) {
      await this.throttle.countFailure(subject, address, user);
      throw new CrmError('unauthorized', 'wrong e-mail or password');
    }
    const workspace = memberships.find((m) => m.workspace_id === meta.workspace) ?? memberships[0]!;
    return { ...(await this.openSession(user, password, workspace, address)), memberships, workspace };
  }

  /** A session for a person whose password was just checked, recorded as a sign-in into `workspace`. */
  async openSession(user: StoredUser, password: string, workspace: Membership, address: string) {
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

  private expiry(createdAt: string, now: string): string {
    const idle = Date.parse(now) + this.limits.idleMs;
    const max = Date.parse(createdAt) + this.limits.maxMs;
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
    await appendAccountHistory(this.storage, this.clock, caller.user.id, 'logout', {});
  }

  /** Ends every session of the caller (this one too) and revokes every API token of theirs in every workspace. */
  async signOutEverywhere(caller: Caller): Promise<{ sessions: number; tokens: number }> {
    const now = this.now();
    const result = await this.storage.transaction(async (tx) => {
      const sessions = await tx.sessions.deleteForUser(caller.user.id);
      const tokens = await this.tokens.revokeAllTokens(tx, caller.user.id, caller.user.email, now);
      return { sessions, tokens };
    });
    await appendAccountHistory(this.storage, this.clock, caller.user.id, 'signed_out_everywhere', result);
    return result;
  }
}
