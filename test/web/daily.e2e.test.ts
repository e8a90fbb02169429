/**
 * Day one, the rest (issue 15) in a real browser: undo after a bulk stage move, deal flags that survive an
 * inline edit, a record's duplicate notice leading to the merge preview, the command bar opening the activity
 * form ("log a call with …", "new task", "new activity"), Delete in a record's ⋯ menu for every object, tasks
 * without a due date on Home, date-times in the browser's own time zone, and the list toolbar on a phone.
 * Screenshots at 1440×900 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, PHONE, type Json } from './session.js';

(browserAvailable ? describe : describe.skip)('day-one follow-ups in a browser', () => {
  const s = browserSuite();
  const rows = () => s.page.locator('tbody tr[data-id]');
  const row = (id: string) => s.page.locator(`tbody tr[data-id="${id}"]`);
  /** A row's cell under the column header of that name. */
  const cell = async (id: string, header: string) => {
    const headers = await s.page.locator('thead th').allTextContents();
    return row(id).locator('td').nth(headers.findIndex((h) => h.startsWith(header)));
  };
  const stageOf = async (id: string) => (await s.api(`/api/deals/${id}`)).data.stage as string;

  it('undoes a bulk stage move: every deal goes back to the stage it had', async () => {
    await s.goto('/deals?stage=qualified&sort=-amount');
    await rows().first().waitFor();
    const ids = await rows().evaluateAll((trs) => trs.slice(0, 3).map((tr) => tr.getAttribute('data-id')!));
    for (const id of ids) await row(id).locator('input[type="checkbox"]').check();
    await s.page.getByLabel('Move selected deals to stage').selectOption('negotiation');
    const toast = s.page.locator('.undo-toast');
    await expect.poll(() => toast.textContent()).toContain('Moved 3 deals to Negotiation');
    for (const id of ids) expect(await stageOf(id)).toBe('negotiation');
    await s.shot('daily-bulk-undo-desktop');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await s.page.locator('.toast-success').filter({ hasText: '3 deals back in their stages' }).waitFor();
    for (const id of ids) expect(await stageOf(id)).toBe('qualified');
    // The list shows them back in Qualified.
    await expect.poll(async () => (await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).filter((id) => ids.includes(id!)).length).toBe(3);
  });

  it('keeps a deal row\'s flags through an inline edit, and drops Overdue once the close date moves ahead', async () => {
    const [deal] = (await s.api('/api/deals/flagged?flag=overdue&limit=1')).data as Json[];
    await s.goto(`/deals?q=${encodeURIComponent(String(deal!.name))}`);
    const flag = row(deal!.id).locator('.flag-overdue');
    await flag.waitFor();
    await (await cell(deal!.id, 'Amount')).dblclick();
    await s.page.getByLabel('Amount', { exact: true }).fill('43210');
    await s.page.keyboard.press('Enter');
    await expect.poll(async () => (await s.api(`/api/deals/${deal!.id}`)).data.amount).toBe(43210);
    await s.page.locator('.toast-success').filter({ hasText: 'Amount saved' }).waitFor();
    await s.page.waitForTimeout(300); // room for a refetch of the row's flags
    expect(await flag.count()).toBe(1);
    // A close date ahead: the server says the deal is no longer overdue, and the row follows without a reload.
    await (await cell(deal!.id, 'Expected close')).dblclick();
    await s.page.getByLabel('Expected close', { exact: true }).fill('2099-06-30');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => flag.count()).toBe(0);
  });

  it('names a record\'s likely duplicate on its page and opens the merge preview for that pair', async () => {
    await s.api('/api/companies', { method: 'POST', json: { id: 'co_daily_dup', name: 'Vexillum Works' } });
    await s.api('/api/contacts', { method: 'POST', json: { id: 'ct_daily_a', first_name: 'Ottoline', last_name: 'Brackwater', email: 'ottoline@vexillum.io', company_id: 'co_daily_dup' } });
    await s.api('/api/contacts', { method: 'POST', json: { id: 'ct_daily_b', first_name: 'Ottoline', last_name: 'Brackwater', email: 'o.brackwater@gmail.com', title: 'COO', company_id: 'co_daily_dup' } });
    await s.goto('/contacts/ct_daily_a');
    const notice = s.page.getByRole('status', { name: 'Possible duplicates' });
    await notice.getByText('Ottoline Brackwater').waitFor();
    await notice.getByRole('button', { name: 'Review merge' }).click();
    await s.page.waitForURL(/review=ct_daily_b/);
    const preview = s.page.getByRole('region', { name: 'Merge preview' });
    await preview.getByRole('button', { name: /Merge into Ottoline Brackwater/ }).waitFor();
    await s.shot('daily-duplicate-review-desktop');
    // The link survives a reload: the preview opens again for the same pair.
    await s.page.reload();
    await preview.getByRole('button', { name: /Merge into Ottoline Brackwater/ }).click();
    await s.page.waitForURL((u) => u.pathname === '/contacts/ct_daily_a' && !u.search.includes('review'));
    const survivor = (await s.api('/api/contacts/ct_daily_a')).data as Json;
    expect(survivor.title).toBe('COO'); // filled from the merged record
    expect(survivor.other_emails).toContain('o.brackwater@gmail.com');
    expect((await s.owner.call('/api/contacts/ct_daily_b')).status).toBe(404);
  });

  it('opens the activity form from the command bar: "log a call with …", "new task", "new activity"', async () => {
    await s.api('/api/contacts', { method: 'POST', json: { id: 'ct_daily_call', first_name: 'Perpetua', last_name: 'Quenby', email: 'perpetua@quenby.example' } });
    await s.goto('/deals');
    await rows().first().waitFor();
    const bar = s.page.getByRole('dialog', { name: 'Command bar' });
    const form = s.page.getByRole('dialog', { name: 'New activity' });
    const ask = async (text: string, option: RegExp) => {
      await s.page.locator('body').press('/');
      await bar.getByLabel('Ask or jump to').fill(text);
      await bar.getByRole('option', { name: option }).waitFor();
      await s.page.keyboard.press('Enter');
      await form.waitFor();
    };

    await ask('log a call with Perpetua Quenby', /Log a call with “Perpetua Quenby”/);
    expect(await form.getByLabel('Type').inputValue()).toBe('call');
    await expect.poll(() => form.getByRole('combobox', { name: 'Contact' }).inputValue()).toBe('Perpetua Quenby');
    await form.getByLabel('Subject').fill('Intro call about renewals');
    await s.shot('daily-command-call-desktop');
    await form.getByRole('button', { name: 'Create activity' }).click();
    await s.page.waitForURL(/\/contacts\/ct_daily_call$/);
    await s.page.locator('.timeline .tl-item').filter({ hasText: 'Intro call about renewals' }).waitFor();
    const [call] = (await s.api('/api/activities?contact_id=ct_daily_call')).data as Json[];
    expect(call).toMatchObject({ type: 'call', subject: 'Intro call about renewals', contact_id: 'ct_daily_call' });

    await ask('new task', /Create a new task/);
    expect(await form.getByLabel('Type').inputValue()).toBe('task');
    await form.getByLabel('Due (tasks)').waitFor(); // a task asks for its due date
    await s.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });

    await ask('new activity', /Create a new activity/);
    expect(await form.getByLabel('Type').inputValue()).toBe('note');
    await s.page.keyboard.press('Escape');
  });

  it('deletes a contact, a company and a deal from the record\'s ⋯ menu: confirmed, audited, back to the list', async () => {
    const made = {
      contacts: (await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Isolde', last_name: 'Deletable', email: 'isolde@deletable.example' } })).data as Json,
      companies: (await s.api('/api/companies', { method: 'POST', json: { name: 'Deletable Foundry' } })).data as Json,
      deals: (await s.api('/api/deals', { method: 'POST', json: { name: 'Deletable renewal', stage: 'lead', amount: 1000 } })).data as Json,
    };
    for (const [plural, record] of Object.entries(made)) {
      const title = plural === 'contacts' ? 'Isolde Deletable' : String(record.name);
      const label = { contacts: 'contact', companies: 'company', deals: 'deal' }[plural]!;
      await s.goto(`/${plural}/${record.id}`);
      await s.page.getByRole('button', { name: 'More actions' }).click();
      await s.page.getByRole('menuitem', { name: `Delete ${label}…` }).click();
      // Nothing is gone until it is confirmed.
      expect((await s.owner.call(`/api/${plural}/${record.id}`)).status).toBe(200);
      await s.page.getByRole('menuitem', { name: `Really delete ${title}?` }).click();
      await s.page.waitForURL((u) => u.pathname === `/${plural}`);
      await s.page.locator('.toast-success').filter({ hasText: `Deleted ${title}` }).waitFor();
      expect((await s.owner.call(`/api/${plural}/${record.id}`)).status).toBe(404);
      const audit = (await s.api(`/api/audit?record_id=${record.id}&kind=deleted`)).data as Json[];
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ entity: label, record_id: record.id, actor: s.server.owner.email });
    }
  });

  it('lists my open tasks without a due date on Home under "No date", completed in one click', async () => {
    const me = s.owner.session.user.id as string;
    const task = (await s.api('/api/activities', { method: 'POST', json: { type: 'task', subject: 'Send the onboarding pack', owner: me, contact_id: 'ct_00001', occurred_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } })).data as Json;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await s.api('/api/activities', { method: 'POST', json: { type: 'task', subject: 'Someone else\'s undated task', contact_id: 'ct_00001', occurred_at: now } });
    const other = (await s.api('/api/activities', { method: 'POST', json: { type: 'task', subject: 'Call back about pricing', owner: me, occurred_at: now } })).data as Json;
    await s.goto('/');
    const group = s.page.locator('.home-group').filter({ has: s.page.getByRole('heading', { name: /No date/ }) });
    const item = group.locator(`[data-activity-id="${task.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('No due date');
    expect(await group.textContent()).not.toContain('Someone else'); // mine only
    await s.shot('daily-home-no-date-desktop');
    await item.getByRole('checkbox', { name: 'Complete task: Send the onboarding pack' }).click(); // click, not check(): the done task may leave the group before Playwright reads its state
    await expect.poll(async () => typeof (await s.api(`/api/activities/${task.id}`)).data.completed_at).toBe('string');
    await s.page.reload();
    await group.locator(`[data-activity-id="${other.id}"]`).waitFor(); // the undated tasks have loaded …
    expect(await s.page.locator(`[data-activity-id="${task.id}"]`).count()).toBe(0); // … without the done one
  });

  it('shows date-times in the browser\'s time zone on Home and on timelines, events and activities alike', async () => {
    const zone = 'Pacific/Auckland'; // far from UTC: a UTC rendering shows another hour and often another day
    const local = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone });
    const page = await s.newPage({ timezoneId: zone });
    const at = new Date(Date.now() - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const deal = (await s.api('/api/deals', { method: 'POST', json: { name: 'Kauri timber order', stage: 'lead', amount: 5000, contact_id: 'ct_00001' } })).data as Json;
    await s.api(`/api/deals/${deal.id}`, { method: 'PATCH', json: { stage: 'qualified' } });
    await s.api('/api/activities', { method: 'POST', json: { type: 'meeting', subject: 'Site visit in Auckland', deal_id: deal.id, contact_id: 'ct_00001', occurred_at: at } });
    const items = (await s.api(`/api/deals/${deal.id}/timeline`)).items as Json[];
    const event = items.find((i) => i.type !== 'activity')!;

    await page.goto(`${s.server.base}/deals/${deal.id}`);
    const timeline = page.locator('.timeline');
    await timeline.locator('.tl-item').filter({ hasText: 'Site visit in Auckland' }).locator('time').filter({ hasText: local.format(new Date(at)) }).waitFor();
    await timeline.locator('.tl-event time').filter({ hasText: local.format(new Date(event.at as string)) }).first().waitFor();
    await page.goto(`${s.server.base}/`);
    await page.locator('.home-recent li').filter({ hasText: 'Site visit in Auckland' }).locator('time').filter({ hasText: local.format(new Date(at)) }).waitFor();

    // An instant field reads as the local day, and its editor starts from that day (20:00 UTC is the next morning there).
    await s.api('/api/contacts/ct_00002', { method: 'PATCH', json: { last_contacted_at: '2026-03-01T20:00:00Z' } });
    await page.goto(`${s.server.base}/contacts/ct_00002`);
    const lastContacted = page.getByRole('button', { name: 'Edit Last contacted' });
    await expect.poll(() => lastContacted.textContent()).toBe('2 Mar 2026');
    await lastContacted.click();
    expect(await page.getByLabel('Last contacted', { exact: true }).inputValue()).toBe('Mon 2 Mar 2026'); // as the app writes dates (DateInput)
    await page.getByLabel('Last contacted', { exact: true }).fill('2026-03-05');
    await page.keyboard.press('Enter');
    // Saved as the start of that day in Auckland (UTC+13 in March).
    await expect.poll(async () => (await s.api('/api/contacts/ct_00002')).data.last_contacted_at).toBe('2026-03-04T11:00:00Z');
    await page.context().close();
  });

  it('keeps the list toolbar to one row on a phone, with views, columns, export and filters a tap away', async () => {
    const page = await s.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto(`${s.server.base}/contacts`);
    await page.getByRole('list', { name: 'contacts list' }).getByRole('listitem').first().waitFor();
    const header = await page.locator('.list-screen .screen-header').boundingBox();
    const search = await page.getByLabel('Search contacts').boundingBox();
    const filters = await page.getByRole('button', { name: 'Filters' }).boundingBox();
    // The title row and one row of search: the filters button sits beside the search, not below it.
    expect(Math.abs(filters!.y - search!.y)).toBeLessThan(8);
    expect(search!.y + search!.height - header!.y).toBeLessThan(110);
    expect(await page.getByRole('button', { name: 'Export CSV' }).count()).toBe(0);
    await page.screenshot({ path: artifactPath('daily-list-toolbar-phone.png') });

    await page.getByRole('button', { name: 'More list actions' }).click();
    await page.getByRole('group', { name: 'List actions' }).getByRole('button', { name: 'Export CSV' }).waitFor();
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Filter by Lead status').selectOption('customer');
    await page.waitForURL(/lead_status=customer/);
    await expect.poll(() => page.getByRole('button', { name: 'Filters (1)' }).count()).toBe(1);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
  });

  it('raised no page errors', () => {
    expect(s.pageErrors).toEqual([]);
  });
});
