/**
 * The fourth walk, as a Pipedrive or Attio user meets the app: typed text is never dropped without a question
 * (the Tasks screen's new task and the timeline's edit form ask as the new-record form does), focus comes back
 * where work goes on after a form closes, and the Models tables read at 390 × 844.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, dropCsv, type Json } from './session.js';

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

(browserAvailable ? describe : describe.skip)('a new user\'s fourth walk', () => {
  const s = browserSuite();

  it('the Tasks screen\'s new task asks before Escape drops what was typed, and focus returns to "+ New task"', async () => {
    await s.goto('/tasks');
    const newTask = s.page.getByRole('button', { name: '+ New task' });
    await newTask.click();
    const form = s.page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Subject').fill('Send the revised quote');
    await s.page.keyboard.press('Escape');
    const prompt = form.getByRole('alertdialog', { name: 'Discard this form' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Discard this new task? What you typed will be lost.');
    expect(await s.page.evaluate(() => document.activeElement?.textContent)).toBe('Keep editing');
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(await form.getByLabel('Subject').inputValue()).toBe('Send the revised quote');
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Subject');
    // Typing again answers the question too: it goes.
    await s.page.keyboard.press('Escape');
    await prompt.waitFor();
    await form.getByLabel('Subject').press('End');
    await form.getByLabel('Subject').pressSequentially('!');
    await prompt.waitFor({ state: 'detached' });
    // Escape, then Escape again: discarded; focus is on "+ New task" for the next one.
    await s.page.keyboard.press('Escape');
    await prompt.waitFor();
    await s.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.textContent)).toBe('+ New task');
    // Nothing typed: one Escape closes, as before; Enter on the focused button opens a fresh form.
    await s.page.keyboard.press('Enter');
    await form.getByLabel('Subject').waitFor();
    expect(await form.getByLabel('Subject').inputValue()).toBe('');
    await s.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    // Added: the form closes and focus is back on "+ New task".
    await newTask.click();
    await form.getByLabel('Subject').fill('Book the kickoff');
    await form.getByRole('button', { name: 'Add task' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.textContent)).toBe('+ New task');
    expect(s.pageErrors).toEqual([]);
  }, 60_000);

  it('the timeline\'s edit form asks before Escape drops a change, and focus returns to its Edit button', async () => {
    const contact = ((await s.api('/api/contacts?limit=1&sort=last_name')).data as Json[])[0]!;
    const call = (await s.api('/api/activities', { method: 'POST', json: { type: 'call', subject: 'Intro call', contact_id: contact.id, occurred_at: nowIso() } })).data as Json;
    await s.goto(`/contacts/${contact.id}`);
    const item = s.page.locator(`[data-activity-id="${call.id}"]`);
    await item.getByRole('button', { name: 'Edit call: Intro call' }).click();
    const form = item.getByRole('form', { name: 'Edit call' });
    // Unchanged: one Escape closes, focus on Edit.
    await form.getByLabel('Subject').waitFor();
    await s.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit call: Intro call');
    // Changed: Escape asks.
    await s.page.keyboard.press('Enter');
    await form.getByLabel('Subject').fill('Intro call — pricing came up');
    await s.page.keyboard.press('Escape');
    const prompt = form.getByRole('alertdialog', { name: 'Discard this form' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Discard your changes to this call?');
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    expect(await form.getByLabel('Subject').inputValue()).toBe('Intro call — pricing came up');
    await s.page.keyboard.press('Escape');
    await prompt.getByRole('button', { name: 'Discard' }).click();
    await form.waitFor({ state: 'detached' });
    expect(((await s.api(`/api/activities/${call.id}`)).data as Json).subject).toBe('Intro call');
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit call: Intro call');
    // Saved: the new subject, focus on its Edit button.
    await s.page.keyboard.press('Enter');
    await form.getByLabel('Subject').fill('Intro call — pricing');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit call: Intro call — pricing');
    expect(s.pageErrors).toEqual([]);
  }, 60_000);

  it('after logging on a timeline focus goes on: to "Schedule the next step" after a call, to an empty Subject after a note', async () => {
    const contact = ((await s.api('/api/contacts?limit=1&sort=-last_name')).data as Json[])[0]!;
    await s.goto(`/contacts/${contact.id}`);
    const composer = s.page.getByRole('form', { name: 'Add to timeline' });
    await composer.locator('label', { hasText: /^call$/ }).click();
    await composer.getByLabel('Subject').fill('Discovery call');
    await composer.getByRole('button', { name: 'Add call' }).click();
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.textContent)).toBe('Schedule the next step');
    // Enter takes it: a task prefilled from the call, its subject focused.
    await s.page.keyboard.press('Enter');
    await expect.poll(() => composer.getByLabel('Subject').inputValue()).toBe('Follow up on Discovery call');
    await composer.locator('label', { hasText: /^note$/ }).click();
    await composer.getByLabel('Subject').fill('Prefers e-mail in the mornings');
    await composer.getByRole('button', { name: 'Add note' }).click();
    await s.page.getByRole('list', { name: 'Timeline' }).getByText('Prefers e-mail in the mornings').waitFor();
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Subject');
    expect(await composer.getByLabel('Subject').inputValue()).toBe('');
    expect(s.pageErrors).toEqual([]);
  }, 60_000);

  it('a deal moved on its page shows the move in its Stage history at once, once in the timeline, by a name', async () => {
    const deal = (await s.api('/api/deals', { method: 'POST', json: { name: 'Press line retrofit', stage: 'lead', amount: 48500 } })).data as Json;
    await s.goto(`/deals/${deal.id}`);
    const history = s.page.getByRole('region', { name: 'Stage history' });
    await history.getByText('Lead').waitFor();
    await s.page.getByRole('button', { name: 'Move to Qualified' }).click();
    await s.page.getByRole('button', { name: 'Qualified (current stage)' }).waitFor();
    await s.page.getByRole('button', { name: 'Won', exact: true }).click();
    // The panel was read once when the page opened and kept saying "Lead".
    await history.getByText('Qualified → Won').waitFor();
    expect(await history.getByRole('listitem').count()).toBe(3);
    const timeline = s.page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Stage: Qualified → Won').waitFor();
    const lines = await timeline.getByRole('listitem').allTextContents();
    // Each move was followed by a "Deal updated" of the same stage change.
    expect(lines.filter((l) => l.includes('Deal updated'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('Stage:') || l.includes('Stage:'))).toHaveLength(2);
    // Who moved it: the member's name, not the e-mail the event stores.
    expect(lines.find((l) => l.includes('Stage: Qualified → Won'))).toContain('by Olive Owner');
    // Undone: the panel follows back.
    await s.page.getByRole('button', { name: 'Undo' }).click();
    await s.page.getByRole('button', { name: 'Qualified (current stage)' }).waitFor();
    await history.getByText('Won → Qualified').waitFor();
    // An edit of something else than the stage still shows.
    await s.api(`/api/deals/${deal.id}`, { method: 'PATCH', json: { amount: 50000 } });
    await s.page.reload();
    await timeline.getByText(/Amount: \S*50,000/).waitFor();
    expect(s.pageErrors).toEqual([]);
  }, 60_000);

  it('an imported file leaves the list (no second import one click away) and the report opens what came in', async () => {
    await s.goto('/import');
    await dropCsv(s.page, 'contacts.csv', 'first_name,last_name,email\nRosalind,Franklin,rosalind@kings.example\n');
    const importButton = s.page.getByRole('button', { name: 'Import 1 file' });
    await importButton.click();
    const report = s.page.getByRole('region', { name: 'Import report' });
    await report.getByRole('heading', { name: 'Imported' }).waitFor();
    await s.page.getByText('Imported 1 contact', { exact: true }).waitFor(); // the toast; it said "1 contacts"
    // The card, its mapping and the button went with the file.
    await importButton.waitFor({ state: 'detached' });
    expect(await s.page.getByRole('table', { name: /Preview of contacts\.csv/ }).count()).toBe(0);
    // On a phone the report is a card per file: its link on screen, nothing sideways (the Result column was off the edge).
    await s.phone();
    try {
      const files = report.getByRole('table', { name: 'Files imported' });
      expect(await files.evaluate((t) => t.scrollWidth - t.clientWidth)).toBeLessThanOrEqual(0);
      const link = await report.getByRole('link', { name: 'Open contacts' }).boundingBox();
      expect(link!.x + link!.width).toBeLessThanOrEqual(390);
      await s.shot('import-report-phone');
    } finally {
      await s.desktop();
    }
    await report.getByRole('link', { name: 'Open contacts' }).click();
    await s.page.waitForURL((u) => u.pathname === '/contacts');
    await s.page.getByRole('button', { name: 'Export CSV' }).waitFor();
    expect(await s.page.getByRole('button', { name: 'Export CSV' }).isEnabled()).toBe(true);
    // A list with nothing in it has nothing to export: the button says so instead of giving an empty file.
    await s.goto('/contacts?q=zzqx-no-such-contact');
    await expect.poll(() => s.page.getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true);
    expect(await s.page.getByRole('button', { name: 'Export CSV' }).getAttribute('title')).toBe('No contacts here to export');
    expect(s.pageErrors).toEqual([]);
  }, 60_000);

  it('on a phone a long company name in a form\'s picker ends before its clear button, whole on hover', async () => {
    const name = 'Lindqvist & Søn Maskinfabrik Aktieselskab og Datterselskaber';
    const company = (await s.api('/api/companies', { method: 'POST', json: { name } })).data as Json;
    await s.phone();
    try {
      await s.goto(`/companies/${company.id}`);
      await s.page.getByRole('button', { name: '+ Contact' }).click();
      const form = s.page.getByRole('dialog', { name: 'New contact' });
      const picker = form.getByRole('combobox', { name: 'Company' });
      await expect.poll(() => picker.inputValue()).toBe(name);
      expect(await picker.getAttribute('title')).toBe(name);
      const clear = form.getByRole('button', { name: 'Clear Company' });
      const [box, button] = [await picker.evaluate((el) => ({ right: el.getBoundingClientRect().right, pad: parseFloat(getComputedStyle(el).paddingRight) })), await clear.boundingBox()];
      // The text stops where the button starts (it ran under the ×).
      expect(box.right - box.pad).toBeLessThanOrEqual(button!.x + 1);
      await s.shot('picker-long-name-phone');
      await s.page.keyboard.press('Escape');
      await form.waitFor({ state: 'detached' });
    } finally {
      await s.desktop();
    }
    expect(s.pageErrors).toEqual([]);
  }, 60_000);

  it('on a phone the Models tables are cards: a title line, then labelled figures two abreast, nothing sideways', async () => {
    await s.phone();
    try {
      await s.goto('/settings/models');
      const table = s.page.getByRole('table', { name: 'deal strategies' });
      await table.waitFor();
      await s.shot('models-phone');
      const layout = await table.evaluate((t) => {
        const row = t.querySelector('tbody tr')!;
        const cells = [...row.querySelectorAll('td')];
        return {
          headShown: getComputedStyle(t.querySelector('thead')!).display !== 'none',
          sideways: t.scrollWidth - t.clientWidth,
          rowDisplay: getComputedStyle(row).display,
          labels: cells.map((c) => getComputedStyle(c, '::before').content),
          widest: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
        };
      });
      expect(layout.headShown).toBe(false);
      expect(layout.sideways).toBeLessThanOrEqual(0);
      expect(layout.rowDisplay).toBe('grid');
      expect(layout.labels.slice(1)).toEqual(['"Version"', '"Trained"', '"AUC"', '"Brier"', '"Log-loss"', '"Calib. error"', '"Reliability"']);
      expect(layout.widest).toBeLessThanOrEqual(390);
      expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await s.desktop();
    }
    expect(s.pageErrors).toEqual([]);
  }, 60_000);
});
