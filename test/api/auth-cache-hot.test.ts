/**
 * The auth cache's per-request path (crm/access): an API token's whole cached answer (caller, workspace,
 * membership) is kept under the token as sent, so a hit is one look-up — no key strings, no date parsed. It must
 * answer only what the two entries it came from would answer: never longer than they live, never past a change,
 * never past "last used" turning a minute old, and never for a caller-supplied string that names another entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthCache } from '../../src/crm/access/auth-cache.js';
import { createCrm, type Crm } from '../../src/crm/index.js';
import type { Storage } from '../../src/storage/index.js';
import { openTestCrm, TEST_ACCESS, type BackendContext } from '../support/backends.js';

describe('AuthCache derived answers', () => {
  it('live until their own expiry, go with any clear, and are kept apart from the entries', async () => {
    let now = 0;
    const cache = new AuthCache(1000, 2, () => now);
    await cache.get('token:t', async () => 'entry');
    expect(cache.expiryOf('token:t')).toBe(1000);
    expect(cache.expiryOf('missing')).toBeUndefined();
    cache.keepDerived('t', 'answer', 500);
    expect(cache.peekDerived('t')).toBe('answer');
    // A derived key never reads an entry, nor an entry key a derived answer.
    expect(cache.peekDerived('token:t')).toBeUndefined();
    expect(cache.peek('t')).toBeUndefined();
    now = 500;
    expect(cache.peekDerived('t')).toBeUndefined();
    expect(cache.peek('token:t')).toBe('entry');
    cache.keepDerived('t', 'answer', 900);
    cache.forgetDerived('t');
    expect(cache.peekDerived('t')).toBeUndefined();
    cache.keepDerived('t', 'answer', 900);
    cache.clear();
    expect(cache.peekDerived('t')).toBeUndefined();
    now = 1000;
    expect(cache.expiryOf('token:t')).toBeUndefined();
    // Bounded as the entries are.
    for (const k of ['a', 'b', 'c']) cache.keepDerived(k, k, 5000);
    expect([cache.peekDerived('a'), cache.peekDerived('b'), cache.peekDerived('c')]).toEqual([undefined, 'b', 'c']);
    const off = new AuthCache(0);
    off.keepDerived('t', 'answer', Infinity);
    expect(off.peekDerived('t')).toBeUndefined();
  });
});

describe('cachedTokenAuth with the system clock', () => {
  let ctx: BackendContext;
  let cleanup: () => Promise<void>;
  let storage: Storage;
  beforeAll(async () => {
    ({ ctx, cleanup } = await openTestCrm('sqlite'));
    storage = ctx.crm.storage;
  });
  afterAll(async () => {
    await cleanup();
  });

  /** A CRM on the system clock (no injected clock), a member and a token of theirs, looked up once. */
  async function tokenOf(crm: Crm, role: 'member' | 'admin' = 'member') {
    const email = `hot-${role}-${Math.random().toString(36).slice(2)}@test.example`;
    const { user } = await crm.access.addUser('default', { email, role, password: 'correct horse battery' }, { actor: null });
    const { token } = await crm.access.createToken('default', user.id, { name: 'hot', scope: 'read-write' }, null);
    const found = await crm.access.authenticateToken(token);
    await crm.access.membershipOf(found!.caller.user.id, found!.workspace);
    return { token, userId: user.id };
  }

  it('answers a repeat from one kept answer, the same as the look-ups would', async () => {
    const crm = createCrm({ storage, access: { ...TEST_ACCESS, authCacheMs: 60_000 } });
    const { token, userId } = await tokenOf(crm);
    const first = crm.access.cachedTokenAuth(token);
    expect(first).toEqual({ ...(await crm.access.authenticateToken(token)), membership: await crm.access.membershipOf(userId, 'default') });
    expect(first).toMatchObject({ workspace: 'default', membership: { role: 'member' }, caller: { via: 'token', user: { id: userId } } });
    // The kept answer itself: nothing is put together again.
    expect(crm.access.cachedTokenAuth(token)).toBe(first);
    // A string naming one of the cache's own entries is no token.
    expect(crm.access.cachedTokenAuth(`token:${token}`)).toBeUndefined();
    expect(crm.access.cachedTokenAuth(`membership:${userId}:default`)).toBeUndefined();
    expect(crm.access.cachedTokenAuth('crm_unknown')).toBeUndefined();
  });

  it('is dropped by any change and by the entries’ expiry', async () => {
    const crm = createCrm({ storage, access: { ...TEST_ACCESS, authCacheMs: 60_000 } });
    const { token, userId } = await tokenOf(crm, 'admin');
    expect(crm.access.cachedTokenAuth(token)?.membership.role).toBe('admin');
    await crm.access.setRole('default', userId, 'member', { actor: null, role: 'owner' });
    expect(crm.access.cachedTokenAuth(token)).toBeUndefined();
    await crm.access.authenticateToken(token);
    await crm.access.membershipOf(userId, 'default');
    expect(crm.access.cachedTokenAuth(token)?.membership.role).toBe('member');
    const [listed] = await crm.access.listTokens('default', userId);
    await crm.access.revokeToken('default', listed!.id, { userId, role: 'member', actor: null });
    expect(crm.access.cachedTokenAuth(token)).toBeUndefined();

    const short = createCrm({ storage, access: { ...TEST_ACCESS, authCacheMs: 40 } });
    const other = await tokenOf(short);
    expect(short.access.cachedTokenAuth(other.token)).toBeDefined();
    expect(short.access.cachedTokenAuth(other.token)).toBeDefined();
    await new Promise((r) => setTimeout(r, 60));
    expect(short.access.cachedTokenAuth(other.token)).toBeUndefined();
  });
});
