/**
 * The Tasks screen in a real browser: a task about a company added there without opening the record (mine by
 * default, grouped by when it is due), anyone's overdue task under "Everyone" but not under "Me", one click to
 * complete (and Undo in its toast), rescheduling to tomorrow morning, the Done list and reopening from it; on a phone it
 * fits the screen.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local value for tomorrow at a local time (the browser runs in the same zone as this process). */
const tomorrowAt = (h: number, m: number) => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(h)}:${pad(m)}`;
};

(browserAvailable ? describe : describe.skip)('the Tasks screen', () => {
  const s = browserSuite();
  const group = (name: string) => s.page.getByRole('region', { name, exact: true });
  let company: Json;

  it('adds a task about a company from the Tasks screen; it is mine and due tomorrow', async () => {
    company = ((await s.owner.api('/api/companies?limit=1&sort=name')).data as Json[])[0]!;
    await s.goto('/tasks');
    await s.page.getByRole('heading', { level: 1, name: /Tasks/ }).waitFor();
    await s.page.getByRole('button', { name: '+ New task' }).click();
    const form = s.page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Subject').fill('Renewal call prep');
    await form.getByLabel('Due date and time').fill(tomorrowAt(10, 30));
    await expect.poll(() => form.getByLabel('Owner').inputValue()).toBe(s.owner.session.user.id);
    await form.locator('label').filter({ hasText: /^Company$/ }).click();
    const picker = form.getByRole('combobox', { name: /About \(company/ });
    await picker.fill(String(company!.name));
    await form.getByRole('option', { name: new RegExp(String(company!.name)) }).first().click();
    await form.getByRole('button', { name: 'Add task' }).click();

    const row = group('Tomorrow').locator('.home-task').filter({ hasText: 'Renewal call prep' });
    await row.getByText('Tomorrow 10:30').waitFor();
    await row.getByRole('link', { name: String(company!.name) }).waitFor();
    const saved = (await s.owner.api('/api/activities?type=task&subject=Renewal%20call%20prep')).data as Json[];
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ company_id: company!.id, owner: s.owner.session.user.id, completed_at: null });
  });

  it("shows another's overdue task under Everyone, not under Me, and says whose it is", async () => {
    await s.owner.api('/api/activities', { method: 'POST', json: { type: 'task', subject: 'Chase the signed order form', occurred_at: '2026-01-01T09:00:00Z', due_at: '2026-01-02T09:00:00Z' } });
    await s.goto('/tasks');
    await group('Tomorrow').waitFor();
    expect(await s.page.getByText('Chase the signed order form').count()).toBe(0);
    await s.page.getByLabel('Assigned to').selectOption('all');
    const row = group('Overdue').locator('.home-task').filter({ hasText: 'Chase the signed order form' });
    await row.waitFor();
    expect(await row.textContent()).toContain('nobody');
    expect(new URL(s.page.url()).searchParams.get('who')).toBe('all');
  });

  it('reschedules an overdue task to tomorrow morning in one click', async () => {
    await s.goto('/tasks?who=all');
    const row = group('Overdue').locator('.home-task').filter({ hasText: 'Chase the signed order form' });
    await row.getByRole('button', { name: 'Reschedule' }).click();
    await row.getByRole('group', { name: 'Reschedule: Chase the signed order form' }).getByRole('button', { name: 'Tomorrow 9:00' }).click();
    await group('Tomorrow').locator('.home-task').filter({ hasText: 'Chase the signed order form' }).getByText('Tomorrow 09:00').waitFor();
    const [task] = (await s.owner.api('/api/activities?type=task&subject=Chase%20the%20signed%20order%20form')).data as Json[];
    const due = new Date(String(task!.due_at));
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    expect([due.getDate(), due.getHours(), due.getMinutes()]).toEqual([tomorrow.getDate(), 9, 0]);
  });

  it('completes a task in one click, lists it under Done and reopens it there', async () => {
    await s.goto('/tasks');
    const row = s.page.locator('.home-task').filter({ hasText: 'Renewal call prep' });
    await row.getByRole('checkbox', { name: 'Complete task: Renewal call prep' }).check();
    await row.getByRole('checkbox', { name: 'Reopen task: Renewal call prep' }).waitFor();
    await expect.poll(async () => ((await s.owner.api('/api/activities?type=task&subject=Renewal%20call%20prep')).data as Json[])[0]!.completed_at).not.toBeNull();

    await s.page.locator('label').filter({ hasText: /^Done$/ }).click();
    const done = s.page.locator('.home-task.done').filter({ hasText: 'Renewal call prep' });
    await done.waitFor();
    await done.getByRole('checkbox', { name: 'Reopen task: Renewal call prep' }).uncheck();
    await expect.poll(async () => ((await s.owner.api('/api/activities?type=task&subject=Renewal%20call%20prep')).data as Json[])[0]!.completed_at).toBeNull();
    await s.shot('tasks-done-desktop');
  });

  it("takes a completion back with the toast's Undo", async () => {
    await s.goto('/tasks');
    const row = s.page.locator('.home-task').filter({ hasText: 'Renewal call prep' });
    await row.getByRole('checkbox', { name: 'Complete task: Renewal call prep' }).check();
    const toast = s.page.locator('.toast').filter({ hasText: 'Task done' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await row.getByRole('checkbox', { name: 'Complete task: Renewal call prep' }).waitFor();
    await expect.poll(async () => ((await s.owner.api('/api/activities?type=task&subject=Renewal%20call%20prep')).data as Json[])[0]!.completed_at).toBeNull();
    expect(await toast.count()).toBe(0);
    await s.page.locator('.toast').filter({ hasText: 'Task reopened' }).waitFor();
  });

  it('fits a phone screen, grouped, with the new-task form', async () => {
    await s.phone();
    await s.goto('/tasks?who=all&new=1');
    await group('Tomorrow').waitFor();
    await s.page.getByRole('form', { name: 'New task' }).waitFor();
    expect(await s.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await s.shot('tasks-phone');
    await s.desktop();
    expect(s.pageErrors).toEqual([]);
  });
});
