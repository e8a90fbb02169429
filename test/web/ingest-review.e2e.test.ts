/**
 * Ingestion in a real browser, beyond the Inbox's uploads: the "Needs review" list (accept, change with the record
 * picker, reject) and files dropped on a record page (anywhere on it, or chosen with its button as on a phone)
 * landing on that record. Desktop 1440×900 and phone 390×844.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

let serial = 0;
/** An e-mail from Ada naming no product: she has two open deals, so which one is a guess (a review). */
function vagueMail(subject: string) {
  serial++;
  const text = [
    'From: Ada Byron <ada@analytical-e2e.example>',
    'To: sales@hololoom.example',
    `Subject: ${subject}`,
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    `Message-ID: <e2e-review-${serial}-${Date.now()}@analytical-e2e.example>`,
    '',
    `Thanks for the call (${serial}). Let us talk again next month.`,
    '',
  ].join('\r\n');
  return { name: `${subject.toLowerCase().replace(/\W+/g, '-')}.eml`, mimeType: 'message/rfc822', buffer: Buffer.from(text) };
}

(browserAvailable ? describe : describe.skip)('ingestion review and record-page drops, in a browser', () => {
  const s = browserSuite({ timeout: 20_000 });
  let ada: Json;
  let company: Json;
  let older: Json;

  async function upload(file: ReturnType<typeof vagueMail>) {
    await s.page.getByLabel('Files to ingest').setInputFiles(file);
    await s.page.getByRole('listitem', { name: file.name, exact: true }).waitFor();
  }
  const review = (subject: string) => s.page.getByRole('listitem', { name: new RegExp(`^Review ${subject.toLowerCase().replace(/\W+/g, '-')}`) });
  const activityOf = async (subject: string) => ((await s.api(`/api/activities?q=${encodeURIComponent(subject)}&limit=5`)).data as Json[]).find((a) => a.subject === subject)!;

  it('lists an unsure item under Needs review; Accept applies the suggested deal, Change picks another, Reject leaves it', async () => {
    company = (await s.api('/api/companies', { method: 'POST', json: { name: 'Analytical Engines E2E', domain: 'analytical-e2e.example' } })).data;
    ada = (await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Ada', last_name: 'Byronne', email: 'ada@analytical-e2e.example', company_id: company.id } })).data;
    older = (await s.api('/api/deals', { method: 'POST', json: { name: 'Difference Engine E2E', product: 'Difference Engine', stage: 'proposal', company_id: company.id, contact_id: ada.id } })).data;
    await s.api('/api/deals', { method: 'POST', json: { name: 'Mill E2E', product: 'Mill', stage: 'qualified', company_id: company.id, contact_id: ada.id } });
    await s.goto('/inbox');
    await s.page.getByRole('heading', { name: /Needs review/ }).waitFor();

    await upload(vagueMail('Accept me'));
    expect(await s.page.getByRole('listitem', { name: 'accept-me.eml', exact: true }).textContent()).toContain('needs review');
    await review('Accept me').waitFor();
    expect(await review('Accept me').textContent()).toContain('Ada Byronne');
    await s.shot('ingest-review-desktop');
    await review('Accept me').getByRole('button', { name: 'Accept' }).click();
    await review('Accept me').waitFor({ state: 'detached' });
    expect((await activityOf('Accept me')).deal_id).toBeTruthy();

    await upload(vagueMail('Change me'));
    await review('Change me').getByRole('button', { name: 'Change…' }).click();
    const deal = review('Change me').getByRole('combobox', { name: 'Deal' });
    await deal.fill('Difference');
    await review('Change me').getByRole('option', { name: /Difference Engine E2E/ }).click();
    await review('Change me').getByRole('button', { name: 'Save links' }).click();
    await review('Change me').waitFor({ state: 'detached' });
    expect((await activityOf('Change me')).deal_id).toBe(older.id);

    await upload(vagueMail('Reject me'));
    await review('Reject me').getByRole('button', { name: 'Reject' }).click();
    await review('Reject me').waitFor({ state: 'detached' });
    expect(await activityOf('Reject me')).toMatchObject({ contact_id: ada.id, deal_id: null });
    expect(s.pageErrors).toEqual([]);
  });

  it('ingests files dropped anywhere on a deal page, or chosen with its button, onto that deal', async () => {
    await s.goto(`/deals/${older.id}`);
    await s.page.locator('.main h1').first().waitFor();
    // A drop on the page's heading (not the zone): the page takes it.
    await s.page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([`Dropped visit notes ${Date.now()}\nThe team liked the demo.`], 'visit-notes.txt', { type: 'text/plain' }));
      const target = document.querySelector('.main h1')!;
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    });
    const dropped = s.page.getByRole('list', { name: /Files added to/ }).getByRole('listitem', { name: 'visit-notes.txt', exact: true });
    await dropped.waitFor();
    expect(await dropped.textContent()).toContain('Deals');
    const note = ((await s.api(`/api/activities?q=${encodeURIComponent('Dropped visit notes')}&limit=5`)).data as Json[])[0]!;
    expect(note).toMatchObject({ deal_id: older.id, contact_id: ada.id, company_id: company.id });
    // The timeline shows it without a reload.
    await s.page.locator('.record-main').getByText(/Dropped visit notes/).first().waitFor();

    await s.phone();
    await s.goto(`/deals/${older.id}`);
    await s.page.getByLabel(/^Files for /).setInputFiles({ name: 'phone-note.txt', mimeType: 'text/plain', buffer: Buffer.from(`Phone note ${Date.now()}\nCalled from the car park.`) });
    await s.page.getByRole('listitem', { name: 'phone-note.txt', exact: true }).waitFor();
    const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await s.shot('ingest-record-drop-phone');
    await s.goto('/inbox');
    await s.page.getByRole('heading', { name: /Needs review/ }).waitFor();
    // An admin adds a watched mailbox (the password stays in the server's environment).
    const form = s.page.getByRole('form', { name: 'Add a mailbox' });
    await form.getByLabel('Address').fill('imap://sales@mail.example.com/INBOX');
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await s.page.getByRole('list', { name: 'Watched mailboxes' }).getByText('imap://sales@mail.example.com:143/INBOX').waitFor();
    expect(await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await s.shot('ingest-review-phone');
    await s.desktop();
    expect(s.pageErrors).toEqual([]);
  });
});
