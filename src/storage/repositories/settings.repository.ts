/** Small per-workspace settings and feature flags as JSON values (saved views, lost reasons …; migration 0006). */
import type { Db } from '../database.js';
import type { DialectName, SettingsRepository } from '../index.js';
import type { Atomically } from './atomically.js';

export class KyselySettingsRepository implements SettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly atomically: Atomically,
  ) {}

  async update<T>(ws: string, key: string, change: (current: unknown) => { value: unknown; result: T }, now: string): Promise<T> {
    return this.atomically(async (db) => {
      // The row exists before it is read, so there is always something to lock (and SQLite starts writing at once).
      await db
        .insertInto('workspace_settings')
        .values({ workspace_id: ws, key, value: 'null', updated_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
        .execute();
      let read = db.selectFrom('workspace_settings').select('value').where('workspace_id', '=', ws).where('key', '=', key);
      if (this.dialect === 'postgres') read = read.forUpdate();
      const row = await read.executeTakeFirstOrThrow();
      const current = JSON.parse(row.value) as unknown;
      const { value, result } = change(current === null ? undefined : current);
      await db.updateTable('workspace_settings').set({ value: JSON.stringify(value ?? null), updated_at: now }).where('workspace_id', '=', ws).where('key', '=', key).execute();
      return result;
    });
  }

  async get(ws: string, key: string) {
    const row = await this.db.selectFrom('workspace_settings').select('value').where('workspace_id', '=', ws).where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  async set(ws: string, key: string, value: unknown, now: string) {
    await this.db
      .insertInto('workspace_settings')
      .values({ workspace_id: ws, key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
      .execute();
  }

  async delete(ws: string, key: string) {
    await this.db.deleteFrom('workspace_settings').where('workspace_id', '=', ws).where('key', '=', key).execute();
  }
}
