/**
 * Users, sign-in, sessions, API tokens and memberships, with every change written to the audit log
 * (`record_events`, entity `user`/`token`). The HTTP layer (delivery/api/auth.ts) and the CLI call this; nothing
 * here knows about cookies or headers. Each concept lives in its own service; `AccessService` is the one surface
 * the routes, the CLI and the tests call, made of their public methods.
 */
import type { Clock } from '../../core/clock.js';
import type { Storage } from '../../storage/index.js';
import { MINUTE } from './access-common.js';
import { AccountService } from './account.service.js';
import { InvitationService } from './invitations.service.js';
import { MemberService } from './members.service.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './passwords.js';
import { SessionService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { TokenService } from './tokens.service.js';

// What the HTTP layer names from here.
export { type Caller } from './access-common.js';
export { type SignInNotice } from './sessions.service.js';
export { ThrottledError } from './sign-in-throttle.js';

export interface AccessOptions {
  scryptCost?: ScryptCost;
  /** A session ends after this long without a request … */
  sessionIdleMs?: number;
  /** … and at the latest this long after sign-in. */
  sessionMaxMs?: number;
}

/** The named methods of a service, bound to it, so they can be spread into one surface. */
function methodsOf<S extends object, K extends keyof S>(service: S, names: readonly K[]): Pick<S, K> {
  return Object.fromEntries(names.map((name) => [name, (service[name] as (...args: unknown[]) => unknown).bind(service)])) as Pick<S, K>;
}

export function createAccessService(storage: Storage, clock: Clock, opts: AccessOptions = {}) {
  const cost = opts.scryptCost ?? DEFAULT_SCRYPT_COST;
  const limits = { idleMs: opts.sessionIdleMs ?? 7 * 24 * 60 * MINUTE, maxMs: opts.sessionMaxMs ?? 30 * 24 * 60 * MINUTE };
  const throttle = new SignInThrottle(storage, clock);
  const members = new MemberService(storage, clock, cost);
  const tokens = new TokenService(storage, clock, members);
  const sessions = new SessionService(storage, clock, cost, limits, throttle, tokens);
  const account = new AccountService(storage, clock, cost, tokens);
  const invitations = new InvitationService(storage, clock, cost, members, sessions, throttle);
  return {
    ...methodsOf(members, ['addUser', 'members', 'memberships', 'membershipOf', 'setRole', 'removeUser', 'userByEmail', 'userById', 'ensureFirstOwner'] as const),
    ...methodsOf(sessions, ['login', 'signInNotice', 'authenticateSession', 'logout', 'signOutEverywhere'] as const),
    ...methodsOf(account, ['changePassword', 'setPassword', 'securityHistory'] as const),
    ...methodsOf(invitations, ['invite', 'pendingInvitations', 'revokeInvitation', 'invitationsFor', 'decideInvitation', 'redeemInvitation'] as const),
    ...methodsOf(tokens, ['createToken', 'authenticateToken', 'listTokens', 'revokeToken'] as const),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
