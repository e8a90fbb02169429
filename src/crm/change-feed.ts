/**
 * In-transaction notification of record changes. The intelligence layer subscribes (for example to enqueue
 * embedding work on the durable job queue) without the CRM core knowing about it; because listeners run inside
 * the writing transaction, a change and its follow-up work are committed together or not at all.
 */
import type { EntityName } from '../core/entities.js';
import type { Storage } from '../storage/index.js';

export interface RecordChange {
  workspaceId: string;
  entity: EntityName;
  op: 'upsert' | 'delete';
  ids: readonly string[];
  /**
   * For a single record created or updated through the record service: each changed field as [before, after]
   * (before is null on create), with when, how and by whom. Bulk writes (imports, merges) leave it out.
   */
  write?: { fields: Record<string, [unknown, unknown]>; at: string; source: 'api' | 'cli' | 'import' | 'system'; actor: string | null };
}

export type ChangeListener = (tx: Storage, change: RecordChange) => Promise<void>;

export class ChangeFeed {
  private readonly listeners: ChangeListener[] = [];

  subscribe(listener: ChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async publish(tx: Storage, change: RecordChange): Promise<void> {
    if (change.ids.length === 0) return;
    for (const l of this.listeners) await l(tx, change);
  }
}
