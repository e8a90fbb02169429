/**
 * In-transaction notification of record changes. The intelligence layer subscribes (for example to enqueue
 * embedding work on the durable job queue) without the CRM core knowing about it; because listeners run inside
 * the writing transaction, a change and its follow-up work are committed together or not at all.
 */
import type { EntityName } from '../core/entities.js';
import type { ChangeSource } from '../core/events.js';
import type { Storage } from '../storage/index.js';

/** One record's write: each changed field as [before, after] (before is null on create), when, how and by whom. */
export interface RecordWrite {
  fields: Record<string, [unknown, unknown]>;
  at: string;
  source: ChangeSource;
  actor: string | null;
  /** The write created the record: `fields` then holds every field that has a value (listeners need not read it). */
  created?: boolean;
}

export interface RecordChange {
  workspaceId: string;
  entity: EntityName;
  op: 'upsert' | 'delete';
  ids: readonly string[];
  /**
   * For records written through the write pipeline (record service, imports, merges): the write of each record,
   * in the order of `ids`. Deletes, erasures and last-contacted moves leave it out.
   */
  writes?: readonly RecordWrite[];
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
