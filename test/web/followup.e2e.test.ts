/**
 * Follow-up (issue 15) in a real browser: a task with a due time created from a contact page shows on Home, is
 * completed there in one click and reopened; a logged call takes an outcome and a duration, moves "Last contacted"
 * and offers "Schedule the next step" (a prefilled task); activities are edited and deleted on the timeline.
 * Screenshots of Home and of a timeline with tasks at 1440×900 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, PHONE, type Json } from './session.js';

const CONTACT = 'ct_00001';
const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local value for a local time today (the browser runs in the same zone as this process). */
const todayAt = (h: number, m: number) => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(h)}:${pad(m)}`;
};

(browserAvailable ? describe : describe.skip)('follow-up in a browser', () => {
  const s = browserSuite();
  const timelineItem = (text: string) => s.page.locator('.timeline .tl-item').filter({ hasText: text });

  it('opens on Home, with empty states that say what to do', async () => {
    await s.goto('/');
    await s.page.getByRole('heading', { name: /Good (morning|afternoon|evening), Olive/ }).waitFor();
    await s.page.getByText('No tasks of yours — add one from any record.').waitFor();
    await s.page.getByText('None of your open deals closes in the next 14 days.').waitFor();
    await s.page.getByText('No open deal has gone quiet.').waitFor(); // nothing of the data set is Olive's yet
    // Recent activity of the workspace (the data set's).
    expect(await s.page.locator('.home-recent li').count()).toBeGreaterThan(0);
    await s.page.getByRole('link', { name: 'Home' }).waitFor();
    await s.page.screenshot({ path: artifactPath('followup-home-empty-desktop.png') });
  });

  it('lists my deals gone quiet (no activity or stage move for the idle threshold) on Home', async () => {
    const [quiet] = (await s.owner.api('/api/deals/flagged?flag=idle&limit=1')).data as Json[];
    expect(quiet).toBeTruthy();
    await s.owner.api(`/api/deals/${quiet!.id}`, { method: 'PATCH', json: { owner: s.owner.session.user.id } });
    await s.goto('/');
    const card = s.page.getByRole('region', { name: /My deals gone quiet/ });
    await card.getByRole('link', { name: quiet!.name as string }).waitFor();
    expect(await card.locator('.due').first().textContent()).toMatch(/quiet since|never touched/);
    await s.owner.api(`/api/deals/${quiet!.id}`, { method: 'PATCH', json: { owner: null } });
  });

  it('creates a task with a due time on a contact page, completes it on Home in one click and reopens it', async () => {
    await s.goto(`/contacts/${CONTACT}`);
    const composer = s.page.getByRole('form', { name: 'Add to timeline' });
    await composer.locator('label').filter({ hasText: /^task$/ }).click();
    await composer.getByLabel('Subject').fill('Send the pricing sheet');
    await composer.getByLabel('Due date and time').fill(todayAt(23, 45));
    // Mine by default.
    expect(await composer.getByLabel('Owner').inputValue()).toBe(s.owner.session.user.id);
    await composer.getByRole('button', { name: 'Add task' }).click();
    const item = timelineItem('Send the pricing sheet');
    await item.getByText('Today 23:45').waitFor();

    const tasks = (await s.owner.api(`/api/activities?type=task&contact_id=${CONTACT}&subject=Send%20the%20pricing%20sheet`)).data;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ owner: s.owner.session.user.id, completed_at: null });

    await s.goto('/');
    const row = s.page.locator('.home-task').filter({ hasText: 'Send the pricing sheet' });
    await row.waitFor();
    expect(await s.page.locator('.home-group').filter({ hasText: 'Today' }).locator('.home-task').count()).toBe(1);
    await row.getByRole('checkbox', { name: 'Complete task: Send the pricing sheet' }).click();
    await s.page.locator('.toast-success').filter({ hasText: 'Task done' }).waitFor();
    expect((await s.owner.api(`/api/activities/${tasks[0].id}`)).data.completed_at).not.toBeNull();
    await row.getByRole('checkbox', { name: 'Reopen task: Send the pricing sheet' }).click();
    await s.page.locator('.toast-success').filter({ hasText: 'Task reopened' }).waitFor();
    expect((await s.owner.api(`/api/activities/${tasks[0].id}`)).data.completed_at).toBeNull();
  });

  it('completes a task on the timeline in one click, shows overdue ones in red, edits and deletes with a confirmation', async () => {
    const yesterday = new Date(Date.now() - 26 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await s.owner.api('/api/activities', { json: { type: 'task', subject: 'Call back about the renewal', contact_id: CONTACT, occurred_at: yesterday, due_at: yesterday, owner: s.owner.session.user.id } });
    await s.goto(`/contacts/${CONTACT}`);
    const overdue = timelineItem('Call back about the renewal');
    await overdue.locator('.due.overdue').waitFor();
    expect(await overdue.locator('.due.overdue').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(194, 55, 47)');
    await s.page.screenshot({ path: artifactPath('followup-timeline-desktop.png') });

    await overdue.getByRole('checkbox', { name: 'Complete task: Call back about the renewal' }).click();
    await overdue.getByRole('checkbox', { name: 'Reopen task: Call back about the renewal' }).waitFor();
    await expect.poll(async () => (await s.owner.api(`/api/activities?type=task&subject=Call%20back%20about%20the%20renewal`)).data[0].completed_at).not.toBeNull();

    // Edit: a new subject and a later due time; the change shows at once.
    await overdue.getByRole('button', { name: 'Edit task: Call back about the renewal' }).click();
    const form = s.page.getByRole('form', { name: 'Edit task' });
    await form.getByLabel('Subject').fill('Call back about the 2027 renewal');
    await form.getByRole('button', { name: 'Save' }).click();
    const edited = timelineItem('Call back about the 2027 renewal');
    await edited.waitFor();
    // Delete asks first.
    await edited.getByRole('button', { name: 'Delete task: Call back about the 2027 renewal' }).click();
    await edited.getByRole('button', { name: 'Yes, delete this task' }).click();
    await edited.waitFor({ state: 'detached' });
    expect((await s.owner.api('/api/activities?type=task&subject=Call%20back%20about%20the%202027%20renewal')).data).toEqual([]);
  });

  it('logs a call with outcome and duration, moves Last contacted, and offers to schedule the next step', async () => {
    await s.owner.api(`/api/contacts/${CONTACT}`, { method: 'PATCH', json: { last_contacted_at: '2020-01-01T00:00:00Z' } });
    await s.goto(`/contacts/${CONTACT}`);
    const composer = s.page.getByRole('form', { name: 'Add to timeline' });
    await composer.locator('label').filter({ hasText: /^call$/ }).click();
    await composer.getByLabel('Subject').fill('Discovery call');
    await composer.getByLabel('Outcome').selectOption('connected');
    await composer.getByLabel('Duration in minutes').fill('25');
    await composer.getByRole('button', { name: 'Add call' }).click();
    const call = timelineItem('Discovery call');
    await call.getByText('Connected').waitFor();
    await call.getByText('25 min').waitFor();

    const contact = (await s.owner.api(`/api/contacts/${CONTACT}`)).data;
    expect(contact.last_contacted_at > '2026-01-01').toBe(true);
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(contact.last_contacted_at));
    await s.page.locator('main').getByText(day).first().waitFor();

    // A negative duration is stopped by the field itself; one the server refuses shows its message beside the field.
    await composer.locator('label').filter({ hasText: /^meeting$/ }).click();
    await composer.getByLabel('Subject').fill('Bad duration');
    await composer.getByLabel('Duration in minutes').fill('-5');
    expect(await composer.getByLabel('Duration in minutes').evaluate((e) => (e as HTMLInputElement).validity.valid)).toBe(false);
    await composer.getByLabel('Duration in minutes').fill('30000');
    await composer.getByRole('button', { name: 'Add meeting' }).click();
    await composer.locator('.field-error').filter({ hasText: 'from 0 to 20160' }).waitFor();
    expect(await composer.getByLabel('Duration in minutes').getAttribute('aria-invalid')).toBe('true');
    await s.page.screenshot({ path: artifactPath('followup-composer-error-desktop.png') });
    await composer.getByLabel('Duration in minutes').fill('');
    await composer.getByLabel('Subject').fill('');
    await composer.locator('label').filter({ hasText: /^call$/ }).click();
    await composer.getByLabel('Subject').fill('Second call');
    await composer.getByRole('button', { name: 'Add call' }).click();

    // After a call: the next step, prefilled as a task due tomorrow morning.
    await composer.getByRole('button', { name: 'Schedule the next step' }).click();
    expect(await composer.getByLabel('Subject').inputValue()).toBe('Follow up on Second call');
    expect(await composer.getByLabel('Due date and time').inputValue()).toMatch(/, 09:00$/); // shown as the app writes dates: 'Mon 7 Dec 2026, 09:00'
    await composer.getByRole('button', { name: 'Add task' }).click();
    await timelineItem('Follow up on Second call').getByText(/Tomorrow 09:00/).waitFor();
  });

  it('shows Home and a timeline with tasks on a phone', async () => {
    await s.owner.api('/api/activities', { json: { type: 'task', subject: 'Prepare the demo', contact_id: CONTACT, occurred_at: new Date().toISOString(), due_at: new Date(Date.now() + 3 * 86400_000).toISOString(), owner: s.owner.session.user.id } });
    await s.goto('/');
    await s.page.locator('.home-task').first().waitFor();
    await s.shot('followup-home-desktop');
    const p = await s.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    await p.goto(`${s.server.base}/`);
    await p.locator('.home-task').first().waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await p.screenshot({ path: artifactPath('followup-home-phone.png') });
    await p.goto(`${s.server.base}/contacts/${CONTACT}`);
    await p.locator('.timeline .tl-task-meta').first().waitFor();
    await p.locator('.timeline .tl-task-meta').first().scrollIntoViewIfNeeded();
    await p.screenshot({ path: artifactPath('followup-timeline-phone.png') });
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await p.context().close();
    expect(s.pageErrors).toEqual([]);
  });
});
