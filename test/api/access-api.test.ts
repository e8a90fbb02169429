/**
 * Access over real HTTP on SQLite and PostgreSQL: sign-in, sessions and CSRF, passwords, roles on every route of
 * the OpenAPI document, API tokens, members, the audit log, erasure, and tenant isolation on every route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type EntityName } from '../../src/core/entities.js';
import type { Role } from '../../src/storage/index.js';
import { describeEachBackend } from '../support/backends.js';
import { jsonClient, type Json } from '../support/http.js';
import { apiOperations, type Operation } from '../support/openapi.js';
import { serveForTest, serveSample, type Call, type TestServer } from '../support/serve.js';

const PASSWORD = 'correct horse battery';

/** What the issue asks of each route, stated here independently of the routes' own declarations. */
const ADMIN_ONLY = new Set([
  'GET /api/users',
  'POST /api/users',
  'PATCH /api/users/{id}',
  'DELETE /api/users/{id}',
  'GET /api/audit',
  'GET /api/invitations',
  'DELETE /api/invitations/{id}',
  'POST /api/contacts/{id}/erase',
  'POST /api/models/train',
  'POST /api/models/{target}/{strategy}/rollback',
  'PUT /api/models/{target}/rollout',
  'POST /api/experiments',
  'POST /api/experiments/{id}/stop',
  'PUT /api/settings/lost-reasons',
  'PUT /api/settings/idle-threshold',
  'PUT /api/settings/currency',
  'PUT /api/settings/outreach',
  'PUT /api/settings/ingest',
  'GET /api/settings/mailboxes',
  'POST /api/settings/mailboxes',
  'PUT /api/settings/deal-strategy',
  'POST /api/policies/{policy}/train',
  'POST /api/policies/{policy}/rollback',
]);
/** Writes in form only: they change nothing of the workspace's data. */
const READING_POSTS = new Set([
  'POST /api/query',
  'POST /api/contacts/merge/preview',
  'POST /api/companies/merge/preview',
  'POST /api/contacts/duplicates/check',
  'POST /api/companies/duplicates/check',
  'POST /api/auth/logout',
]);
/** Managed from a signed-in browser only: an API token cannot mint tokens or change a password. */
const SESSION_ONLY = new Set([
  'POST /api/tokens',
  'DELETE /api/tokens/{id}',
  'POST /api/auth/password',
  'POST /api/auth/sign-out-everywhere',
  'GET /api/me/sign-ins',
  'GET /api/me/invitations',
  'POST /api/me/invitations/{id}/accept',
  'POST /api/me/invitations/{id}/decline',
]);
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/invitations/redeem']);
const RANK: Role[] = ['read-only', 'member', 'admin', 'owner'];

function neededRole(op: Operation): Role | 'public' {
  const key = `${op.method} ${op.path}`;
  if (PUBLIC.has(key)) return 'public';
  if (ADMIN_ONLY.has(key)) return 'admin';
  if (op.method === 'GET' || op.method === 'HEAD' || READING_POSTS.has(key) || SESSION_ONLY.has(key)) return 'read-only';
  return 'member';
}

const fill = (path: string, values: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ({ target: 'deal', strategy: 'logistic' } as Record<string, string>)[name] ?? 'nope'));

/** A browser-like client: the session cookie from a sign-in, and the CSRF token on writes. */
async function signIn(base: string, email: string, password = PASSWORD) {
  const plain = jsonClient(() => base);
  const res = await plain('POST', '/api/auth/login', { email, password });
  if (res.status !== 200) return { res, call: plain, cookie: '' };
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('crm_session='))!.split(';')[0]!;
  const csrf = res.body.csrf_token as string;
  const call: Call = ((method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    plain(method, url, body, { cookie, 'x-csrf-token': csrf, ...headers })) as Call;
  return { res, call, cookie, csrf };
}

/** A sign-in from another client address (X-Forwarded-For: the throttle suite's server trusts it). */
async function signInFrom(server: TestServer, email: string, password: string, ip: string) {
  const res = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ email, password }) });
  return { status: res.status, body: (await res.json()) as Json };
}

