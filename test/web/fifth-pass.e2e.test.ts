/**
 * The fifth walk's fixes (docs/web-app.md, "Found and fixed (fifth pass)"): date fields in the app's own format
 * whatever the browser's locale, focus where work goes on after creating a record, moving a deal or closing a
 * "+ Contact" form, the Import drop zone's words on a phone, the dashboard's activity types by their labels with
 * whole-number ticks, a timeline's time beside a long line, and deal names beside their Company column at 1366 px.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, PHONE, type Json } from './session.js';

const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return a && a !== document.body ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} ${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim()}` : 'body';
  });

(browserAvailable ? describe : describe.skip)("a new user's fifth walk", () => {
  const s = browserSuite();

  it('date fields show and take dates as the app writes them in an en-US browser, and say what they cannot read', async () => {
    const page = await s.newPage({ locale: 'en-US', timezoneId: 'Europe/Berlin' });
    const contact = (await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Dagny', last_name: 'Fifthpass', email: 'dagny@fifth.example' } })).data as Json;
    await page.goto(`${s.server.base}/contacts/${contact.id}`);
    const composer = page.getByRole('form', { name: 'Add to timeline' });
    await composer.locator('label', { hasText: /^task$/i }).click();
    await composer.getByLabel('Subject').fill('Send the order form');
    const due = composer.getByLabel('Due date and time');
    // Typed day first, as every date on screen reads ("6 Dec 2026"): 15 January, not the 1st of month 15.
    await due.fill('15/01/2027 14:30');
    await due.press('Tab');
    expect(await due.inputValue()).toBe('Fri 15 Jan 2027, 14:30');
    expect(await due.getAttribute('placeholder')).toMatch(/15 Jan 2027/);
    // Something that is not a date is said to be one the field cannot read, not kept silently.
    await due.fill('next-ish');
    await composer.getByText('Not a date I can read').waitFor();
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    // Adding anyway does not put the task in without a due date: the server refuses the text beside the field, and
    // what was typed stays.
    await composer.getByRole('button', { name: 'Add task' }).click();
    await composer.locator('#composer-due_at-error').waitFor();
    expect(await composer.getByLabel('Subject').inputValue()).toBe('Send the order form');
    expect(((await s.api(`/api/activities?contact_id=${contact.id}&type=task`)).data as Json[]).length).toBe(0);
    await due.fill('tomorrow 9am');
    await composer.getByText('Not a date I can read').waitFor({ state: 'detached' });
    await composer.locator('#composer-due_at-error').waitFor({ state: 'detached' });
    await due.fill('15 Jan 2027 14:30');
    await composer.getByRole('button', { name: 'Add task' }).click();
    await expect
      .poll(async () => ((await s.api(`/api/activities?contact_id=${contact.id}&type=task`)).data as Json[]).map((a) => a.due_at))
      .toEqual(['2027-01-15T13:30:00Z']); // 14:30 in Berlin

    // A new deal's expected close, typed with a month name, is stored as that calendar day.
    await page.goto(`${s.server.base}/deals?new=1`);
    const form = page.getByRole('dialog', { name: 'New deal' });
    await form.locator('#field-name').fill('Fifth pass date deal');
    const close = form.getByLabel('Expected close', { exact: true });
    await close.fill('3 March 2027');
    await close.press('Tab');
    expect(await close.inputValue()).toBe('Wed 3 Mar 2027');
    await form.getByRole('button', { name: /Create deal/ }).click();
    await page.waitForURL(/\/deals\/.+/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect((await s.api(`/api/deals/${id}`)).data.expected_close).toBe('2027-03-03');
    // The page shows it the same way.
    await page.locator('.field-row', { hasText: 'Expected close' }).getByText('3 Mar 2027').waitFor();
    await page.close();
    expect(s.pageErrors).toEqual([]);
  }, 90_000);

  it('a created record opens with focus on its title; "+ Contact" gets focus back when its form closes', async () => {
    await s.goto('/companies');
    await s.page.getByRole('button', { name: /New company/ }).click();
    const form = s.page.getByRole('dialog', { name: 'New company' });
    await form.getByLabel('Name').first().fill('Fifth Pass Focus Works');
    await s.page.keyboard.press('Enter');
    await s.page.waitForURL(/\/companies\/.+/);
    await expect.poll(() => focused(s.page)).toBe('h1#record-title Fifth Pass Focus Works');
    // A reload does not move focus again (the mark is cleared).
    await s.page.reload();
    await s.page.locator('#record-title').waitFor();
    await s.page.waitForTimeout(300);
    expect(await focused(s.page)).toBe('body');

    const add = s.page.getByRole('button', { name: '+ Contact' });
    await add.click();
    const contactForm = s.page.getByRole('dialog', { name: 'New contact' });
    await contactForm.getByLabel('First name').fill('Ingrid');
    await contactForm.getByLabel('Email').fill('ingrid@fifth-focus.example');
    await contactForm.getByRole('button', { name: /Create contact/ }).click();
    await contactForm.waitFor({ state: 'detached' });
    await expect.poll(() => focused(s.page)).toBe('button + Contact');
    // Cancelled: the same.
    await s.page.keyboard.press('Enter');
    await contactForm.waitFor();
    await s.page.keyboard.press('Escape');
    await contactForm.waitFor({ state: 'detached' });
    await expect.poll(() => focused(s.page)).toBe('button + Contact');
  }, 60_000);

  it("a deal moved on its stage bar keeps focus in the bar: the next step, then Won, then the outcome", async () => {
    const deal = (await s.api('/api/deals', { method: 'POST', json: { name: 'Fifth pass stage walk', stage: 'lead', amount: 1000 } })).data as Json;
    await s.goto(`/deals/${deal.id}`);
    await s.page.getByRole('button', { name: 'Move to Qualified' }).click();
    await expect.poll(() => focused(s.page)).toBe('button Move to Proposal');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => focused(s.page)).toBe('button Move to Negotiation');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => focused(s.page)).toBe('button Won');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => focused(s.page)).toMatch(/^p Won · /);
    expect((await s.api(`/api/deals/${deal.id}`)).data.stage).toBe('closed_won');
  }, 60_000);

  it('the Import drop zone says "tap to choose a file" on a phone and "click to choose" on a desktop', async () => {
    await s.goto('/import');
    const zone = s.page.locator('.dropzone');
    await zone.waitFor();
    expect(await zone.innerText()).toMatch(/Drop CSV files here\s+or click to choose/);
    const phone = await s.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await phone.goto(`${s.server.base}/import`);
    const phoneZone = phone.locator('.dropzone');
    await phoneZone.waitFor();
    const text = await phoneZone.innerText();
    expect(text).toContain('Tap to choose a file');
    expect(text).not.toMatch(/click|Drop/i);
    await phone.close();
  }, 60_000);

  it('"Activity by type" names the types by their labels, on whole-number ticks', async () => {
    await s.goto('/dashboard');
    const card = s.page.getByRole('region', { name: 'Activity by type' });
    // recharts draws every tick's text in its own layer, not under its axis: the words are the types, the numbers the counts.
    const ticks = card.locator('text.recharts-cartesian-axis-tick-value');
    await ticks.first().waitFor({ timeout: 30_000 });
    const texts = await ticks.evaluateAll((els) => els.map((e) => e.textContent ?? '')); // SVG text has no innerText
    const labels = texts.filter((t) => !/^[\d.,]+[KM]?$/.test(t));
    const values = texts.filter((t) => /^[\d.,]+[KM]?$/.test(t));
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(['Email', 'Call', 'Meeting', 'Note', 'Task']).toContain(l);
    expect(values.length).toBeGreaterThan(1);
    for (const v of values) expect(v).not.toMatch(/^\d+\.\d+$/);
  }, 60_000);

  it('a timeline entry with a long line keeps its time at the right of the first line', async () => {
    const contact = (await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Long', last_name: 'Lines', email: 'long@lines.example' } })).data as Json;
    const subject = 'Walked through the whole rollout plan with procurement, legal and the two plant managers, including the spare parts schedule';
    await s.api('/api/activities', { method: 'POST', json: { type: 'note', subject, contact_id: contact.id } });
    await s.api('/api/deals', { method: 'POST', json: { name: 'A deal with a rather long name for the north plant extension and its second phase', contact_id: contact.id, stage: 'lead' } });
    for (const size of [{ width: 1366, height: 850 }, PHONE]) {
      await s.page.setViewportSize(size);
      await s.goto(`/contacts/${contact.id}`);
      const items = s.page.locator('.timeline .tl-item');
      await items.nth(1).waitFor();
      for (const item of await items.all()) {
        const line = (await item.locator('.tl-line').boundingBox())!;
        const time = (await item.locator('.tl-head > time').boundingBox())!;
        // Beside the line's first row (not under it), inside the item.
        expect(time.y).toBeLessThan(line.y + 12);
        expect(time.x).toBeGreaterThanOrEqual(line.x + line.width - 1);
      }
      // The long ones did wrap (the test means something): each is taller than one row.
      const tall = await items.locator('.tl-line').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().height > 30).length);
      expect(tall).toBeGreaterThanOrEqual(1);
    }
    await s.desktop();
  }, 60_000);

  it('at 1366 px a deal name beside its Company column drops the company and fits; the whole name is on hover', async () => {
    const company = (await s.api('/api/companies', { method: 'POST', json: { name: 'Crescent Harbour Logistics GmbH' } })).data as Json;
    const name = 'Crescent Harbour Logistics GmbH – Automation Cloud';
    const deal = (await s.api('/api/deals', { method: 'POST', json: { name, company_id: company.id, stage: 'lead', amount: 5000 } })).data as Json;
    await s.page.setViewportSize({ width: 1366, height: 850 });
    await s.goto(`/deals?q=${encodeURIComponent('Crescent Harbour')}`);
    const cell = s.page.locator(`tr[data-id="${deal.id}"] td`, { has: s.page.locator('.title-link') });
    await cell.waitFor();
    await expect.poll(() => cell.locator('.title-link').textContent()).toBe('Automation Cloud');
    expect(await cell.evaluate((td) => td.scrollWidth <= td.clientWidth)).toBe(true);
    expect(await cell.getAttribute('title')).toBe(`${name} — Double-click to edit`);
    // The company's name is in the next column.
    await expect.poll(() => s.page.locator(`tr[data-id="${deal.id}"]`).textContent()).toContain('Crescent Harbour Logistics GmbH');
    await s.desktop();
  }, 60_000);

  it('a similar contact without a title is not given "same seniority (null)" as a reason', async () => {
    const company = (await s.api('/api/companies', { method: 'POST', json: { name: 'Untitled People Cooperative' } })).data as Json;
    const notes = 'Runs the cold-storage warehouse; worried about the compressor maintenance contract renewal';
    const a = (await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Ulla', last_name: 'Notitle', company_id: company.id, notes } })).data as Json;
    const b = (await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Ulrik', last_name: 'Notitle', company_id: company.id, notes } })).data as Json;
    // The test server embeds in this process, without a background worker: embed the two new ones and load them.
    await s.server.intelligence.worker.drain();
    await s.server.intelligence.memory.load();
    let results: Json[] = [];
    await expect
      .poll(async () => {
        const body = (await s.api(`/api/contacts/${a.id}/similar?limit=20`)) as Json;
        results = body.results ?? [];
        return results.some((r) => (r.record ?? r).id === b.id);
      }, { timeout: 30_000 })
      .toBe(true);
    const reasons = results.flatMap((r) => (r.reasons ?? []) as string[]);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r).not.toMatch(/\bnull\b|undefined/);
    // And on the page.
    await s.goto(`/contacts/${a.id}`);
    const panel = s.page.getByRole('region', { name: 'Similar records' });
    await panel.getByText('Ulrik Notitle').waitFor();
    expect(await panel.textContent()).not.toContain('null');
  }, 60_000);

  it("a contact's Next action card keeps the policy's name and model version on hover, not in a line of its own", async () => {
    const contact = ((await s.api('/api/contacts?limit=1&sort=last_name')).data as Json[])[0]!;
    await s.goto(`/contacts/${contact.id}`);
    const action = s.page.locator('.nba-action').first();
    await action.waitFor({ timeout: 30_000 });
    expect(await action.getAttribute('title')).toMatch(/^policy \S+ · model v\d+/);
    const card = s.page.locator('section', { has: action }).first();
    expect(await card.innerText()).not.toMatch(/model v\d/);
  }, 60_000);

  it('enum options in filters read as words with a capital ("Customer", not "customer")', async () => {
    await s.goto('/contacts');
    const select = s.page.getByLabel('Filter by Lead status');
    await select.waitFor();
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
    const named = options.filter((o) => o.value !== '');
    expect(named.length).toBeGreaterThan(1);
    for (const o of named) expect(o.text[0]).toBe(o.text[0]!.toUpperCase());
  }, 60_000);
});

