/**
 * Data-subject rights. Access (GDPR art. 15): everything the CRM holds about one contact in one document — the
 * record as entered, its company, deals and activities, the change history of the contact, and the outcomes logged
 * about it. Erasure (art. 17): the same things removed or stripped of what identifies the person, in one transaction,
 * leaving an audit entry that says what was done but not what was there.
 */
import { toTimestamp, type Clock } from '../core/clock.js';
import { ENTITIES, type EntityName } from '../core/entities.js';
import { notFound } from '../core/errors.js';
import type { Storage } from '../storage/index.js';
import { collect, listPages } from '../storage/paging.js';
import { ChangeFeed } from './change-feed.js';
import type { WriteOptions } from './records.service.js';
import { childRelations } from './relations.js';
import { searchDocument } from './search-text.js';

export interface ErasureReport {
  contact: string;
  /** Activities of the contact kept (date, type, deal, company) with subject, body and custom fields removed. */
  activities_redacted: number;
  /** Deals that pointed at the contact and now point at nobody. */
  deals_unlinked: number;
  /** Audit and timeline entries whose recorded values were replaced by a note of the erasure. */
  events_redacted: number;
  outcomes_deleted: number;
  /** Semantic-memory entries (text and vectors) dropped at once; the embedding worker rebuilds redacted ones. */
  memory_entries_dropped: number;
}

export const ERASED_SUBJECT = '[erased]';

export class PrivacyService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
  ) {}

  /**
   * Erases a contact: the record goes; its activities stay as bare facts (a call on this date about this deal)
   * without subject, body or custom fields; deals keep their business data but lose the link; the change history
   * of the contact and of those activities is redacted; its outcomes and memory entries are dropped.
   */
  async eraseContact(ws: string, id: string, opts: WriteOptions = {}): Promise<ErasureReport> {
    const report = await this.erase(ws, id, opts);
    await this.storage.scrubDeleted();
    return report;
  }

  private erase(ws: string, id: string, opts: WriteOptions): Promise<ErasureReport> {
    const activity = ENTITIES.activity;
    return this.storage.transaction(async (tx) => {
      const contact = await tx.records.get(ws, ENTITIES.contact, id, { lock: true });
      if (!contact) throw notFound('contact', id);
      const now = toTimestamp(this.clock.now());
      const activities = await collect(listPages(tx.records, ws, activity, { filters: [{ field: 'contact_id', op: 'eq', value: id }], limit: 500 }));
      const redacted = { subject: ERASED_SUBJECT, body: null, custom: {}, updated_at: now };
      for (const a of activities) await tx.records.update(ws, activity, a.id, redacted);
      await tx.search.index(ws, 'activity', activities.map((a) => ({ id: a.id, body: searchDocument(activity, { ...a, ...redacted, contact_id: null }) })));
      const unlinked: Record<string, number> = {};
      for (const { child, field } of childRelations('contact')) unlinked[child.name] = await tx.records.reassignRefs(ws, child, field.name, [id], null, now);
      await tx.search.remove(ws, 'contact', [id]);
      await tx.records.delete(ws, ENTITIES.contact, [id]);
      const note = { erased: true, at: now };
      const activityIds = activities.map((a) => a.id);
      const eventsRedacted = (await tx.events.redact(ws, 'contact', [id], note)) + (await tx.events.redact(ws, 'activity', activityIds, note));
      // The outcome log's entries and the next-action recommendations (issue 18) with the contact's context.
      const outcomes = (await tx.outcomes.deleteForRecords(ws, 'contact', [id])) + (await tx.recommendations.deleteForContacts(ws, [id]));
      const memory = (await tx.shards.forget(ws, 'contact', [id], now)) + (await tx.shards.forget(ws, 'activity', activityIds, now));
      const report: ErasureReport = {
        contact: id,
        activities_redacted: activities.length,
        deals_unlinked: unlinked.deal ?? 0,
        events_redacted: eventsRedacted,
        outcomes_deleted: outcomes,
        memory_entries_dropped: memory,
      };
      const { contact: _c, ...counts } = report;
      await tx.events.append(ws, [{ entity: 'contact', record_id: id, kind: 'erased', at: now, actor: opts.actor ?? null, data: counts }]);
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: 'contact', op: 'delete', ids: [id] });
      if (activityIds.length > 0) await this.changeFeed.publish(tx, { workspaceId: ws, entity: 'activity', op: 'upsert', ids: activityIds });
      return report;
    });
  }

  /** Everything about a contact; the export itself is audited (who took a copy of this person's data, when). */
  async exportContact(ws: string, id: string, opts: WriteOptions = {}) {
    const { records } = this.storage;
    const contact = await records.get(ws, ENTITIES.contact, id);
    if (!contact) throw notFound('contact', id);
    const all = (entity: EntityName) => collect(listPages(records, ws, ENTITIES[entity], { filters: [{ field: 'contact_id', op: 'eq', value: id }], limit: 500 }));
    const [company, deals, activities, history, outcomes] = await Promise.all([
      typeof contact.company_id === 'string' ? records.get(ws, ENTITIES.company, contact.company_id) : Promise.resolve(undefined),
      all('deal'),
      all('activity'),
      this.storage.events.forRecords(ws, 'contact', [id], 10_000),
      this.storage.outcomes.forRecord(ws, 'contact', id),
    ]);
    const at = toTimestamp(this.clock.now());
    await this.storage.events.append(ws, [{ entity: 'contact', record_id: id, kind: 'exported', at, actor: opts.actor ?? null, data: {} }]);
    return { exported_at: this.clock.now().toISOString(), workspace: ws, contact, company: company ?? null, deals, activities, history, outcomes };
  }
}