describeEachBackend('access: sign-in, roles, tokens, audit, erasure', (ctx) => {
  let server: TestServer;
  let operations: Operation[];
  const call: Call = (...a) => server.call(...a);

  beforeAll(async () => {
    server = await serveSample(ctx().crm);
    operations = (await apiOperations(server.base)).operations;
  }, 120_000);
  afterAll(() => server?.close());

  it('answers every /api route without credentials with 401 and a message; health and the API docs stay open', async () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const op of operations) {
      if (PUBLIC.has(`${op.method} ${op.path}`) || !op.path.startsWith('/api/')) continue;
      const r = await server.anonymous(op.method, fill(op.path), op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
      expect(r.status, `${op.method} ${op.path}`).toBe(401);
      expect(r.body.message).toMatch(/sign in|token/);
    }
    expect((await server.anonymous('GET', '/health')).status).toBe(200);
    expect((await server.anonymous('GET', '/api/docs/json')).status).toBe(200);
    expect((await server.anonymous('GET', '/api/contacts', undefined, { authorization: 'Bearer crm_forged' })).status).toBe(401);
    expect((await server.anonymous('GET', '/api/contacts', undefined, { authorization: 'Basic abc' })).body.message).toMatch(/Bearer/);
    expect((await server.anonymous('GET', '/api/contacts', undefined, { cookie: 'crm_session=forged' })).status).toBe(401);
  });

  it('signs in with a password: an HTTP-only SameSite cookie, a CSRF token required on writes, the caller named in the audit log', async () => {
    const member = await server.member('member');
    const wrong = await signIn(server.base, member.email, 'not the password');
    expect(wrong.res.status).toBe(401);
    const unknown = await signIn(server.base, 'nobody@test.example', PASSWORD);
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.body.message).toBe(wrong.res.body.message); // no telling which e-mails exist

    const s = await signIn(server.base, member.email.toUpperCase());
    expect(s.res.status).toBe(200);
    const setCookie = s.res.headers.getSetCookie().find((c) => c.startsWith('crm_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(s.res.body).toMatchObject({ user: { email: member.email }, role: 'member', workspace: { id: 'default' }, auth: 'session' });
    expect(s.res.body.workspaces).toEqual([{ id: 'default', name: 'Default workspace', role: 'member' }]);
    expect((await s.call('GET', '/api/auth/session')).body.csrf_token).toBe(s.csrf);

    expect((await s.call('GET', '/api/companies?limit=1')).status).toBe(200);
    const plain = jsonClient(() => server.base);
    const noCsrf = await plain('POST', '/api/companies', { name: 'Forged Inc' }, { cookie: s.cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.message).toMatch(/CSRF/);
    expect((await plain('POST', '/api/companies', { name: 'Forged Inc' }, { cookie: s.cookie, 'x-csrf-token': 'guess' })).status).toBe(403);
    // As long as the real one in characters, longer in bytes: still a plain refusal.
    expect((await plain('POST', '/api/companies', { name: 'Forged Inc' }, { cookie: s.cookie, 'x-csrf-token': 'é'.repeat(s.csrf!.length) })).status).toBe(403);
    const created = await s.call('POST', '/api/companies', { name: 'Signed-in Ltd' });
    expect(created.status).toBe(201);

    const audit = await call('GET', `/api/audit?record_id=${created.body.data.id}`);
    expect(audit.body.data).toMatchObject([{ kind: 'created', actor: member.email, entity: 'company' }]);
    // The workspace signed into sees the sign-in; failed attempts belong to the account alone.
    const logins = await call('GET', `/api/audit?record_id=${member.userId}`);
    expect(logins.body.data.map((e: Json) => [e.kind, e.actor])).toEqual([
      ['login', member.email],
      ['user_added', null],
    ]);
    expect(logins.body.data[0].data.ip).toBe('127.0.0.1');
    const own = await s.call('GET', '/api/me/sign-ins');
    expect(own.body.data.map((e: Json) => [e.kind, e.ip, e.workspace_id])).toEqual([
      ['login', '127.0.0.1', 'default'],
      ['login_failed', '127.0.0.1', null],
    ]);
    // The failure before this sign-in is reported to the person.
    expect(s.res.body.security_notice).toMatchObject({ failed_sign_ins: 1 });
    expect((await s.call('GET', '/api/auth/session')).body.security_notice).toMatchObject({ failed_sign_ins: 1 });

    expect((await s.call('POST', '/api/auth/logout')).status).toBe(204);
    expect((await s.call('GET', '/api/companies?limit=1')).status).toBe(401);
  });

  it('ends a session after a week without requests', async () => {
    const member = await server.member('read-only');
    const s = await signIn(server.base, member.email);
    ctx().clock.advance(6 * 24 * 3600_000);
    expect((await s.call('GET', '/api/auth/session')).status).toBe(200); // and slides on
    ctx().clock.advance(6 * 24 * 3600_000);
    expect((await s.call('GET', '/api/auth/session')).status).toBe(200);
    ctx().clock.advance(8 * 24 * 3600_000);
    const ended = await s.call('GET', '/api/auth/session');
    expect(ended.status).toBe(401);
    expect(ended.body.message).toMatch(/session has ended/);
  });

  it('changes a password: the current one is checked, the new one must be strong and new, other sessions end, tokens are revoked when asked', async () => {
    const member = await server.member('member');
    const here = await signIn(server.base, member.email);
    const elsewhere = await signIn(server.base, member.email);
    const wrong = await here.call('POST', '/api/auth/password', { current_password: 'nope', new_password: 'a much longer secret' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([{ field: 'current_password', message: 'wrong password' }]);
    expect((await here.call('POST', '/api/auth/password', { current_password: PASSWORD, new_password: 'short' })).body.message).toMatch(/at least 10/);
    for (const weak of ['1234567890', 'aaaaaaaaaa']) {
      const refused = await here.call('POST', '/api/auth/password', { current_password: PASSWORD, new_password: weak });
      expect(refused.status, weak).toBe(400);
      expect(refused.body.details).toEqual([{ field: 'new_password', message: expect.stringMatching(/too easy to guess/) }]);
    }
    const same = await here.call('POST', '/api/auth/password', { current_password: PASSWORD, new_password: PASSWORD });
    expect(same.body.message).toBe('the new password must differ from the current one');
    // Tokens survive a plain change …
    const changed = await here.call('POST', '/api/auth/password', { current_password: PASSWORD, new_password: 'a much longer secret' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ tokens_revoked: 0 });
    expect((await member.call('GET', '/api/deals?limit=1')).status).toBe(200);
    expect((await here.call('GET', '/api/auth/session')).status).toBe(200);
    expect((await elsewhere.call('GET', '/api/auth/session')).status).toBe(401);
    expect((await signIn(server.base, member.email)).res.status).toBe(401);
    expect((await signIn(server.base, member.email, 'a much longer secret')).res.status).toBe(200);
    // A token cannot change its user's password.
    expect((await member.call('POST', '/api/auth/password', { current_password: 'a much longer secret', new_password: 'another long secret' })).status).toBe(403);
    // … and are revoked, in every workspace, when the change asks for it.
    const again = await signIn(server.base, member.email, 'a much longer secret');
    const revoked = await again.call('POST', '/api/auth/password', { current_password: 'a much longer secret', new_password: 'another long secret', revoke_tokens: true });
    expect(revoked.body).toEqual({ tokens_revoked: 1 });
    expect((await member.call('GET', '/api/deals?limit=1')).status).toBe(401);
    expect((await call('GET', '/api/audit?entity=token&kind=token_revoked&limit=1')).body.data[0]).toMatchObject({ actor: member.email, data: { user_id: member.userId } });
  });

  it('signs out everywhere: every session ends, this one too, and every API token of the account is revoked', async () => {
    const member = await server.member('member');
    const here = await signIn(server.base, member.email);
    const elsewhere = await signIn(server.base, member.email);
    const ended = await here.call('POST', '/api/auth/sign-out-everywhere');
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ sessions: 2, tokens: 1 });
    expect((await here.call('GET', '/api/auth/session')).status).toBe(401);
    expect((await elsewhere.call('GET', '/api/auth/session')).status).toBe(401);
    expect((await member.call('GET', '/api/deals?limit=1')).status).toBe(401);
    const after = await signIn(server.base, member.email);
    expect((await after.call('GET', '/api/me/sign-ins')).body.data[1]).toMatchObject({ kind: 'signed_out_everywhere', detail: { sessions: 2, tokens: 1 } });
  });

  it('enforces each role on every route of the API document', async () => {
    const callers = { 'read-only': await server.member('read-only'), member: await server.member('member'), admin: await server.member('admin') } as const;
    const checked: string[] = [];
    for (const op of operations) {
      const needed = neededRole(op);
      if (needed === 'public' || op.path === '/api/auth/logout' || !op.path.startsWith('/api/')) continue;
      const key = `${op.method} ${op.path}`;
      for (const role of ['read-only', 'member', 'admin'] as const) {
        const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
        const r = await callers[role].call(op.method, fill(op.path), body);
        if (SESSION_ONLY.has(key)) {
          expect(r.status, `${key} as ${role} with a token`).toBe(403);
          expect(r.body.message).toMatch(/sign in/);
        } else if (RANK.indexOf(role) < RANK.indexOf(needed)) {
          expect(r.status, `${key} as ${role}`).toBe(403);
          expect(r.body.message).toMatch(new RegExp(`needs the ${needed} role`));
        } else {
          expect([401, 403], `${key} as ${role}: ${r.status} ${JSON.stringify(r.body)}`).not.toContain(r.status);
        }
      }
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThan(50);
  }, 120_000);

  it('API tokens: read scope cannot write, revoked tokens stop working, the secret is shown once and stored hashed', async () => {
    const member = await server.member('member');
    const s = await signIn(server.base, member.email);
    const made = await s.call('POST', '/api/tokens', { name: 'reporting script', scope: 'read' });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^crm_/);
    expect(made.body.data).toMatchObject({ name: 'reporting script', scope: 'read', user_email: member.email, prefix: made.body.token.slice(0, 10), revoked_at: null });
    const bearer = (t: string): Call => ((m: string, u: string, b?: unknown) => server.anonymous(m, u, b, { authorization: `Bearer ${t}` })) as Call;
    const reader = bearer(made.body.token);
    expect((await reader('GET', '/api/deals?limit=1')).status).toBe(200);
    const write = await reader('POST', '/api/companies', { name: 'Nope' });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/read-only/);

    const listed = await s.call('GET', '/api/tokens');
    const mine = listed.body.data.find((t: Json) => t.id === made.body.data.id);
    expect(mine.last_used_at).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    expect(JSON.stringify(listed.body)).not.toMatch(/token_hash/);
    // Members see their own tokens only; admins see the workspace's.
    expect(listed.body.data.every((t: Json) => t.user_email === member.email)).toBe(true);
    expect((await call('GET', '/api/tokens')).body.data.some((t: Json) => t.id === made.body.data.id)).toBe(true);

    // Another member cannot revoke it (it does not exist for them); its owner can.
    const other = await signIn(server.base, (await server.member('member')).email);
    expect((await other.call('DELETE', `/api/tokens/${made.body.data.id}`)).status).toBe(404);
    expect((await s.call('DELETE', `/api/tokens/${made.body.data.id}`)).status).toBe(204);
    const revoked = await reader('GET', '/api/deals?limit=1');
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toMatch(/revoked/);
    const kinds = (await call('GET', `/api/audit?entity=token&record_id=${made.body.data.id}`)).body.data.map((e: Json) => e.kind);
    expect(kinds).toEqual(['token_revoked', 'token_created']);

    // A read-only member gets read tokens only.
    const ro = await signIn(server.base, (await server.member('read-only')).email);
    expect((await ro.call('POST', '/api/tokens', { name: 'x', scope: 'read-write' })).status).toBe(400);
    expect((await ro.call('POST', '/api/tokens', { name: 'x', scope: 'read' })).status).toBe(201);
  });

  it('members and roles: admins invite people, only owners make owners, a workspace keeps an owner, leaving revokes tokens', async () => {
    const admin = await signIn(server.base, (await server.member('admin')).email);
    const added = await admin.call('POST', '/api/users', { email: 'New.Hire@Test.Example', name: 'New Hire', role: 'member' });
    expect(added.status).toBe(201);
    expect(added.body.invitation).toMatchObject({ email: 'new.hire@test.example', role: 'member', status: 'pending' });
    expect(added.body.code).toMatch(/^inv_/);
    expect((await admin.call('GET', '/api/invitations')).body.data.map((i: Json) => i.email)).toContain('new.hire@test.example');
    // Someone new chooses their password with the code (the policy applies) and is signed in as a member.
    const plain = jsonClient(() => server.base);
    expect((await plain('POST', '/api/invitations/redeem', { code: added.body.code, password: '1234567890' })).status).toBe(400);
    const redeemed = await plain('POST', '/api/invitations/redeem', { code: added.body.code, password: 'hiring season is open' });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ user: { email: 'new.hire@test.example', name: 'New Hire' }, role: 'member', workspace: { id: 'default' } });
    expect((await plain('POST', '/api/invitations/redeem', { code: added.body.code, password: 'hiring season is open' })).status).toBe(404); // used up
    const hire = await signIn(server.base, 'new.hire@test.example', 'hiring season is open');
    expect(hire.res.status).toBe(200);
    expect((await admin.call('POST', '/api/users', { email: 'new.hire@test.example', role: 'member' })).status).toBe(409);
    expect((await admin.call('POST', '/api/users', { email: 'not-an-address', role: 'member' })).status).toBe(400);
    expect((await admin.call('POST', '/api/users', { email: 'boss@test.example', role: 'owner' })).status).toBe(403);
    const members = (await admin.call('GET', '/api/users')).body.data as Json[];
    expect(Object.keys(members.find((m) => m.email === 'new.hire@test.example')!).sort()).toEqual(['email', 'id', 'joined_at', 'last_login_at', 'name', 'role']);

    const id = redeemed.body.user.id as string;
    expect((await admin.call('PATCH', `/api/users/${id}`, { role: 'owner' })).status).toBe(403);
    expect((await admin.call('PATCH', `/api/users/${id}`, { role: 'read-only' })).body.data.role).toBe('read-only');
    expect((await hire.call('POST', '/api/companies', { name: 'Demoted Ltd' })).status).toBe(403);

    // The owner token's user is the only owner: they cannot step down or be removed.
    const owners = (await call('GET', '/api/users')).body.data.filter((u: Json) => u.role === 'owner');
    expect(owners).toHaveLength(1);
    expect((await call('PATCH', `/api/users/${owners[0].id}`, { role: 'admin' })).status).toBe(409);
    expect((await call('DELETE', `/api/users/${owners[0].id}`)).status).toBe(409);
    expect((await admin.call('DELETE', `/api/users/${owners[0].id}`)).status).toBe(403);

    const leaver = await server.member('member');
    expect((await leaver.call('GET', '/api/deals?limit=1')).status).toBe(200);
    expect((await admin.call('DELETE', `/api/users/${leaver.userId}`)).status).toBe(204);
    expect((await leaver.call('GET', '/api/deals?limit=1')).status).toBe(401);
    expect((await signIn(server.base, leaver.email)).res.status).toBe(401);
    const kinds = (await call('GET', '/api/audit?entity=user&limit=500')).body.data.map((e: Json) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['user_added', 'role_changed', 'user_removed']));
  });

  it('audit log: every change with who, when and what changed, filtered and paged; record timelines name the actor', async () => {
    const member = await server.member('member');
    const company = (await member.call('POST', '/api/companies', { name: 'Audited GmbH', industry: 'Software' })).body.data;
    ctx().clock.advance(1000);
    await member.call('PATCH', `/api/companies/${company.id}`, { industry: 'Fintech' });
    await member.call('DELETE', `/api/companies/${company.id}`);
    const log = (await call('GET', `/api/audit?record_id=${company.id}`)).body.data as Json[];
    expect(log.map((e) => [e.kind, e.actor])).toEqual([
      ['deleted', member.email],
      ['updated', member.email],
      ['created', member.email],
    ]);
    expect(log[1]!.data.changes.industry).toEqual(['Software', 'Fintech']);
    const page1 = await call('GET', '/api/audit?limit=2');
    expect(page1.body.data).toHaveLength(2);
    const page2 = await call('GET', `/api/audit?limit=2&before=${page1.body.next_before}`);
    expect(page2.body.data[0].seq).toBeLessThan(page1.body.data[1].seq);

    // An import is one entry per file, with its counts and who uploaded it.
    const upload = new FormData();
    upload.append('companies', new Blob(['id,name\nco_audit_1,Imported One\nco_audit_2,Imported Two\n'], { type: 'text/csv' }), 'companies.csv');
    const imported = await fetch(`${server.base}/api/import`, { method: 'POST', body: upload, headers: { authorization: `Bearer ${member.token}` } });
    expect(imported.status).toBe(202);
    for (let status = ''; status !== 'succeeded'; await new Promise((r) => setTimeout(r, 25))) {
      status = (await member.call('GET', imported.headers.get('location')!)).body.status;
      expect(status).not.toBe('failed');
    }
    expect((await call('GET', '/api/audit?entity=import&limit=1')).body.data[0]).toMatchObject({
      kind: 'imported',
      actor: member.email,
      data: { object: 'company', file: 'companies.csv', rows: 2, inserted: 2, updated: 0, source: 'api' },
    });

    const contact = (await member.call('POST', '/api/contacts', { first_name: 'Tim', last_name: 'Line' })).body.data;
    await member.call('PATCH', `/api/contacts/${contact.id}`, { title: 'CFO' });
    const timeline = (await call('GET', `/api/contacts/${contact.id}/timeline`)).body.items as Json[];
    expect(timeline.filter((i) => i.type === 'event').map((i) => i.actor)).toEqual([member.email, member.email]);
  });

  it('erases a contact: record gone, activities stripped of personal data, history redacted, outcomes and memory dropped, one audit entry left', async () => {
    const company = (await call('POST', '/api/companies', { name: 'Erasure Corp' })).body.data;
    const person = (await call('POST', '/api/contacts', { first_name: 'Ingrid', last_name: 'Forgetme', email: 'ingrid.forgetme@erasure.example', company_id: company.id })).body.data;
    await call('PATCH', `/api/contacts/${person.id}`, { title: 'Head of Privacy', phone: '+49 30 1234567' });
    const deal = (await call('POST', '/api/deals', { name: 'Erasure renewal', company_id: company.id, contact_id: person.id, amount: 1000, stage: 'qualified' })).body.data;
    const note = (await call('POST', '/api/activities', { type: 'note', contact_id: person.id, deal_id: deal.id, occurred_at: '2026-10-01T10:00:00Z', subject: 'Ingrid Forgetme called', body: 'Ingrid said her private number is 0170 999' })).body.data;

    // Taking a copy of her data (access request) is itself audited.
    expect((await call('GET', `/api/contacts/${person.id}/export`)).status).toBe(200);
    expect((await call('GET', `/api/audit?record_id=${person.id}&kind=exported`)).body.data).toMatchObject([{ entity: 'contact', actor: expect.stringContaining('owner-') }]);

    const member = await server.member('member');
    expect((await member.call('POST', `/api/contacts/${person.id}/erase`)).status).toBe(403);
    const erased = await call('POST', `/api/contacts/${person.id}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body.data).toMatchObject({ contact: person.id, activities_redacted: 1, deals_unlinked: 1 });
    expect(erased.body.data.events_redacted).toBeGreaterThanOrEqual(3);

    expect((await call('GET', `/api/contacts/${person.id}`)).status).toBe(404);
    expect((await call('GET', `/api/contacts/${person.id}/export`)).status).toBe(404);
    const activity = (await call('GET', `/api/activities/${note.id}`)).body.data;
    expect(activity).toMatchObject({ subject: '[erased]', body: null, contact_id: null, deal_id: deal.id, occurred_at: note.occurred_at });
    expect((await call('GET', `/api/deals/${deal.id}`)).body.data).toMatchObject({ contact_id: null, name: 'Erasure renewal', amount: 1000 });
    expect((await call('GET', '/api/contacts?q=Forgetme')).body.data).toEqual([]);
    expect((await call('GET', '/api/activities?q=private')).body.data).toEqual([]);

    // Nothing that identified her is left in the audit log; the erasure itself is recorded.
    const everything = JSON.stringify((await call('GET', '/api/audit?limit=500')).body.data);
    for (const pii of ['Ingrid', 'Forgetme', 'ingrid.forgetme', '1234567', '0170 999', 'Head of Privacy']) expect(everything).not.toContain(pii);
    const entries = (await call('GET', `/api/audit?record_id=${person.id}`)).body.data as Json[];
    expect(entries[0]).toMatchObject({ kind: 'erased', entity: 'contact', data: { activities_redacted: 1, deals_unlinked: 1 } });
    expect(entries.slice(1).every((e) => e.data.erased === true)).toBe(true);
    expect((await call('POST', `/api/contacts/${person.id}/erase`)).status).toBe(404);
  });

  it("an admin of another workspace who adds an existing account learns nothing of it: an invitation it accepts, and never its sign-ins elsewhere", async () => {
    const { crm } = ctx();
    await crm.storage.workspaces.ensure({ id: 'ws_inviter', name: 'Inviter Co', created_at: '2026-11-01T12:00:00Z' });
    const stranger = await signIn(server.base, (await server.member('owner', { ws: 'ws_inviter' })).email);
    const person = await server.member('member'); // of the default workspace only
    expect((await signIn(server.base, person.email)).res.status).toBe(200);

    const existing = await stranger.call('POST', '/api/users', { email: person.email, role: 'member' });
    const fresh = await stranger.call('POST', '/api/users', { email: 'nobody.yet@test.example', role: 'member' });
    expect([existing.status, fresh.status]).toEqual([201, 201]);
    // The same answer either way: no account id, no timestamps, nothing but the invitation.
    const shape = (b: Json) => ({ keys: Object.keys(b).sort(), invitation: Object.keys(b.invitation).sort(), status: b.invitation.status, code: typeof b.code });
    expect(shape(existing.body)).toEqual(shape(fresh.body));
    const text = JSON.stringify(existing.body);
    for (const leak of [person.userId, 'created_at', 'password_changed_at', 'last_login_at']) expect(text).not.toContain(leak);
    // No membership yet; the person signs in again elsewhere, and the inviter's audit log does not hear of it.
    expect((await stranger.call('GET', '/api/users')).body.data.map((m: Json) => m.email)).not.toContain(person.email);
    const again = await signIn(server.base, person.email);
    await signIn(server.base, person.email, 'wrong guess');
    const audit = JSON.stringify((await stranger.call('GET', '/api/audit?limit=500')).body.data);
    expect(audit).not.toContain(person.userId);
    expect(audit).not.toContain('login_failed');

    // The person sees the invitation and accepts it: now a member, and the inviter sees the join, not the past.
    const mine = (await again.call('GET', '/api/me/invitations')).body.data as Json[];
    expect(mine).toEqual([{ id: existing.body.invitation.id, workspace: { id: 'ws_inviter', name: 'Inviter Co' }, role: 'member', invited_by: expect.any(String), expires_at: existing.body.invitation.expires_at }]);
    expect((await stranger.call('POST', `/api/me/invitations/${existing.body.invitation.id}/accept`)).status).toBe(404); // not theirs
    expect((await again.call('POST', `/api/me/invitations/${existing.body.invitation.id}/accept`)).body).toEqual({ workspace: { id: 'ws_inviter', role: 'member' } });
    const listed = ((await stranger.call('GET', '/api/users')).body.data as Json[]).find((m) => m.email === person.email)!;
    expect(listed).toEqual({ id: person.userId, email: person.email, name: null, role: 'member', joined_at: expect.any(String), last_login_at: null });
    // Sign-ins into the default workspace stay there; one into the inviter's workspace shows there.
    const into = await jsonClient(() => server.base)('POST', '/api/auth/login', { email: person.email, password: PASSWORD, workspace: 'ws_inviter' });
    expect(into.body.workspace.id).toBe('ws_inviter');
    const logins = (await stranger.call('GET', `/api/audit?record_id=${person.userId}&kind=login`)).body.data as Json[];
    expect(logins).toHaveLength(1);
    expect(((await stranger.call('GET', '/api/users')).body.data as Json[]).find((m) => m.email === person.email)!.last_login_at).toBe(logins[0]!.at);
    expect((await call('GET', `/api/audit?record_id=${person.userId}&kind=login`)).body.data).toHaveLength(2);
  });

  it('invitations expire after 7 days, can be revoked or declined, and a wrong password with the code counts as a failed sign-in', async () => {
    const adminEmail = (await server.member('admin')).email;
    let admin = await signIn(server.base, adminEmail);
    const plain = jsonClient(() => server.base);
    const late = (await admin.call('POST', '/api/users', { email: 'late.comer@test.example', role: 'read-only' })).body;
    ctx().clock.advance(7 * 24 * 3600_000 + 1000);
    admin = await signIn(server.base, adminEmail); // that long idle ended the session
    expect((await plain('POST', '/api/invitations/redeem', { code: late.code, password: 'too late for the party' })).status).toBe(404);
    expect((await admin.call('GET', '/api/invitations')).body.data.map((i: Json) => i.id)).not.toContain(late.invitation.id);

    const revoked = (await admin.call('POST', '/api/users', { email: 'revoked.one@test.example', role: 'member' })).body;
    expect((await admin.call('DELETE', `/api/invitations/${revoked.invitation.id}`)).status).toBe(204);
    expect((await plain('POST', '/api/invitations/redeem', { code: revoked.code, password: 'never gets to join us' })).status).toBe(404);
    expect((await admin.call('DELETE', `/api/invitations/${revoked.invitation.id}`)).status).toBe(404);

    const person = await server.member('member', { ws: 'ws_inviter' });
    const declined = (await admin.call('POST', '/api/users', { email: person.email, role: 'member' })).body;
    const wrong = await plain('POST', '/api/invitations/redeem', { code: declined.code, password: 'not their password' });
    expect(wrong.status).toBe(401);
    const s = await signIn(server.base, person.email);
    expect(s.res.body.security_notice).toMatchObject({ failed_sign_ins: 1 });
    expect((await s.call('POST', `/api/me/invitations/${declined.invitation.id}/decline`)).body).toEqual({ workspace: null });
    expect((await s.call('GET', '/api/me/invitations')).body.data).toEqual([]);
    const kinds = (await admin.call('GET', '/api/audit?entity=invitation&limit=50')).body.data.map((e: Json) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['invitation_declined', 'invitation_created']);
    expect(kinds).toContain('invitation_revoked');
  });

  it('keeps workspaces apart on every route: another tenant gets 404s and empty lists, never data, and changes nothing', async () => {
    const { crm } = ctx();
    await crm.storage.workspaces.ensure({ id: 'ws_tenant_b', name: 'Tenant B', created_at: '2026-11-01T12:00:00Z' });
    const bOwner = await server.member('owner', { ws: 'ws_tenant_b' });
    const b = await signIn(server.base, bOwner.email);
    expect(b.res.body.workspace.id).toBe('ws_tenant_b');

    // Workspace A (default): one record of each kind, a view, an experiment, a member and a token.
    const ids = {} as Record<EntityName, string>;
    for (const name of ['contact', 'company', 'deal', 'activity'] as EntityName[]) ids[name] = (await crm.records.list('default', ENTITIES[name], { limit: 1 })).records[0]!.id;
    const view = (await call('POST', '/api/views', { name: 'A only', object: 'deals', query: 'stage=qualified' })).body.data;
    const experiment = (await call('POST', '/api/experiments', { target: 'deal', variants: ['weighted', 'naive-bayes'] })).body;
    const aMember = await server.member('member');
    const aOwnerSession = await signIn(server.base, aMember.email);
    const aToken = (await aOwnerSession.call('POST', '/api/tokens', { name: 'A token', scope: 'read' })).body.data;
    const markers = [...Object.values(ids), view.id, experiment.id, aMember.email, aToken.id, aMember.userId];
    const before = JSON.stringify(await Promise.all((['contact', 'company', 'deal', 'activity'] as EntityName[]).map((n) => crm.storage.records.count('default', ENTITIES[n]))));

    const idFor = (path: string): string => {
      if (path.startsWith('/api/views/')) return view.id;
      if (path.startsWith('/api/experiments/')) return experiment.id;
      if (path.startsWith('/api/users/')) return aMember.userId;
      if (path.startsWith('/api/tokens/')) return aToken.id;
      if (path.startsWith('/api/graph/')) return ids.contact;
      const plural = path.split('/')[2]!;
      const entity = (['contact', 'company', 'deal', 'activity'] as EntityName[]).find((n) => ENTITIES[n].plural === plural);
      return entity ? ids[entity] : 'nope';
    };
    let withId = 0;
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      if (PUBLIC.has(key) || key === 'POST /api/auth/logout' || key === 'POST /api/auth/password' || key === 'POST /api/auth/sign-out-everywhere') continue;
      const url = fill(op.path, { id: idFor(op.path) });
      const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
      const r = await b.call(op.method, url, body);
      const text = JSON.stringify(r.body);
      // A "not found" may repeat the id that was asked for; nothing else of A's may appear.
      for (const m of markers.filter((m) => !url.includes(m))) expect(text, `${key} leaks ${m}`).not.toContain(m);
      if (op.path.includes('{id}')) {
        withId++;
        if (op.method === 'GET' || op.method === 'DELETE' || op.path.endsWith('/erase') || op.path.endsWith('/stop')) expect(r.status, `${key}`).toBe(404);
        else expect([400, 404], `${key}: ${r.status}`).toContain(r.status);
      } else expect(r.status, `${key}: ${text.slice(0, 200)}`).toBeLessThan(500);
    }
    expect(withId).toBeGreaterThan(20);
    // Bodies that name A's records find nothing either.
    expect((await b.call('POST', '/api/contacts/merge', { survivor: ids.contact, merged: ['ct_x'] })).status).toBe(404);
    expect((await b.call('POST', '/api/activities', { type: 'note', contact_id: ids.contact, occurred_at: '2026-10-01T10:00:00Z' })).status).toBe(400);
    // Naming A's workspace gets B nowhere.
    expect((await b.call('GET', '/api/contacts', undefined, { 'x-workspace-id': 'default' })).status).toBe(404);

    const after = JSON.stringify(await Promise.all((['contact', 'company', 'deal', 'activity'] as EntityName[]).map((n) => crm.storage.records.count('default', ENTITIES[n]))));
    expect(after).toBe(before);
    expect((await call('GET', `/api/views`)).body.data.some((v: Json) => v.id === view.id)).toBe(true);
    expect((await call('GET', `/api/experiments/${experiment.id}`)).body.status).toBe('running');
    expect((await aMember.call('GET', '/api/deals?limit=1')).status).toBe(200);
    expect((await aOwnerSession.call('GET', '/api/tokens')).body.data.find((t: Json) => t.id === aToken.id).revoked_at).toBeNull();
  }, 120_000);
});

describeEachBackend('access: throttled sign-ins instead of a lockout', (ctx) => {
  let server: TestServer;
  const call: Call = (...a) => server.call(...a);
  beforeAll(async () => {
    server = await serveForTest({ crm: ctx().crm, trustProxy: true });
  });
  afterAll(() => server?.close());

  it('throttles failed sign-ins per account and address with exponential backoff (429, Retry-After); another address still signs in', async () => {
    const member = await server.member('member');
    const attempt = (password: string) => jsonClient(() => server.base)('POST', '/api/auth/login', { email: member.email, password }, { 'x-forwarded-for': '10.0.0.1' });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong guess')).status).toBe(401);
    const throttled = await attempt(PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body.message).toMatch(/too many failed sign-ins for this account from your address; try again in 1 second/);
    ctx().clock.advance(1000);
    expect((await attempt('wrong guess')).status).toBe(401); // the 6th failure: the next waits 2 s
    expect((await attempt('wrong guess')).headers.get('retry-after')).toBe('2');
    for (let i = 0; i < 10; i++) {
      ctx().clock.advance(16 * 60_000);
      expect((await attempt('wrong guess')).status).toBe(401);
    }
    // 16 failures: 2^11 s, capped at 15 minutes.
    expect(Number((await attempt('wrong guess')).headers.get('retry-after'))).toBe(15 * 60);

    // The same account from another address is not slowed by those failures: the owner signs in.
    const elsewhere = await signInFrom(server, member.email, PASSWORD, '10.9.9.9');
    expect(elsewhere.status).toBe(200);
    // … and is told of the attempts made since their last sign-in, with the burst in their own history.
    expect(elsewhere.body.security_notice.failed_sign_ins).toBe(16);
    ctx().clock.advance(16 * 60_000);
    // A success from the throttled address clears its count.
    expect((await attempt(PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await attempt('wrong guess')).status).toBe(401);
  }, 60_000);

  it('throttles unknown e-mails like accounts, so a 429 does not tell which e-mails have one', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signInFrom(server, 'no.such.person@test.example', 'wrong guess', '10.2.0.1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    ctx().clock.advance(16 * 60_000);
  });

  it('records a burst of failures in the account history and tells its owner, whom no other workspace hears of', async () => {
    const member = await server.member('member');
    for (let i = 0; i < 10; i++) {
      ctx().clock.advance(60_000); // spaced out, as a patient attacker would
      expect((await signInFrom(server, member.email, 'wrong guess', `10.1.0.${i}`)).status).toBe(401);
    }
    const s = await signIn(server.base, member.email);
    expect(s.res.status).toBe(200);
    expect(s.res.body.security_notice.failed_sign_ins).toBe(10);
    // Read once: the next sign-in has nothing to report.
    expect((await signIn(server.base, member.email)).res.body.security_notice).toBeNull();
    const kinds = (await s.call('GET', '/api/me/sign-ins')).body.data.map((e: Json) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['login', 'login', 'failures_burst', 'login_failed']);
    expect((await call('GET', `/api/audit?record_id=${member.userId}&kind=login_failed`)).body.data).toEqual([]);
    ctx().clock.advance(16 * 60_000);
  });

});

describeEachBackend('access: rate limits, AUTH=off and the first owner', (ctx) => {
  it('limits sign-in attempts and API requests per client address with 429 and a message', async () => {
    const server = await serveForTest({ crm: ctx().crm, auth: { mode: 'on', apiRateLimit: { max: 5, windowMs: 60_000 }, loginRateLimit: { max: 3, windowMs: 60_000 } } });
    try {
      const attempts = [];
      for (let i = 0; i < 4; i++) attempts.push(await server.anonymous('POST', '/api/auth/login', { email: 'someone@test.example', password: 'guessing away' }));
      expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 429]);
      expect(attempts[3]!.body).toMatchObject({ error: 'rate_limited' });
      expect(attempts[3]!.body.message).toMatch(/too many requests/);
      expect(attempts[3]!.headers.get('retry-after')).toBeTruthy();
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await server.call('GET', '/api/companies?limit=1')).status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses[0]).toBe(200);
      expect((await server.anonymous('GET', '/health')).status).toBe(200); // not an /api route
    } finally {
      await server.close();
    }
  });

  it('AUTH=off: no credentials needed, requests act as the owner, writes carry no actor, sign-in says why it is pointless', async () => {
    const server = await serveForTest({ crm: ctx().crm, auth: { mode: 'off' } });
    try {
      const created = await server.anonymous('POST', '/api/companies', { name: 'Local Only' });
      expect(created.status).toBe(201);
      expect((await server.anonymous('GET', '/api/auth/session')).body).toMatchObject({ auth: 'off', role: 'owner', workspace: { id: 'default' } });
      expect((await server.anonymous('GET', `/api/audit?record_id=${created.body.data.id}`)).body.data[0]).toMatchObject({ kind: 'created', actor: null });
      const login = await server.anonymous('POST', '/api/auth/login', { email: 'a@b.c', password: 'whatever123' });
      expect(login.status).toBe(400);
      expect(login.body.message).toMatch(/AUTH=off/);
    } finally {
      await server.close();
    }
  });
});

describe('first owner', () => {
  it('is created once on an installation without users, with a generated password that signs in', async () => {
    const { openTestCrm } = await import('../support/backends.js');
    const { ctx, cleanup } = await openTestCrm('sqlite');
    try {
      const first = await ctx.crm.access.ensureFirstOwner('default');
      expect(first).toMatchObject({ email: 'admin@localhost' });
      expect(first!.password).toMatch(/^\S{20}$/);
      expect(await ctx.crm.access.ensureFirstOwner('default')).toBeUndefined();
      const { caller } = await ctx.crm.access.login('admin@localhost', first!.password!);
      expect((await ctx.crm.access.membershipOf(caller.user.id, 'default')).role).toBe('owner');
      const again = await openTestCrm('sqlite');
      try {
        expect(await again.ctx.crm.access.ensureFirstOwner('default', { email: 'Boss@Example.com', password: 'set by the environment' })).toEqual({ email: 'boss@example.com' });
        await expect(again.ctx.crm.access.login('boss@example.com', 'set by the environment')).resolves.toBeTruthy();
      } finally {
        await again.cleanup();
      }
    } finally {
      await cleanup();
    }
  });
});
