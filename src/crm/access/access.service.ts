/**
 * Users, sign-in, sessions, API tokens and memberships, with every change written to the audit log
 * (`record_events`, entity `user`/`token`). The HTTP layer (delivery/api/auth.ts) and the CLI call this; nothing
 * here knows about cookies or headers. Each concept lives in its own service; `AccessService` is the one surface
 * the routes, the CLI and the tests call, made of their public methods.
 */
import { systemClock, toTimestamp, type Clock } from '../../core/clock.js';
import type { Membership, Storage } from '../../storage/index.js';
import { MINUTE, type Caller } from './access-common.js';
import { AuthCache } from './auth-cache.js';
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
  /** How long a request's token, session and membership look-ups are reused (auth-cache.ts); 0: not at all. */
  authCacheMs?: number;
}

/** The methods that only read; every other method of the surface may change who can do what. */
const READS_ONLY = new Set(['members', 'memberships', 'membershipOf', 'userByEmail', 'userById', 'signInNotice', 'authenticateSession', 'authenticateToken', 'listTokens', 'pendingInvitations', 'invitationsFor', 'securityHistory']);

/** The named methods of a service, bound to it, so they can be spread into one surface. */
function methodsOf<S extends object, K extends keyof S>(service: S, names: readonly K[]): Pick<S, K> {
  return Object.fromEntries(names.map((name) => [name, (service[name] as (...args: unknown[]) => unknown).bind(service)])) as Pick<S, K>;
}

function accessSurface(storage: Storage, clock: Clock, opts: AccessOptions) {
  const cost = opts.scryptCost ?? DEFAULT_SCRYPT_COST;
  const limits = { idleMs: opts.sessionIdleMs ?? 7 * 24 * 60 * MINUTE, maxMs: opts.sessionMaxMs ?? 30 * 24 * 60 * MINUTE };
  const throttle = new SignInThrottle(storage, clock);
  const members = new MemberService(storage, clock, cost);
  const tokens = new TokenService(storage, clock, members);
  const sessions = new SessionService(storage, clock, cost, limits, throttle, tokens);
  const account = new AccountService(storage, clock, cost, tokens);
  const invitations = new InvitationService(storage, clock, cost, members, sessions, throttle);
  const surface = {
    ...methodsOf(members, ['addUser', 'members', 'memberships', 'membershipOf', 'setRole', 'removeUser', 'userByEmail', 'userById', 'ensureFirstOwner'] as const),
    ...methodsOf(sessions, ['login', 'signInNotice', 'authenticateSession', 'logout', 'signOutEverywhere'] as const),
    ...methodsOf(account, ['changePassword', 'setPassword', 'securityHistory'] as const),
    ...methodsOf(invitations, ['invite', 'pendingInvitations', 'revokeInvitation', 'invitationsFor', 'decideInvitation', 'redeemInvitation'] as const),
    ...methodsOf(tokens, ['createToken', 'authenticateToken', 'listTokens', 'revokeToken'] as const),
  };
  return surface;
}

type Surface = ReturnType<typeof accessSurface>;
type AuthLookups = Pick<Surface, 'authenticateToken' | 'authenticateSession' | 'membershipOf' | 'memberships'>;

/** A request's token look-ups when the auth cache can answer them now, without the database. */
export interface CachedAuth {
  /**
   * The API token's caller, workspace and the caller's membership there, when `authenticateToken` and
   * `membershipOf` would both answer from the cache right now (kept, fresh, "last used" recent); otherwise
   * undefined and the caller asks those (async) methods. Synchronous: no promise on the hot path.
   */
  cachedTokenAuth(token: string): { caller: Caller; workspace: string; membership: Membership } | undefined;
}

export function createAccessService(storage: Storage, clock: Clock, opts: AccessOptions = {}): Surface & CachedAuth {
  return withAuthCache(accessSurface(storage, clock, opts), new AuthCache(opts.authCacheMs ?? DEFAULT_AUTH_CACHE_MS), clock);
}

export const DEFAULT_AUTH_CACHE_MS = 2_000;

/**
 * The per-request look-ups served from the cache, and every changing method emptying it when done (even when it
 * fails half-way: what it did before failing counts).
 */
