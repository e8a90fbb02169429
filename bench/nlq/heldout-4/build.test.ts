import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreQuery, type Expected } from '../../nlq-score.js';
import { PG_URL, POSTGRES_AVAILABLE, SHARED_AVAILABLE, SHARED_CRM_DIR } from '../../../test/support/backends.js';
import { OUT, build, check, postgresRunner, readTables, serialize } from './build.js';

// The committed held-out set 4 is what its SQL computes over the shared data, on SQLite and on PostgreSQL alike.
describe.skipIf(!SHARED_AVAILABLE)('NLQ held-out set 4', () => {
  it('the committed file is what its SQL computes on SQLite, and passes the usability checks', async () => {
    const entries = await build(SHARED_CRM_DIR);
    expect(check(entries)).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(250);
    expect(fs.readFileSync(OUT, 'utf8')).toBe(serialize(entries));
  });

  it.skipIf(!POSTGRES_AVAILABLE)('PostgreSQL computes the same answers', async () => {
    const pg = await build(SHARED_CRM_DIR, await postgresRunner(PG_URL, readTables(SHARED_CRM_DIR)));
    expect(serialize(pg)).toBe(fs.readFileSync(OUT, 'utf8'));
  });

  it('the scorer of bench:nlq gives the answer the SQL computed full marks, and an empty one none', () => {
    const entries = fs.readFileSync(OUT, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; expected: Expected });
    for (const { text, expected: x } of entries) {
      const ids = x.kind === 'set' || x.kind === 'topn' ? x.ids : x.kind === 'value' ? [] : x.relevant.slice(0, x.k);
      const perfect = { entity: 'entity' in x ? x.entity : undefined, value: x.kind === 'value' ? x.value : undefined, results: ids.map((id) => ({ id })) };
      expect(scoreQuery(x, perfect), text).toBe(1);
      expect(scoreQuery(x, { entity: perfect.entity, results: [] }), text).toBe(0);
    }
  });
});
