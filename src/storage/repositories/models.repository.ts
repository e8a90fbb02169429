/** Learned models, versioned per workspace and strategy (migration 0004). */
import type { Db } from '../database.js';
import type { ModelRepository } from '../index.js';
import type { Atomically } from './atomically.js';

export class KyselyModelRepository implements ModelRepository {
  constructor(
    private readonly db: Db,
    private readonly atomically: Atomically,
  ) {}

  save(ws: string, strategy: string, data: string, metrics: string, trainedAt: string) {
    return this.atomically(async (db) => {
      const top = await db.selectFrom('models').select((eb) => eb.fn.max('version').as('v')).where('workspace_id', '=', ws).where('strategy', '=', strategy).executeTakeFirst();
      const version = Number(top?.v ?? 0) + 1;
      await db.insertInto('models').values({ workspace_id: ws, strategy, version, trained_at: trainedAt, active: 1, data, metrics }).execute();
      return version;
    });
  }

  /** The newest active version of a strategy, as a query to choose columns for. */
  private newestActive(db: Db, ws: string, strategy: string) {
    return db.selectFrom('models').where('workspace_id', '=', ws).where('strategy', '=', strategy).where('active', '=', 1).orderBy('version', 'desc').limit(1);
  }

  async current(ws: string, strategy: string) {
    const row = await this.newestActive(this.db, ws, strategy).selectAll().executeTakeFirst();
    return row ? { ...row, version: Number(row.version), active: true } : undefined;
  }

  async currentInfo(ws: string, strategy: string) {
    const row = await this.newestActive(this.db, ws, strategy).select(['workspace_id', 'strategy', 'version', 'trained_at', 'active', 'metrics']).executeTakeFirst();
    return row ? { ...row, version: Number(row.version), active: true } : undefined;
  }

  async versionsAfter(ws: string, strategy: string, afterVersion: number, limit: number) {
    const rows = await this.db.selectFrom('models').selectAll().where('workspace_id', '=', ws).where('strategy', '=', strategy).where('version', '>', afterVersion).orderBy('version').limit(limit).execute();
    return rows.map((r) => ({ ...r, version: Number(r.version), active: Number(r.active) === 1 }));
  }

  prune(ws: string, strategy: string, keep: number) {
    return this.atomically(async (db) => {
      const oldestKept = await this.newestActive(db, ws, strategy).offset(Math.max(keep, 1) - 1).select('version').executeTakeFirst();
      if (!oldestKept) return 0;
      const r = await db.deleteFrom('models').where('workspace_id', '=', ws).where('strategy', '=', strategy).where('version', '<', oldestKept.version).executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  async remove(ws: string, strategy: string, versions: readonly number[]) {
    let n = 0;
    // In slices: a statement's parameters are bounded (SQLite 32,766; PostgreSQL 65,535).
    for (let i = 0; i < versions.length; i += 500) {
      const r = await this.db.deleteFrom('models').where('workspace_id', '=', ws).where('strategy', '=', strategy).where('version', 'in', versions.slice(i, i + 500)).executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  async versionNumbers(ws: string, strategy: string) {
    const rows = await this.db.selectFrom('models').select('version').where('workspace_id', '=', ws).where('strategy', '=', strategy).orderBy('version').execute();
    return rows.map((r) => Number(r.version));
  }

  async list(ws: string) {
    const rows = await this.db.selectFrom('models').select(['workspace_id', 'strategy', 'version', 'trained_at', 'active', 'metrics']).where('workspace_id', '=', ws).orderBy('strategy').orderBy('version', 'desc').execute();
    return rows.map((r) => ({ ...r, version: Number(r.version), active: Number(r.active) === 1 }));
  }

  rollback(ws: string, strategy: string) {
    return this.atomically(async (db) => {
      const cur = await this.newestActive(db, ws, strategy).select('version').executeTakeFirst();
      if (!cur) return undefined;
      await db.updateTable('models').set({ active: 0 }).where('workspace_id', '=', ws).where('strategy', '=', strategy).where('version', '=', cur.version).execute();
      const prev = await this.newestActive(db, ws, strategy).select('version').executeTakeFirst();
      return prev ? Number(prev.version) : undefined;
    });
  }
}
