/** What the CRM remembers of changes: deals' stage history, the audit log and timelines, and full-text documents. */
import type { EntityName } from '../../core/entities.js';
import type { AccessEventKind, AuditEntity, ChangeSource, RecordEventKind } from '../../core/events.js';

export interface StageChange {
  deal_id: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
  source: ChangeSource;
  actor: string | null;
}

export interface StageHistoryRepository {
  append(ws: string, changes: readonly StageChange[]): Promise<void>;
  forDeals(ws: string, dealIds: readonly string[]): Promise<(StageChange & { seq: number })[]>;
  /** Every stage change of the workspace, oldest first (learners read this). */
  all(ws: string): AsyncIterable<(StageChange & { seq: number })[]>;
  /** Removes moves by their seq (an imported history replacing the moves it restates); returns how many went. */
  remove(ws: string, seqs: readonly number[]): Promise<number>;
}

/**
 * One entry of the audit log: a record change (entity: a CRM object), an access event (entity: user, token or
 * invitation), an import (entity: import; one per file, with its counts — beside each imported row's own "created"
 * or "updated" entry, as the API writes them) or a workspace setting changed (entity: setting).
 */
export interface RecordEvent {
  entity: AuditEntity;
  record_id: string;
  kind: RecordEventKind | AccessEventKind;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  entity?: string;
  recordId?: string;
  kind?: string;
  /** Entries with a seq below this (the previous page's next_before). */
  beforeSeq?: number;
  limit: number;
}

export interface RecordEventRepository {
  append(ws: string, events: readonly RecordEvent[]): Promise<void>;
  /** Events of the given records, newest first. */
  forRecords(ws: string, entity: EntityName, ids: readonly string[], limit: number, before?: string): Promise<(RecordEvent & { seq: number })[]>;
  reassign(ws: string, entity: EntityName, fromIds: readonly string[], toId: string): Promise<void>;
  /** The workspace's audit log, newest first. */
  audit(ws: string, query: AuditQuery): Promise<(RecordEvent & { seq: number })[]>;
  /** Replaces the data of these records' events (which hold the values they changed) by `data` (GDPR erasure). */
  redact(ws: string, entity: EntityName, ids: readonly string[], data: Record<string, unknown>): Promise<number>;
}

export interface SearchRepository {
  /** Replaces the full-text documents of these records. */
  index(ws: string, entity: EntityName, docs: readonly { id: string; body: string }[]): Promise<void>;
  remove(ws: string, entity: EntityName, ids: readonly string[]): Promise<void>;
}
