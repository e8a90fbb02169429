import { describe, expect, it } from 'vitest';
import { dropPostgresSchema, openStorage } from '../../src/storage/connect.js';
import { PG_URL } from '../support/backends.js';

const pgRequired = process.env.CRM_TEST_POSTGRES === 'require';

describe('PostgreSQL schemas', () => {
  it('migrates a schema while another schema of the same database already holds a CRM', async () => {
    const a = `mig_a_${process.pid}`;
    const b = `mig_b_${process.pid}`;
    let first;
    try {
      first = await openStorage({ dataDir: '/tmp', databaseUrl: PG_URL, pgSchema: a });
    } catch (e) {
      if (!pgRequired && /ECONNREFUSED/.test(String(e))) return console.warn('PostgreSQL not reachable: skipped');
      throw e;
    }
    try {
      const applied = await first.migrate();
      expect(applied).toContain('0001-core');
      const second = await openStorage({ dataDir: '/tmp', databaseUrl: PG_URL, pgSchema: b });
      try {
        // Every migration runs in the second schema too, whatever the other schema already has.
        expect(await second.migrate()).toEqual(applied);
        expect(await second.migrate()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
      await dropPostgresSchema(PG_URL, a);
      await dropPostgresSchema(PG_URL, b);
    }
  });
});
