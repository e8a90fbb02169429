/** The audit log of a workspace: record changes (who, when, what changed) and sign-ins, tokens and members. */
import type { AuditQuery, RecordEvent, Storage } from '../storage/index.js';
import { nextSeq } from './seq-page.js';

export interface AuditPage {
  /** Newest first. */
  data: (RecordEvent & { seq: number })[];
  /** Pass as `beforeSeq` for the next (older) page; null on the last page. */
  next_before: number | null;
}

export class AuditService {
  constructor(private readonly storage: Storage) {}

  async list(ws: string, query: AuditQuery): Promise<AuditPage> {
    const data = await this.storage.events.audit(ws, query);
    return { data, next_before: nextSeq(data, query.limit) };
  }
}
