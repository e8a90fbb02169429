/** Workspaces (the tenants every other call is scoped to) and their settings. */

export interface Workspace {
  id: string;
  name: string;
  created_at: string;
}

export interface WorkspaceRepository {
  get(id: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
  ensure(ws: Workspace): Promise<void>;
}

/** Small per-workspace settings and feature flags, as JSON values. */
export interface SettingsRepository {
  get(ws: string, key: string): Promise<unknown>;
  set(ws: string, key: string, value: unknown, now: string): Promise<void>;
  /**
   * Read-modify-write of one setting, atomic against concurrent writers (the row is locked on PostgreSQL): `change`
   * gets the current value (undefined when unset) and returns the next value and a result. Throwing writes nothing.
   */
  update<T>(ws: string, key: string, change: (current: unknown) => { value: unknown; result: T }, now: string): Promise<T>;
  delete(ws: string, key: string): Promise<void>;
}
