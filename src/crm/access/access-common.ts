/** What the access services share: who a caller is, secrets and their digests, e-mail normalising, the account history. */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import type { AccountEventKind, Storage, StoredSession, StoredToken, StoredUser, TokenScope } from '../../storage/index.js';

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
export const secret = () => randomBytes(32).toString('base64url');
export const normalEmail = (email: string) => email.trim().toLowerCase();
export const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MINUTE = 60_000;
export const withoutHash = ({ password_hash: _h, ...u }: StoredUser) => u;

export const nowOf = (clock: Clock) => toTimestamp(clock.now());

/** An event in the account's own security history (not in any workspace's audit log). */
export async function appendAccountHistory(storage: Storage, clock: Clock, userId: string, kind: AccountEventKind, data: Record<string, unknown>) {
  await storage.users.history.append({ user_id: userId, kind, at: nowOf(clock), workspace_id: null, data });
}
