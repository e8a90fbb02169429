/**
 * The Inbox screen in a real browser: choosing files uploads each one, shows what it became (kind, activities,
 * linked records as links, facts) and names a file that cannot be read. Screenshot at 1440×900.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../intelligence/ingest/read-fixture.js';
import { browserAvailable } from './browser.js';
import { browserSuite } from './session.js';

(browserAvailable ? describe : describe.skip)('the Inbox screen, in a browser', () => {
  const s = browserSuite({ timeout: 20_000 });

  it('ingests chosen files, shows their links and facts, and names a corrupt one', async () => {
    const company = await s.api('/api/companies', { method: 'POST', json: { name: 'Northwind Robotics', domain: 'northwind-robotics.com' } });
    const grace = await s.api('/api/contacts', { method: 'POST', json: { first_name: 'Grace', last_name: 'Hopper', email: 'grace@northwind-robotics.com', company_id: company.data.id } });
    await s.goto('/inbox');
    await s.page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await s.page.getByLabel('Files to ingest').setInputFiles([path.join(FIXTURES, 'pricing.eml'), path.join(FIXTURES, 'corrupt.pdf')]);
    const result = s.page.getByRole('listitem', { name: 'pricing.eml' });
    await result.waitFor();
    expect(await result.textContent()).toContain('email');
    expect(await result.textContent()).toContain('price_objection');
    await expect.poll(() => s.page.getByRole('alert').textContent()).toContain('corrupt.pdf: not a readable PDF');
    await s.shot('ingest-inbox-desktop');
    await result.getByRole('link', { name: grace.data.id }).click();
    await s.page.waitForURL(new RegExp(`/contacts/${grace.data.id}`));
    expect(s.pageErrors).toEqual([]);
  });
});
