/**
 * Signing in and roles in a real browser against the real server (auth on): the sign-in page and its way back,
 * signing out, what a read-only member sees (and that the server refuses their writes anyway), an admin adding
 * a person and an API token (shown once), the audit log with actors, "by <actor>" on timelines, and the GDPR
 * erasure of a contact.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { OWNER, type Credentials } from './server.js';
import { apiLogin, browserSuite, signInThroughUi, useSessionCookie, type Json } from './session.js';

const READER: Credentials & { name: string } = { email: 'rita.reader@example.test', password: 'reading only, please', name: 'Rita Reader' };
/** A second workspace the owner belongs to as a member, with one contact of its own. */
const ACME = { id: 'acme', name: 'Acme Labs' };

(browserAvailable ? describe : describe.skip)('signing in and roles in the browser', () => {
  const s = browserSuite();
  /** A fresh browser profile: no cookie, nothing stored. */
  const freshPage = () => s.newPage({}, { signedIn: false });
  const url = (path: string) => `${s.server.base}${path}`;
  const shot = (page: Page, name: string) => page.screenshot({ path: artifactPath(`${name}.png`), fullPage: false });
  const firstContact = async (query = 'sort=last_name') => (await s.owner.api(`/api/contacts?${query}&limit=1`)).data[0] as Json;

  beforeAll(async () => {
    const { server, owner } = s;
    await server.ctx.crm.access.addUser('default', { email: READER.email, name: READER.name, role: 'read-only', password: READER.password }, { actor: null });
    // Joined a second later: the first membership is the workspace a sign-in starts in.
    server.ctx.clock.advance(1000);
    await server.ctx.crm.storage.workspaces.ensure({ ...ACME, created_at: new Date().toISOString() });
    await server.ctx.crm.access.addUser(ACME.id, { email: server.owner.email, role: 'member' }, { actor: null });
    await owner.api('/api/contacts', { method: 'POST', json: { first_name: 'Ada', last_name: 'Acme-Only', email: 'ada@acme.example' }, headers: { 'x-workspace-id': ACME.id } });
  });

  it('shows the server message for a wrong password and stays on the sign-in page', async () => {
    const page = await freshPage();
    await page.goto(url('/contacts'));
    await page.waitForURL(/\/signin\?next=%2Fcontacts$/);
    const refused = await fetch(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: s.server.owner.email, password: 'not the password' }) });
    expect(refused.status).toBe(401);
    const message = ((await refused.json()) as Json).message as string;
    await page.getByLabel('E-mail').fill(s.server.owner.email);
    await page.getByLabel('Password').fill('still not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(message);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(await page.getByLabel('Password').inputValue()).toBe(''); // cleared for the next try
    await shot(page, 'signin-wrong-password');
  });

  it('signs in and lands on the page that was asked for, with the name and role in the shell', async () => {
    const deal = (await s.owner.api('/api/deals?sort=-amount&limit=1')).data[0] as Json;
    const page = await freshPage();
    await page.goto(url(`/deals/${deal.id}?from=mail`));
    await page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('next') === `/deals/${deal.id}?from=mail`);
    await signInThroughUi(page, s.server.base, s.server.owner);
    expect(page.url()).toBe(url(`/deals/${deal.id}?from=mail`));
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();
    await page.getByRole('button', { name: /^Account: Olive Owner, Owner$/ }).waitFor();
    expect(await page.getByTestId('current-role').textContent()).toBe('Owner');
    // A reload keeps the session (the cookie), and the sign-in page sends a signed-in person on.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();
    await page.goto(url('/signin?next=%2Fpipeline'));
    await page.waitForURL(/\/pipeline$/);
  });

  it('signs out: back to the sign-in page, and the old session no longer opens anything', async () => {
    const page = await freshPage();
    await page.goto(url('/signin'));
    await signInThroughUi(page, s.server.base, s.server.owner);
    await page.waitForURL((u) => u.pathname === '/'); // Home
    const cookie = (await page.context().cookies(s.server.base)).find((c) => c.name === 'crm_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect((await fetch(url('/api/auth/session'), { headers: { cookie: `crm_session=${cookie.value}` } })).status).toBe(200);

    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await page.context().cookies(s.server.base)).some((c) => c.name === 'crm_session')).toBe(false);
    expect((await fetch(url('/api/auth/session'), { headers: { cookie: `crm_session=${cookie.value}` } })).status).toBe(401);
    await page.goto(url('/companies'));
    await page.waitForURL(/\/signin\?next=%2Fcompanies$/);
  });

  it('gives a read-only member no edit controls, and the server refuses their writes anyway', async () => {
    const reader = await apiLogin(s.server.base, READER);
    expect(reader.session).toMatchObject({ role: 'read-only', auth: 'session', user: { email: READER.email } });
    const page = await freshPage();
    await useSessionCookie(page.context(), s.server.base, reader);
    await page.goto(url('/contacts?sort=last_name'));
    const grid = page.getByRole('grid', { name: 'contacts table' });
    const row = grid.locator('tbody tr[data-id]').first();
    await row.waitFor();
    expect(await page.getByTestId('current-role').textContent()).toBe('Read-only');

    // Lists: no inline editor, no bulk actions, no saving of views; no Import in the navigation.
    await row.locator('td').nth(4).dblclick();
    expect(await page.getByLabel('Title', { exact: true }).count()).toBe(0);
    await row.locator('input[type="checkbox"]').check();
    expect(await page.getByRole('region', { name: 'Bulk actions' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('dialog', { name: 'Saved views' }).waitFor();
    expect(await page.getByLabel('View name').count()).toBe(0);
    await page.keyboard.press('Escape');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Import' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Contacts' }).waitFor();

    // A record with a timeline: values only, no composer, no erasure.
    const id = (await s.owner.api('/api/activities?limit=1&sort=occurred_at')).data[0].contact_id as string;
    await page.goto(url(`/contacts/${id}`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('ol.timeline li').first().waitFor();
    expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Add to timeline' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Erase personal data/ }).count()).toBe(0);
    await shot(page, 'read-only-contact');

    // Import, typed in: told why; Settings: tokens, no Users or Audit log.
    await page.goto(url('/import'));
    await page.getByText('Your role in this workspace is read-only.').waitFor();
    await page.goto(url('/settings'));
    await page.waitForURL(/\/settings\/tokens$/);
    const tabs = page.getByRole('navigation', { name: 'Settings sections' });
    expect(await tabs.getByRole('link').allTextContents()).toEqual(['API tokens', 'Password & sign-ins']);
    await page.goto(url('/settings/users'));
    await page.getByText('Only admins and owners can see this.').waitFor();
    await page.goto(url('/settings/tokens'));
    await page.getByLabel('Token scope').waitFor();
    expect(await page.getByLabel('Token scope').locator('option').allTextContents()).toEqual(['Read']);

    // The server: reading works, writing is refused with its reason, whatever the UI shows.
    expect((await reader.call(`/api/contacts/${id}`)).status).toBe(200);
    const patch = await reader.call(`/api/contacts/${id}`, { method: 'PATCH', json: { title: 'Changed by a reader' } });
    expect(patch.status).toBe(403);
    expect(patch.body.error).toBe('forbidden');
    // … and from the browser itself, with the app's own CSRF token.
    const fromPage = await page.evaluate(async (contactId) => {
      const s = (await (await fetch('/api/auth/session')).json()) as { csrf_token: string };
      const r = await fetch(`/api/contacts/${contactId}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf_token }, body: JSON.stringify({ title: 'x' }) });
      return r.status;
    }, id);
    expect(fromPage).toBe(403);
    expect((await s.owner.api(`/api/contacts/${id}`)).data.title).not.toBe('Changed by a reader');
  });

  it('refuses a write without the CSRF token, and the app sends it on its own writes', async () => {
    const contact = await firstContact('lead_status=contacted&sort=last_name');
    const noCsrf = await fetch(url(`/api/contacts/${contact.id}`), { method: 'PATCH', headers: { cookie: `crm_session=${s.owner.cookie}`, 'content-type': 'application/json' }, body: '{"title":"x"}' });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as Json).message).toBe('missing or wrong CSRF token');

    const page = await freshPage();
    await useSessionCookie(page.context(), s.server.base, s.owner);
    const headers: Record<string, string>[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && headers.push(r.headers()));
    await page.goto(url(`/contacts/${contact.id}`));
    await page.getByRole('button', { name: 'Edit Title' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Director of CSRF Safety');
    await page.keyboard.press('Enter');
    await page.locator('.toast-success').filter({ hasText: 'Title saved' }).waitFor();
    expect(headers[0]!['x-csrf-token']).toBe(s.owner.session.csrf_token);
    expect((await s.owner.api(`/api/contacts/${contact.id}`)).data.title).toBe('Director of CSRF Safety');
  });

  it('lets an admin invite a person (the code shown once; they choose their password with it) and make an API token (shown once)', async () => {
    const page = await freshPage();
    await useSessionCookie(page.context(), s.server.base, s.owner);
    await page.goto(url('/settings'));
    await page.waitForURL(/\/settings\/users$/);
    const users = page.getByRole('table', { name: 'Users' });
    await users.locator(`tr:has-text("${s.server.owner.email}")`).waitFor();
    expect(await users.locator(`tr:has-text("${READER.email}")`).textContent()).toContain('Read-only');

    const form = page.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('New user e-mail').fill('mo.member@example.test');
    await form.getByLabel('New user name').fill('Mo Member');
    await form.getByLabel('New user role').selectOption('member');
    await form.getByRole('button', { name: 'Invite' }).click();
    const secret = page.getByRole('region', { name: 'Invitation code' });
    await secret.getByText('it will not be shown again').waitFor();
    const code = await secret.getByLabel('Invitation code').inputValue();
    expect(code).toMatch(/^inv_/);
    await page.getByRole('table', { name: 'Pending invitations' }).locator('tr:has-text("mo.member@example.test")').waitFor();
    // Mo accepts with the code on the sign-in page, choosing a password.
    const mop = await freshPage();
    await mop.goto(url('/signin'));
    await mop.getByRole('button', { name: 'I have an invitation code' }).click();
    await mop.getByLabel('Invitation code').fill(code);
    await mop.getByLabel('Password').fill('mo likes quiet mornings');
    await mop.getByRole('button', { name: 'Accept invitation' }).click();
    await mop.waitForURL((u) => !u.pathname.startsWith('/signin'));
    const mo = await apiLogin(s.server.base, { email: 'mo.member@example.test', password: 'mo likes quiet mornings' });
    expect(mo.session).toMatchObject({ role: 'member', user: { name: 'Mo Member' } });
    await page.reload();
    await users.locator('tr:has-text("mo.member@example.test")').waitFor();
    await shot(page, 'settings-users');

    // Change the role, then remove them again.
    await users.getByLabel('Role of mo.member@example.test').selectOption('admin');
    await page.locator('.toast-success').filter({ hasText: 'mo.member@example.test is now Admin' }).waitFor();
    expect(((await s.owner.api('/api/users')).data as Json[]).find((u) => u.email === 'mo.member@example.test')!.role).toBe('admin');
    expect(await page.getByLabel('Invitation code').count()).toBe(0); // gone after the reload

    // API tokens: created, shown once with a warning, usable; gone from the page afterwards; revoked.
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL(/\/settings\/tokens$/);
    await page.getByLabel('Token name').fill('Nightly export');
    await page.getByLabel('Token scope').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('region', { name: 'New token' });
    await shown.getByText('Copy it now: it will not be shown again.').waitFor();
    const token = await shown.getByLabel('New API token').inputValue();
    expect(token).toMatch(/^crm_/);
    await shot(page, 'settings-token-created');
    const tokens = page.getByRole('table', { name: 'API tokens' });
    const row = tokens.locator('tbody tr').filter({ hasText: 'Nightly export' });
    await row.waitFor();
    expect(await row.textContent()).not.toContain(token);
    expect(await row.textContent()).toContain(s.server.owner.email);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(url('/api/contacts?limit=1'), { headers: bearer })).status).toBe(200);
    expect((await fetch(url('/api/contacts'), { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"first_name":"Tok"}' })).status).toBe(403); // read scope

    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel('New API token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    await row.getByRole('button', { name: 'Revoke token Nightly export' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.locator('.toast-success').filter({ hasText: 'Revoked token "Nightly export"' }).waitFor();
    await expect.poll(() => row.locator('.badge').textContent()).toBe('revoked');
    expect((await fetch(url('/api/contacts?limit=1'), { headers: bearer })).status).toBe(401);

    // Removing the person from the workspace.
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Users' }).click();
    await users.getByRole('button', { name: 'Remove mo.member@example.test' }).click();
    await users.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => users.locator('tr:has-text("mo.member@example.test")').count()).toBe(0);
  });

  it('shows sign-ins and record changes with their actor in the audit log and on the timeline', async () => {
    const contact = await firstContact('lead_status=new&sort=last_name');
    const page = await freshPage();
    await page.goto(url(`/contacts/${contact.id}`));
    await signInThroughUi(page, s.server.base, s.server.owner);
    await page.getByRole('button', { name: 'Edit Title' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Chief Audit Officer');
    await page.keyboard.press('Enter');
    await page.locator('.toast-success').filter({ hasText: 'Title saved' }).waitFor();
    const event = page.locator('ol.timeline li.tl-event').filter({ hasText: 'Title: Chief Audit Officer' });
    await event.waitFor();
    // Named as a member (their e-mail on hover), once the members are loaded.
    await expect.poll(() => event.locator('.tl-actor').textContent(), { timeout: 10_000 }).toBe(`by ${OWNER.name}`);
    expect(await event.locator('.tl-actor').getAttribute('title')).toBe(OWNER.email);

    await page.goto(url('/settings/audit'));
    const table = page.getByRole('table', { name: 'Audit log' });
    await table.locator('tbody tr').first().waitFor();
    await page.getByLabel('Filter by kind').selectOption('updated');
    await page.waitForURL(/kind=updated/);
    const updated = table.locator(`tbody tr[data-kind="updated"]`).filter({ hasText: contact.id }).first();
    await updated.waitFor();
    expect(await updated.locator('.audit-actor').textContent()).toBe(s.server.owner.email);
    expect(await updated.textContent()).toContain('Chief Audit Officer');
    expect(await updated.getByRole('link', { name: contact.id }).getAttribute('href')).toBe(`/contacts/${contact.id}`);

    await page.getByLabel('Filter by kind').selectOption('login');
    await page.waitForURL(/kind=login/);
    const login = table.locator('tbody tr[data-kind="login"]').first();
    await login.waitFor();
    expect(await login.locator('.audit-actor').textContent()).toBe(s.server.owner.email);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-kind') === 'login'))).toBe(true);
    // The wrong password of the first test belongs to the account, not the workspace; the reader's sign-in is here, filtered by actor.
    expect(await page.getByLabel('Filter by kind').locator('option[value="login_failed"]').count()).toBe(0);
    await page.getByLabel('Filter by kind').selectOption('');
    await page.getByLabel('Filter by actor').fill(READER.email);
    await page.getByLabel('Filter by actor').press('Enter');
    await page.waitForURL(/actor=/);
    // Wait for the filtered rows themselves (an empty table while they load would pass "every row is the reader's").
    await expect
      .poll(async () => {
        const actors = await table.locator('tbody .audit-actor').allTextContents();
        return actors.length > 0 && actors.every((t) => t === READER.email);
      })
      .toBe(true);
    expect(await table.locator('tbody tr[data-kind="login"]').count()).toBeGreaterThan(0);
    await page.reload();
    expect(await page.getByLabel('Filter by actor').inputValue()).toBe(READER.email);
    await shot(page, 'settings-audit');
  });

  it('switches workspace from the shell, sends it with every call and remembers it', async () => {
    const page = await freshPage();
    await useSessionCookie(page.context(), s.server.base, s.owner);
    const sent: (string | undefined)[] = [];
    page.on('request', (r) => r.url().includes('/api/contacts') && sent.push(r.headers()['x-workspace-id']));
    await page.goto(url('/contacts/ct_00001'));
    const switcher = page.getByLabel('Workspace', { exact: true });
    await switcher.waitFor();
    const defaultName = (s.owner.session.workspaces as Json[]).find((w) => w.id === 'default')!.name as string;
    expect(await switcher.locator('option').allTextContents()).toEqual([`${defaultName} · Owner`, 'Acme Labs · Member']);
    await switcher.selectOption(ACME.id);
    await page.waitForURL(/\/contacts$/); // a record of the other workspace is not in this one
    await page.locator('.toast-success').filter({ hasText: 'Switched to Acme Labs' }).waitFor();
    const grid = page.getByRole('grid', { name: 'contacts table' });
    await expect.poll(() => grid.locator('tbody tr[data-id]').count()).toBe(1);
    expect(await grid.locator('tbody tr[data-id]').first().textContent()).toContain('Acme-Only');
    expect(await page.getByTestId('current-role').textContent()).toBe('Member');
    expect(await page.evaluate(() => localStorage.getItem('crm.workspace'))).toBe(ACME.id);
    expect(sent.at(-1)).toBe(ACME.id);
    // A member is no admin there: no Users tab.
    await page.goto(url('/settings'));
    await page.waitForURL(/\/settings\/tokens$/);
    expect(await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Users' }).count()).toBe(0);
    // Remembered across a reload, and back again.
    await page.goto(url('/contacts'));
    await expect.poll(() => grid.locator('tbody tr[data-id]').count()).toBe(1);
    await page.getByLabel('Workspace', { exact: true }).selectOption('default');
    await expect.poll(() => grid.locator('tbody tr[data-id]').count()).toBeGreaterThan(10);
    expect(sent.at(-1)).toBe('default');
  });

  it('changes the password from the user menu: the other sessions end, the new password signs in', async () => {
    const who = { email: 'pat.password@example.test', password: 'first password 123' };
    await s.server.ctx.crm.access.addUser('default', { ...who, name: 'Pat Password', role: 'member' }, { actor: null });
    const elsewhere = await apiLogin(s.server.base, who);
    const page = await freshPage();
    await signInThroughUi(page, s.server.base, who);
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Password & sign-ins' }).click();
    await page.waitForURL(/\/settings\/password$/);
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(who.password);
    await form.getByLabel('New password', { exact: true }).fill('too short');
    await form.getByLabel('New password again').fill('too short');
    await form.getByText('At least 10 characters.', { exact: true }).waitFor();
    expect(await form.getByRole('button', { name: 'Change password' }).isDisabled()).toBe(true);
    await form.getByLabel('New password', { exact: true }).fill('second password 456');
    await form.getByLabel('New password again').fill('second password 456');
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.toast-success').filter({ hasText: 'Password changed' }).waitFor();
    expect((await elsewhere.call('/api/auth/session')).status).toBe(401);
    // This browser stays signed in, and its writes still carry a valid CSRF token.
    await page.goto(url('/contacts'));
    await page.getByRole('grid', { name: 'contacts table' }).locator('tbody tr[data-id]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/contacts');
    await expect(apiLogin(s.server.base, who)).rejects.toThrow(/401/);
    expect((await apiLogin(s.server.base, { ...who, password: 'second password 456' })).session.user.email).toBe(who.email);
    // Their own sign-in history is on the same page; "sign out everywhere" ends this session too.
    await page.goto(url('/settings/password'));
    await page.getByRole('table', { name: 'Sign-ins' }).locator('tr[data-kind="password_changed"]').waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
    await page.waitForURL(/\/signin/);
  });

  it('erases a contact after the name (or ERASE) is typed, then lists the contacts with a toast', async () => {
    const contact = await firstContact('lead_status=unqualified&sort=-last_name');
    const name = `${contact.first_name} ${contact.last_name}`;
    const page = await freshPage();
    await useSessionCookie(page.context(), s.server.base, s.owner);
    await page.goto(url(`/contacts/${contact.id}`));
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('button', { name: 'More actions' }).click(); // destructive actions live in the header's menu
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: `Erase personal data of ${name}?` });
    const confirm = dialog.getByRole('button', { name: 'Erase personal data' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel("Type the contact's name or ERASE to confirm").fill('erase');
    expect(await confirm.isDisabled()).toBe(true); // ERASE in capitals, or the name
    await dialog.getByLabel("Type the contact's name or ERASE to confirm").fill(name);
    await shot(page, 'erase-contact');
    await confirm.click();
    await page.waitForURL(/\/contacts$/);
    await page.locator('.toast-success').filter({ hasText: `Erased the personal data of ${name}` }).waitFor();
    expect((await s.owner.call(`/api/contacts/${contact.id}`)).status).toBe(404);
    const audit = (await s.owner.api(`/api/audit?kind=erased&entity=contact`)).data as Json[];
    expect(audit.find((e) => e.record_id === contact.id)).toMatchObject({ actor: s.server.owner.email, kind: 'erased' });

    // Not offered below admin: the reader gets no button, and the server says no.
    const reader = await apiLogin(s.server.base, READER);
    const other = await firstContact('lead_status=unqualified&sort=last_name');
    expect((await reader.call(`/api/contacts/${other.id}/erase`, { method: 'POST' })).status).toBe(403);
    expect(s.pageErrors).toEqual([]);
  });
});
