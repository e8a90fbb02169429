/**
 * Merge and import that keep data, in a real browser: merging two contacts whose titles disagree, choosing the
 * second's title, lands on the survivor that has both e-mails; importing a CSV with "Email Address, Company Name"
 * headers guesses the fields and says how many rows link to existing companies and how many are created.
 * Screenshots of the merge preview and the import preview at 1440×900 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

(browserAvailable ? describe : describe.skip)('merge and import that keep data, in a browser', () => {
  const s = browserSuite({ signIn: 'ui', timeout: 20_000 });

  it('merges two contacts choosing the second one\'s title, and the survivor keeps both e-mails', async () => {
    await s.api('/api/companies', { method: 'POST', json: { id: 'co_zq', name: 'Zqwerty Systems' } });
    await s.api('/api/contacts', { method: 'POST', json: { id: 'ct_zq_a', first_name: 'Quinlan', last_name: 'Zorander', email: 'quinlan@zqwerty.io', title: 'CTO', company_id: 'co_zq' } });
    await s.api('/api/contacts', { method: 'POST', json: { id: 'ct_zq_b', first_name: 'Quinlan', last_name: 'Zorander', email: 'q.zorander@gmail.com', title: 'Chief Technology Officer', company_id: 'co_zq', notes: 'Met at the fair.' } });
    await s.goto(`/duplicates?object=contacts`);
    const pair = s.page.locator('.dup-pair', { hasText: 'Quinlan Zorander' });
    await pair.getByRole('button', { name: 'Review merge' }).click();
    const preview = s.page.getByRole('region', { name: 'Merge preview' });
    const title = preview.getByRole('group', { name: 'Title' });
    await title.waitFor();
    // Names, not ids; the survivor's value preselected.
    expect(await preview.textContent()).not.toContain('ct_zq_');
    expect(await title.getByRole('radio', { name: /CTO/ }).isChecked()).toBe(true);
    await title.getByRole('radio', { name: /Chief Technology Officer/ }).check();
    await expect.poll(() => preview.locator('.field-row', { hasText: 'Other emails' }).textContent()).toContain('q.zorander@gmail.com');
    await s.page.screenshot({ path: artifactPath('merge-preview-desktop.png') });
    await s.page.setViewportSize({ width: 390, height: 844 });
    await title.scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: artifactPath('merge-preview-phone.png') });
    await s.page.setViewportSize({ width: 1440, height: 900 });

    await preview.getByRole('button', { name: /^Merge into/ }).click();
    await s.page.waitForURL(/\/contacts\/ct_zq_a$/);
    // The survivor's page loads after the URL changes.
    await expect.poll(() => s.page.locator('main').textContent()).toContain('Chief Technology Officer');
    const body = await s.page.locator('main').textContent();
    expect(body).toContain('quinlan@zqwerty.io');
    expect(body).toContain('q.zorander@gmail.com');
    const survivor = (await s.api('/api/contacts/ct_zq_a')).data as Json;
    expect(survivor).toMatchObject({ title: 'Chief Technology Officer', email: 'quinlan@zqwerty.io', other_emails: ['q.zorander@gmail.com'], notes: 'Met at the fair.' });

    // The merged record's URL leads to the survivor.
    await s.goto(`/contacts/ct_zq_b`);
    await s.page.waitForURL(/\/contacts\/ct_zq_a$/);
  });

  it('imports a CSV with "Email Address, Company Name" headers and previews the company links', async () => {
    await s.api('/api/companies', { method: 'POST', json: { id: 'co_link_1', name: 'Harborline Analytics GmbH', domain: 'harborline.io' } });
    await s.goto(`/import`);
    const csv = [
      'First Name,Last Name,Email Address,Job Title,Company Name',
      'Ines,Okafor,ines@harborline.io,CFO,Harborline Analytics',
      'Jonas,Weber,jonas@harborline.io,CTO,harborline.io',
      'Lena,Park,lena@brandnewco.example,CEO,Brand New Co',
      'Omar,Haddad,omar@brandnewco.example,COO,BRAND NEW CO',
    ].join('\n');
    const drop = await s.page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'contacts.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    await s.page.dispatchEvent('.dropzone', 'drop', { dataTransfer: drop });
    expect(await s.page.getByLabel('Field for column Email Address').inputValue()).toBe('email');
    expect(await s.page.getByLabel('Field for column Job Title').inputValue()).toBe('title');
    expect(await s.page.getByLabel('Field for column Company Name').inputValue()).toBe('company');
    const summary = s.page.locator('.import-company-summary');
    await expect.poll(() => summary.textContent()).toBe('2 rows will link to existing companies, 1 company will be created.');
    await s.page.screenshot({ path: artifactPath('import-preview-desktop.png') });
    await s.page.setViewportSize({ width: 390, height: 844 });
    await summary.scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: artifactPath('import-preview-phone.png') });
    await s.page.setViewportSize({ width: 1440, height: 900 });

    await s.page.getByRole('button', { name: 'Import 1 file' }).click();
    await s.page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await s.page.locator('.import-summary').textContent()).toBe('4 rows went in · 2 linked to existing companies, 1 company created.');
    const ines = ((await s.api('/api/contacts?email=ines@harborline.io')).data as Json[])[0]!;
    expect(ines).toMatchObject({ title: 'CFO', company_id: 'co_link_1' });
    expect(s.pageErrors).toEqual([]);
  });
});
