/** A record's timeline: its activities and its changes (and those of its deals), newest first. */
import type { CrmRecord, EntityName } from '../core/entities.js';
import { ENTITIES, entitiesWith } from '../core/entities.js';
import { notFound, validationError } from '../core/errors.js';
import type { RecordEventKind } from '../core/events.js';
import type { RecordEvent, Storage } from '../storage/index.js';

/** A change on a timeline: always a record change of a declared object (its field changes as [old, new]). */
export type TimelineEvent = { type: 'event'; seq: number } & Omit<RecordEvent, 'entity' | 'kind' | 'data'> & {
  entity: EntityName;
  kind: RecordEventKind;
  data: Record<string, unknown> & { changes?: Record<string, [unknown, unknown]> };
};
export type TimelineItem = { type: 'activity'; at: string; activity: CrmRecord } | TimelineEvent;

export const TIMELINE_ENTITIES: readonly EntityName[] = entitiesWith('timeline');
const ACTIVITY_REF: Record<string, string> = { contact: 'contact_id', company: 'company_id', deal: 'deal_id' };

export class TimelineService {
  constructor(private readonly storage: Storage) {}

  async timeline(ws: string, entityName: EntityName, id: string, limit = 50, before?: string): Promise<{ items: TimelineItem[]; next_before: string | null }> {
    const ref = ACTIVITY_REF[entityName];
    if (!ref) throw validationError(`${entityName} records have no timeline`);
    if (!(await this.storage.records.get(ws, ENTITIES[entityName], id))) throw notFound(entityName, id);
    const filters = [{ field: ref, op: 'eq' as const, value: id }, ...(before ? [{ field: 'occurred_at', op: 'lt' as const, value: before }] : [])];
    const activities = await this.storage.records.list(ws, ENTITIES.activity, {
      filters,
      sort: { field: 'occurred_at', direction: 'desc' },
      limit,
    });
    const events = await this.storage.events.forRecords(ws, entityName, [id], limit, before);
    // A person's or company's timeline also shows what happened to their deals.
    if (entityName !== 'deal') {
      const deals = await this.storage.records.list(ws, ENTITIES.deal, { filters: [{ field: ref, op: 'eq', value: id }], limit: 500 });
      const dealEvents = await this.storage.events.forRecords(ws, 'deal', deals.records.map((d) => d.id), limit, before);
      events.push(...dealEvents.filter((e) => e.kind === 'created' || e.kind === 'stage_changed'));
    }
    const items: TimelineItem[] = [
      ...activities.records.map((a) => ({ type: 'activity' as const, at: a.occurred_at as string, activity: a })),
      // The events of records of this object and of its deals: record changes, never access events.
      ...events.map((e) => ({ type: 'event' as const, ...e }) as TimelineEvent),
    ];
    items.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));
    const page = items.slice(0, limit);
    return { items: page, next_before: items.length > limit || activities.nextCursor ? (page[page.length - 1]?.at ?? null) : null };
  }
}
