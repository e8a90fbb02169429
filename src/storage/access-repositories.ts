/**
 * The account repositories' interfaces beyond index.ts: the account's own security history, the per-address
 * sign-in throttle and invitations (migration 0009), merged into UserRepository and TokenRepository below.
 * Their Kysely implementations are in repositories/.
 */
import type { AccountEventKind } from '../core/events.js';
import type { Role } from './index.js';

// ── account security (0009) ──
// Declared here and merged into the storage interfaces of index.ts, which other work is changing at the same
// time; they can move there as they are.

/** What happens to an account, in its own history: the kinds are declared in core/events.ts. */
export type { AccountEventKind } from '../core/events.js';

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
