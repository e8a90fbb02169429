/**
 * Data-subject access (GDPR art. 15): everything the CRM holds about one contact in one document — the record as
 * entered, its company, deals and activities, the change history of the contact, and the outcomes logged about it.
 */
import { ENTITIES, type EntityName } from '../core/entities.js';
import { notFound } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Storage } from '../storage/index.js';
import { collect, listPages } from '../storage/paging.js';

export class PrivacyService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async exportContact(ws: string, id: string) {
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
    return { exported_at: this.clock.now().toISOString(), workspace: ws, contact, company: company ?? null, deals, activities, history, outcomes };
  }
}
