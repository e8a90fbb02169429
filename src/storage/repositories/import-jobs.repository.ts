/** Import jobs: one row per upload or CLI run, with its status, progress and report (migration 0010). */
import type { Db } from '../database.js';
import type { ImportJobRepository, StoredImportJob } from '../index.js';

export class KyselyImportJobRepository implements ImportJobRepository {
  constructor(private readonly db: Db) {}

  async insert(job: StoredImportJob) {
    await this.db.insertInto('import_jobs').values(job).execute();
  }

  async get(ws: string, id: string) {
    return await this.db.selectFrom('import_jobs').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
  }

  async list(ws: string, opts: { createdBy?: string | null; limit: number }) {
    let q = this.db.selectFrom('import_jobs').selectAll().where('workspace_id', '=', ws);
    if (opts.createdBy !== undefined) q = opts.createdBy === null ? q.where('created_by', 'is', null) : q.where('created_by', '=', opts.createdBy);
    return await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  }

  async update(id: string, changes: Partial<Omit<StoredImportJob, 'id' | 'workspace_id' | 'created_at'>>) {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('import_jobs').set(changes).where('id', '=', id).execute();
  }

  async stale(before: string) {
    return await this.db.selectFrom('import_jobs').selectAll().where('status', 'in', ['queued', 'running']).where('heartbeat_at', '<', before).execute();
  }
}
