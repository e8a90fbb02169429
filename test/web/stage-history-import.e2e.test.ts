/**
 * Stage history on the import screen, in a real browser (issue 17): a HubSpot export with a "Date entered <stage>"
 * column per stage is recognised as stage history from its name, each column is mapped to its stage, and the
 * import rewrites the deal's history.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

(browserAvailable ? describe : describe.skip)('stage history on the import screen, in a browser', () => {
  const s = browserSuite({ signIn: 'ui', timeout: 20_000 });

  it('maps HubSpot\'s "Date entered" columns to stages and imports them as a deal\'s moves', async () => {
    await s.api('/api/deals', { method: 'POST', json: { id: 'dl_hs_1', name: 'Hubspot import check', stage: 'proposal', created_at: '2026-01-05T09:00:00Z' } });
    await s.goto('/import');
    const csv = [
      'Record ID,Deal Name,"Date entered ""Lead (Sales Pipeline)""","Date entered ""Qualified (Sales Pipeline)""","Date entered ""Proposal (Sales Pipeline)""","Date entered ""Closed Won (Sales Pipeline)"""',
      'dl_hs_1,Hubspot import check,2026-01-05 09:00,2026-01-12 10:30,2026-01-30 14:00,',
    ].join('\n');
    const drop = await s.page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'hubspot-stage-history.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    await s.page.dispatchEvent('.dropzone', 'drop', { dataTransfer: drop });
    expect(await s.page.getByLabel('Object in hubspot-stage-history.csv').inputValue()).toBe('stage_history');
    expect(await s.page.getByLabel('Field for column Record ID').inputValue()).toBe('deal_id');
    expect(await s.page.getByLabel('Field for column Deal Name').inputValue()).toBe('__skip');
    expect(await s.page.getByLabel('Field for column Date entered "Qualified (Sales Pipeline)"').inputValue()).toBe('Date entered Qualified');
    await s.page.screenshot({ path: artifactPath('import-stage-history-desktop.png') });

    await s.page.getByRole('button', { name: 'Import 1 file' }).click();
    await s.page.getByRole('heading', { name: 'Imported' }).waitFor();
    const moves = (await s.api('/api/deals/dl_hs_1/stage-history')).data as Json[];
    expect(moves.map((m) => [m.from_stage, m.to_stage, m.at])).toEqual([
      [null, 'lead', '2026-01-05T09:00:00Z'],
      ['lead', 'qualified', '2026-01-12T10:30:00Z'],
      ['qualified', 'proposal', '2026-01-30T14:00:00Z'],
    ]);
    expect(s.pageErrors).toEqual([]);
  });
});
