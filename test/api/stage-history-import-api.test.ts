/**
 * Stage history through the API (issue 17): POST /api/import takes a stage_history part, imported by the job after
 * deals whatever the order of the parts; GET /api/deals/{id}/stage-history shows the imported moves and the ones
 * made since, oldest first with their source; GET /api/export/stage_history.csv writes them back; a HubSpot
 * "Date entered" export goes in the same way; a bad history fails the job with file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachBackend, FIXTURES } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

const DIR = path.join(FIXTURES, 'stage-history');
const part = (file: string) => new Blob([fs.readFileSync(path.join(DIR, file))], { type: 'text/csv' });

describeEachBackend('stage history import through the API', (ctx) => {
  const { call, server } = serveSuite(ctx);

  /** Uploads the parts and waits for the job to finish. */
  async function importParts(parts: [field: string, file: string][]): Promise<Json> {
    const form = new FormData();
    for (const [field, file] of parts) form.append(field, part(file), file);
    const res = await server().fetch('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    for (let i = 0; i < 600; i++) {
      const job = (await call('GET', location)).body;
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the import job did not finish');
  }
  const history = async (id: string) => ((await call('GET', `/api/deals/${id}/stage-history`)).body.data as Json[]).map((m) => [m.from_stage, m.to_stage, m.at, m.source]);

  it('imports stage_history after deals in one job, and shows it as the deal\'s history', async () => {
    const job = await importParts([['stage_history', 'stage_history.csv'], ['deals', 'deals.csv']]);
    expect(job.status).toBe('succeeded');
    expect(job.files.map((f: Json) => [f.file, f.entity, f.phase])).toEqual([['deals.csv', 'deal', 'done'], ['stage_history.csv', 'stage_history', 'done']]);
    expect(job.report.files.map((f: Json) => [f.entity, f.inserted, f.unchanged])).toEqual([['deal', 6, 0], ['stage_history', 7, 1]]);
    expect(await history('dl_h2')).toEqual([
      [null, 'lead', '2026-02-01T09:00:00Z', 'import'],
      ['lead', 'qualified', '2026-02-10T11:00:00Z', 'import'],
      ['qualified', 'proposal', '2026-02-25T15:45:00Z', 'import'],
    ]);
  });

  it('continues the history with moves made through the API, and exports it all back', async () => {
    ctx().clock.set('2026-11-02T10:00:00Z');
    expect((await call('PATCH', '/api/deals/dl_h2', { stage: 'negotiation' })).status).toBe(200);
    expect((await history('dl_h2')).slice(2)).toEqual([
      ['qualified', 'proposal', '2026-02-25T15:45:00Z', 'import'],
      ['proposal', 'negotiation', '2026-11-02T10:00:00Z', 'api'],
    ]);
    const res = await server().fetch('/api/export/stage_history.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('stage_history.csv');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('deal_id,from_stage,to_stage,changed_at');
    expect(lines.filter((l) => l.startsWith('dl_h2,'))).toEqual([
      'dl_h2,,lead,2026-02-01T09:00:00Z',
      'dl_h2,lead,qualified,2026-02-10T11:00:00Z',
      'dl_h2,qualified,proposal,2026-02-25T15:45:00Z',
      'dl_h2,proposal,negotiation,2026-11-02T10:00:00Z',
    ]);
  });

  it('fails the job on a bad history, naming file and line, and changes no deal\'s history', async () => {
    const before = await history('dl_h1');
    const job = await importParts([['stage_history', 'stage_history-bad.csv']]);
    expect(job.status).toBe('failed');
    expect(job.report.files[0]).toMatchObject({ entity: 'stage_history', rolled_back: true });
    expect(job.report.files[0].errors[0]).toMatchObject({ file: 'stage_history-bad.csv', line: 4, id: 'dl_h1', field: 'changed_at' });
    expect(await history('dl_h1')).toEqual(before);
  });
});

describeEachBackend('HubSpot stage history through the API', (ctx) => {
  const { call, server } = serveSuite(ctx);

  it('takes a "Date entered <stage>" export as the stage_history part', async () => {
    const form = new FormData();
    form.append('deals', part('deals.csv'), 'deals.csv');
    form.append('stage_history', part('hubspot-deals.csv'), 'hubspot-deals.csv');
    const res = await server().fetch('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    let job: Json = {};
    for (let i = 0; i < 600 && !['succeeded', 'failed'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call('GET', res.headers.get('location')!)).body;
    }
    expect(job.status).toBe('succeeded');
    expect(job.report.files[1]).toMatchObject({ file: 'hubspot-deals.csv', entity: 'stage_history', rows: 3, inserted: 7 });
    const moves = (await call('GET', '/api/deals/dl_h1/stage-history')).body.data as Json[];
    expect(moves.map((m) => m.to_stage)).toEqual(['lead', 'qualified', 'proposal', 'closed_won']);
  });
});
