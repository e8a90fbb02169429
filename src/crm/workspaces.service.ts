/** Workspaces (tenants): each has its own records, members and settings. */
import { toTimestamp, type Clock } from '../core/clock.js';
import { conflict, validationError } from '../core/errors.js';
import type { Storage, Workspace } from '../storage/index.js';

const WORKSPACE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class WorkspaceService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  get(id: string): Promise<Workspace | undefined> {
    return this.storage.workspaces.get(id);
  }

  list(): Promise<Workspace[]> {
    return this.storage.workspaces.list();
  }

  /** The workspace's display name (its id when it has none, or is gone). */
  async nameOf(id: string): Promise<string> {
    return (await this.storage.workspaces.get(id))?.name ?? id;
  }

  /** A new, empty workspace; its first owner is added separately (AccessService.addUser). */
  async create(id: string, name?: string): Promise<Workspace> {
    if (!WORKSPACE_ID.test(id)) throw validationError(`workspace id "${id}": use up to 64 letters, digits, - and _`);
    if (await this.storage.workspaces.get(id)) throw conflict(`workspace ${id} already exists`);
    const workspace = { id, name: name ?? id, created_at: toTimestamp(this.clock.now()) };
    await this.storage.workspaces.ensure(workspace);
    return workspace;
  }
}
