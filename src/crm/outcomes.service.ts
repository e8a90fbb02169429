/**
 * The outcome log (the learners' reflection buffer): deals won, lost or moved and leads converted or
 * disqualified, with the features and score at the time; appended by intelligence/learning/reflection.ts.
 */
import type { OutcomeEvent, Storage } from '../storage/index.js';
import { nextSeq } from './seq-page.js';

export interface OutcomePage {
  /** Oldest first. */
  entries: (OutcomeEvent & { seq: number })[];
  /** Pass as `after` for the next page; null on the last page. */
  next: number | null;
}

export class OutcomeLogService {
  constructor(private readonly storage: Storage) {}

  async since(ws: string, afterSeq: number, limit: number): Promise<OutcomePage> {
    const entries = await this.storage.outcomes.since(ws, afterSeq, limit);
    return { entries, next: nextSeq(entries, limit) };
  }
}
