/** Workspaces: the tenants every other repository call is scoped to. */
import type { Db } from '../database.js';
import type { Workspace, WorkspaceRepository } from '../index.js';

export class KyselyWorkspaceRepository implements WorkspaceRepository {
  constructor(private readonly db: Db) {}
  async get(id: string) {
    return await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  }
  async list() {
    return await this.db.selectFrom('workspaces').selectAll().orderBy('id').execute();
  }
  async ensure(ws: Workspace) {
    await this.db
      .insertInto('workspaces')
      .values(ws)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}
