/**
 * The request path reuses token, session and membership look-ups for a few seconds (crm/access/auth-cache.ts).
 * Security must not wait for that: a change made in this process is refused by the very next request, and one made
 * by another process on the same database within the cache's lifetime.
 */
import { describe, expect, it } from 'vitest';
import { createCrm } from '../../src/crm/index.js';
import { AuthCache } from '../../src/crm/access/auth-cache.js';
import { DEFAULT_AUTH_CACHE_MS } from '../../src/crm/access/access.service.js';
import { openStorage } from '../../src/storage/connect.js';
import { describeEachBackend, TEST_ACCESS } from '../support/backends.js';
import { serveSuite } from '../support/serve.js';

const PASSWORD = 'correct horse battery';

describeEachBackend('auth look-ups are cached, and changes refuse at once', (ctx) => {
  const { server } = serveSuite(ctx);

  it('a token revoked in this process is refused by the next request', async () => {
    const m = await server().member('member');
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    const [token] = await ctx().crm.access.listTokens('default', m.userId);
    await ctx().crm.access.revokeToken('default', token!.id, { userId: m.userId, role: 'member', actor: null });
    const after = await m.call('GET', '/api/contacts?limit=1');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ message: 'invalid or revoked API token' });
  });

  it('a removed member is refused by the next request', async () => {
    const m = await server().member('member');
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    await ctx().crm.access.removeUser('default', m.userId, { actor: null, role: 'owner' });
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(401);
  });

  it('a lowered role applies to the next request', async () => {
    const m = await server().member('admin');
    expect((await m.call('GET', '/api/audit')).status).toBe(200);
    await ctx().crm.access.setRole('default', m.userId, 'member', { actor: null, role: 'owner' });
    expect((await m.call('GET', '/api/audit')).status).toBe(403);
  });

  it('signing out everywhere ends a cached session at once', async () => {
    const m = await server().member('member');
    const login = await fetch(`${server().base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: m.email, password: PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = () => fetch(`${server().base}/api/auth/session`, { headers: { cookie } }).then((r) => r.status);
    expect(await me()).toBe(200);
    expect(await me()).toBe(200);
    const caller = await ctx().crm.access.authenticateSession(cookie.split('=')[1]!);
    await ctx().crm.access.signOutEverywhere(caller!);
    expect(await me()).toBe(401);
  });

  it('a token answered from the cache alone (no promise) still meets every check: role, scope, session-only routes, the workspace named', async () => {
    const reader = await server().member('member', { scope: 'read' });
    // Twice: the second request is the cached, synchronous path.
    for (let i = 0; i < 2; i++) expect((await reader.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    const token = reader.token;
    const hit = ctx().crm.access.cachedTokenAuth(token);
    expect(hit).toMatchObject({ workspace: 'default', membership: { role: 'member' }, caller: { via: 'token', scope: 'read', user: { id: reader.userId } } });
    expect(hit).toEqual({ ...(await ctx().crm.access.authenticateToken(token)), membership: await ctx().crm.access.membershipOf(reader.userId, 'default') });
    const write = await reader.call('POST', '/api/contacts', { first_name: 'Nope' });
    expect(write.status).toBe(403);
    const member = await server().member('member');
    for (let i = 0; i < 2; i++) expect((await member.call('GET', '/api/audit')).status).toBe(403);
    for (let i = 0; i < 2; i++) expect((await member.call('GET', '/api/me/sign-ins')).status).toBe(403);
    const other = await member.call('GET', '/api/contacts?limit=1', undefined, { 'x-workspace-id': 'elsewhere' });
    expect(other.status).toBe(404);
    expect((await member.call('GET', '/api/contacts?limit=1', undefined, { 'x-workspace-id': 'default' })).status).toBe(200);
    expect((await member.call('GET', '/api/contacts?limit=1', undefined, { authorization: `Bearer ${member.token} extra` })).status).toBe(401);
  });

  it('the cache-only answer is withheld after any change, when "last used" is a minute old, and with the cache off', async () => {
    const m = await server().member('member');
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    expect(ctx().crm.access.cachedTokenAuth(m.token)).toBeDefined();
    // Any change through the access service empties the cache (here: a token made for someone else).
    await server().member('member');
    expect(ctx().crm.access.cachedTokenAuth(m.token)).toBeUndefined();
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    expect(ctx().crm.access.cachedTokenAuth(m.token)).toBeDefined();
    // "Last used" older than a minute by the CRM's clock: left to authenticateToken, which looks it up and moves it on.
    ctx().clock.advance(61_000);
    expect(ctx().crm.access.cachedTokenAuth(m.token)).toBeUndefined();
    // That request looks the token up afresh (not kept); the next one keeps it, with "last used" moved on.
    for (let i = 0; i < 2; i++) expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    expect(ctx().crm.access.cachedTokenAuth(m.token)?.caller.token?.last_used_at).toBe('2026-11-01T12:01:01Z');
    expect(ctx().crm.access.cachedTokenAuth('crm_unknown')).toBeUndefined();
    const uncached = createCrm({ storage: ctx().crm.storage, clock: ctx().clock, access: { ...TEST_ACCESS, authCacheMs: 0 } });
    await uncached.access.authenticateToken(m.token);
    expect(uncached.access.cachedTokenAuth(m.token)).toBeUndefined();
  });

  it('a token revoked by another process on the same database is refused within the cache lifetime', async () => {
    const m = await server().member('member');
    expect((await m.call('GET', '/api/contacts?limit=1')).status).toBe(200);
    // Another process: its own connection and its own CRM (and cache), as `crm token revoke` would be.
    const otherStorage = await openStorage(ctx().storage);
    try {
      const other = createCrm({ storage: otherStorage, clock: ctx().clock, access: TEST_ACCESS });
      const [token] = await other.access.listTokens('default', m.userId);
      await other.access.revokeToken('default', token!.id, { userId: m.userId, role: 'member', actor: null });
    } finally {
      await otherStorage.close();
    }
    const revokedAt = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - revokedAt < DEFAULT_AUTH_CACHE_MS + 3_000) {
      status = (await m.call('GET', '/api/contacts?limit=1')).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
  });
});

describe('AuthCache', () => {
  it('keeps a loaded value until it expires, and only successes', async () => {
    let now = 0;
    const cache = new AuthCache(1000, 10, () => now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    now = 1001;
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('missing', async () => undefined)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('does not keep an answer that was being looked up while a change cleared the cache', async () => {
    const cache = new AuthCache(60_000);
    let release!: () => void;
    const slow = cache.get('token', () => new Promise<string>((resolve) => (release = () => resolve('stale'))));
    cache.clear();
    release();
    expect(await slow).toBe('stale');
    expect(await cache.get('token', async () => 'fresh')).toBe('fresh');
  });

  it('holds at most its bound, dropping the oldest', async () => {
    const cache = new AuthCache(60_000, 2);
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    await cache.get('c', async () => 3);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 10)).toBe(10);
  });

  it('peek answers only what get would answer without loading', async () => {
    let now = 0;
    const cache = new AuthCache(1000, 10, () => now);
    expect(cache.peek('a')).toBeUndefined();
    await cache.get('a', async () => 'A');
    expect(cache.peek('a')).toBe('A');
    now = 1001;
    expect(cache.peek('a')).toBeUndefined();
    await cache.get('a', async () => 'B');
    expect(cache.peek('a')).toBe('B');
    cache.clear();
    expect(cache.peek('a')).toBeUndefined();
    const off = new AuthCache(0);
    await off.get('a', async () => 'A');
    expect(off.peek('a')).toBeUndefined();
  });

  it('with a lifetime of 0 looks up every time', async () => {
    const cache = new AuthCache(0);
    let loads = 0;
    await cache.get('a', async () => ++loads);
    await cache.get('a', async () => ++loads);
    expect(loads).toBe(2);
  });
});
