/**
 * What is scored. A deal's target is winning it; a lead's (a contact's) is becoming a customer. Each target says
 * which of its records have a known outcome, when that record's story started and when the outcome came, and how
 * to take a snapshot of one record as of a moment — the evaluation and training code is shared.
 */
import { OPEN_LEAD_STATUSES, OPEN_STAGES, type CrmRecord, type EntityName, type ScoreTarget } from '../../core/entities.js';
import { dealSnapshot, isClosed, leadSnapshot, stageEntries, type ScoringWorld, type Snapshot } from './features.js';

/** What a score is for; declared with the objects (core/entities.ts `capabilities.score`). */
export type TargetName = ScoreTarget;

/** A record whose outcome is known: label 1 (won / became a customer) or 0, between `start` and `end` (ms). */
export interface Outcome {
  id: string;
  label: 0 | 1;
  start: number;
  end: number;
}

export interface ScoringTarget {
  name: TargetName;
  entity: Extract<EntityName, 'deal' | 'contact'>;
  /** How reports name the resolved records: "closed deals", "resolved leads". */
  resolved: string;
  /** Records with a known outcome and its time, oldest outcome first. */
  outcomes(world: ScoringWorld): Outcome[];
  snapshot(world: ScoringWorld, record: CrmRecord, at: number): Snapshot;
  /** When the record moved along its funnel, as recorded (training takes a moment inside each position). */
  entries(world: ScoringWorld, id: string): number[];
  record(world: ScoringWorld, id: string): CrmRecord | undefined;
  /** Whether the record's outcome is already known (its score is then about the past). */
  resolvedOutcome(record: CrmRecord): string | undefined;
  /** The funnel open records move along (its field and positions, earliest first), for the funnel evidence. */
  funnel: { field: string; order: readonly string[] };
  /** Records still on their way (open deals, leads neither customers nor disqualified). */
  open(world: ScoringWorld): CrmRecord[];
}

const time = (v: unknown) => Date.parse(String(v ?? ''));
const byEnd = (a: Outcome, b: Outcome) => a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const dealTarget: ScoringTarget = {
  name: 'deal',
  entity: 'deal',
  resolved: 'closed deals',
  outcomes(world) {
    const out: Outcome[] = [];
    for (const d of world.deals) {
      const label = d.stage === 'closed_won' ? 1 : d.stage === 'closed_lost' ? 0 : undefined;
      const [start, end] = [time(d.created_at), time(d.closed_at)];
      if (label !== undefined && Number.isFinite(start) && end > start) out.push({ id: d.id, label, start, end });
    }
    return out.sort(byEnd);
  },
  snapshot: dealSnapshot,
  entries: (world, id) => stageEntries(world, id),
  record: (world, id) => world.deals.find((d) => d.id === id),
  resolvedOutcome: (r) => (isClosed(r) ? String(r.stage) : undefined),
  funnel: { field: 'stage', order: OPEN_STAGES },
  open: (world) => world.deals.filter((d) => !isClosed(d)),
};

/** Lead statuses that are outcomes: a customer converted, an unqualified lead did not. */
const LEAD_OUTCOME: Record<string, 0 | 1> = { customer: 1, unqualified: 0 };

export const leadTarget: ScoringTarget = {
  name: 'lead',
  entity: 'contact',
  resolved: 'resolved leads',
  /**
   * A customer converted when their first deal was won; an unqualified lead was settled when their last deal
   * closed. Without deals to date them, the last contact is the best evidence of when the outcome came.
   */
  outcomes(world) {
    const out: Outcome[] = [];
    for (const c of world.contacts.values()) {
      const label = LEAD_OUTCOME[String(c.lead_status)];
      if (label === undefined) continue;
      const closes = (world.contactDeals.get(c.id) ?? [])
        .filter((d) => (label === 1 ? d.stage === 'closed_won' : isClosed(d)))
        .map((d) => time(d.closed_at))
        .filter(Number.isFinite);
      const end = closes.length > 0 ? (label === 1 ? Math.min(...closes) : Math.max(...closes)) : time(c.last_contacted_at);
      const start = time(c.created_at);
      if (Number.isFinite(start) && end > start) out.push({ id: c.id, label, start, end });
    }
    return out.sort(byEnd);
  },
  snapshot: leadSnapshot,
  // No history of lead statuses is recorded.
  entries: () => [],
  record: (world, id) => world.contacts.get(id),
  resolvedOutcome: (r) => (String(r.lead_status) in LEAD_OUTCOME ? String(r.lead_status) : undefined),
  funnel: { field: 'lead_status', order: OPEN_LEAD_STATUSES },
  open: (world) => [...world.contacts.values()].filter((c) => OPEN_LEAD_STATUSES.includes(String(c.lead_status))),
};

export const TARGETS: Record<TargetName, ScoringTarget> = { deal: dealTarget, lead: leadTarget };
