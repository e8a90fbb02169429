/**
 * Accounts and access: users, memberships, failed sign-ins, sessions and API tokens (migrations 0007, 0008), and
 * an account's own security history, the per-address sign-in throttle and invitations (0009).
 */
import type { Role, TokenScope } from '../../core/access.js';
import type { AccountEventKind } from '../../core/events.js';

export interface StoredUser {
  id: string;
  /** Lower-cased; unique across the installation (a person signs in once and may belong to several workspaces). */
  email: string;
  name: string | null;
  /** `scrypt$N$r$p$salt$hash` (see crm/passwords.ts). */
  password_hash: string;
  created_at: string;
  password_changed_at: string;
  last_login_at: string | null;
}

export interface Membership {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

export type Member = Omit<StoredUser, 'password_hash'> & { role: Role };

export interface UserRepository {
  get(id: string): Promise<StoredUser | undefined>;
  byEmail(email: string): Promise<StoredUser | undefined>;
  insert(user: StoredUser): Promise<void>;
  update(id: string, changes: Partial<Pick<StoredUser, 'name' | 'password_hash' | 'password_changed_at' | 'last_login_at'>>): Promise<void>;
  count(): Promise<number>;
  /** The user's workspaces, in the order they joined them. */
  memberships(userId: string): Promise<Membership[]>;
  membership(ws: string, userId: string): Promise<Membership | undefined>;
  members(ws: string): Promise<Member[]>;
  /** Adds the user to the workspace or changes their role there. */
  setMembership(m: Membership): Promise<void>;
  removeMembership(ws: string, userId: string): Promise<void>;
  countWithRole(ws: string, role: Role): Promise<number>;
  /** The account's run of failed sign-ins since its last success, if any. */
  failedLogins(userId: string): Promise<FailedLogins | undefined>;
  /** Counts a failed sign-in in one statement; a run whose first failure is before `runStart` starts again at 1. */
  recordFailedLogin(userId: string, at: string, runStart: string): Promise<void>;
  clearFailedLogins(userId: string): Promise<void>;
  readonly history: AccountHistoryRepository;
  readonly throttle: LoginThrottleRepository;
  readonly invitations: InvitationRepository;
  /** The workspace's members as its admins see them. */
  workspaceMembers(ws: string): Promise<WorkspaceMember[]>;
}

export interface FailedLogins {
  failures: number;
  /** When the run's first failure was. */
  first_at: string;
}

export interface StoredSession {
  /** SHA-256 of the cookie's secret. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface SessionRepository {
  insert(s: StoredSession): Promise<void>;
  get(idHash: string): Promise<StoredSession | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends a user's sessions (password change), keeping `keepIdHash`. */
  deleteForUser(userId: string, keepIdHash?: string): Promise<number>;
  deleteExpired(now: string): Promise<number>;
}

export interface StoredToken {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  scope: TokenScope;
  /** The first characters of the token, to recognise it in a list. */
  prefix: string;
  /** SHA-256 of the whole token. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TokenRepository {
  insert(t: StoredToken): Promise<void>;
  byHash(hash: string): Promise<StoredToken | undefined>;
  get(ws: string, id: string): Promise<StoredToken | undefined>;
  /** Tokens of the workspace (of one user when given), newest first, without their hashes. */
  list(ws: string, userId?: string): Promise<Omit<StoredToken, 'token_hash'>[]>;
  revoke(ws: string, id: string, at: string): Promise<void>;
  /** Revokes every live token of a user in a workspace (they left it). */
  revokeForUser(ws: string, userId: string, at: string): Promise<number>;
  touch(id: string, at: string): Promise<void>;
  /** Revokes every live token of the user in every workspace; returns what it revoked. */
  revokeAllOfUser(userId: string, at: string): Promise<Pick<StoredToken, 'id' | 'workspace_id' | 'name'>[]>;
}

// ── account security (0009) ──

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