function withAuthCache(surface: Surface, cache: AuthCache, clock: Clock): Surface & CachedAuth {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(surface)) {
    wrapped[name] = READS_ONLY.has(name)
      ? method
      : async (...args: unknown[]) => {
          try {
            return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
          } finally {
            cache.clear();
          }
        };
  }
  /** Older than a minute by the CRM's clock: looked up again, so sliding expiry and "last used" move on as without the cache. */
  const stale = (at: string | null | undefined, nowMs: number) => !at || nowMs - Date.parse(at) > MINUTE;
  // Keyed by the secret itself (it is in memory anyway, in the request): hashing it per request cost more than the look-up.
  const tokenKey = (token: string) => `token:${token}`;
  const membershipKey = (userId: string, ws: string) => `membership:${userId}:${ws}`;
  type TokenAuth = Awaited<ReturnType<Surface['authenticateToken']>>;
  type TokenAnswer = NonNullable<ReturnType<CachedAuth['cachedTokenAuth']>>;
  /** A token's whole answer, kept under the token as sent: `staleAt` is when "last used" turns a minute old (CRM clock). */
  type HotToken = { answer: TokenAnswer; staleAt: number };
  // With the system clock the staleness deadline is folded into the entry's expiry (both clocks run together over
  // its ≤ ttl life), so a hit reads one clock; an injected clock (tests) is asked on every hit.
  const systemTime = clock === systemClock;
  const cached: CachedAuth = {
    // The same entries and the same staleness rule as authenticateToken and membershipOf below; anything they
    // would have to look up (missing, expired, "last used" over a minute ago) is left to them. A hit is one map
    // look-up by the token itself, no key built, no date parsed; the answer is put together once from the two
    // entries and lives no longer than either, nor past the staleness deadline, nor past any change (`clear`).
    cachedTokenAuth: (token) => {
      const hot = cache.peekDerived<HotToken>(token);
      if (hot !== undefined && (systemTime || clock.now().getTime() <= hot.staleAt)) return hot.answer;
      const key = tokenKey(token);
      const found = cache.peek<TokenAuth>(key);
      const at = found?.caller.token?.last_used_at;
      const nowMs = clock.now().getTime();
      if (!found || !at || stale(at, nowMs)) return undefined;
      const mKey = membershipKey(found.caller.user.id, found.workspace);
      const membership = cache.peek<Membership>(mKey);
      if (!membership) return undefined;
      const answer = { caller: found.caller, workspace: found.workspace, membership };
      const staleAt = Date.parse(at) + MINUTE;
      const tokenUntil = cache.expiryOf(key);
      const membershipUntil = cache.expiryOf(mKey);
      if (tokenUntil !== undefined && membershipUntil !== undefined) {
        const until = Math.min(tokenUntil, membershipUntil, systemTime ? cache.clock() + (staleAt - nowMs) : Infinity);
        cache.keepDerived(token, { answer, staleAt } satisfies HotToken, until);
      }
      return answer;
    },
  };
  const lookups: AuthLookups = {
    authenticateToken: async (token) => {
      const key = tokenKey(token);
      const found = await cache.get(key, () => surface.authenticateToken(token));
      if (found && stale(found.caller.token?.last_used_at, clock.now().getTime())) {
        cache.forget(key);
        cache.forgetDerived(token);
        return surface.authenticateToken(token);
      }
      return found;
    },
    // A kept session still ends on time: an expired one is looked up again (and found ended).
    authenticateSession: async (cookie) => {
      const key = `session:${cookie}`;
      const caller = await cache.get(key, () => surface.authenticateSession(cookie));
      const now = clock.now();
      if (caller?.session && (caller.session.expires_at <= toTimestamp(now) || stale(caller.session.last_seen_at, now.getTime()))) {
        cache.forget(key);
        return surface.authenticateSession(cookie);
      }
      return caller;
    },
    membershipOf: (userId, ws) => cache.get(membershipKey(userId, ws), () => surface.membershipOf(userId, ws)),
    memberships: (userId) => cache.get(`memberships:${userId}`, () => surface.memberships(userId)),
  };
  return Object.assign(Object.assign(wrapped, lookups) as Surface, cached);
}

export type AccessService = Surface & CachedAuth;
