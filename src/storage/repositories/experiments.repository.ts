/** Experiments comparing scoring strategies (migration 0006). */
import type { Db } from '../database.js';
import type { ExperimentRepository, StoredExperiment } from '../index.js';

export class KyselyExperimentRepository implements ExperimentRepository {
  constructor(private readonly db: Db) {}

  async create(ws: string, e: StoredExperiment) {
    await this.db.insertInto('experiments').values({ workspace_id: ws, ...e }).execute();
  }

  async get(ws: string, id: string) {
    const row = await this.db.selectFrom('experiments').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const { workspace_id: _w, ...e } = row;
    return e;
  }

  async list(ws: string) {
    const rows = await this.db.selectFrom('experiments').selectAll().where('workspace_id', '=', ws).orderBy('started_at', 'desc').orderBy('id').execute();
    return rows.map(({ workspace_id: _w, ...e }) => e);
  }

  async stop(ws: string, id: string, at: string) {
    await this.db.updateTable('experiments').set({ status: 'stopped', stopped_at: at }).where('workspace_id', '=', ws).where('id', '=', id).where('status', '=', 'running').execute();
  }
}
