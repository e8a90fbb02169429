/**
 * The text of each record's memory shard: what the record is, in words an embedding model reads well.
 * A contact: title, company, industry, place, notes, tags and a digest of recent activities; similar recipes
 * for companies, deals and activities. Built for many records at once (one query per related object).
 */
import { ENTITIES, type CrmRecord, type EntityName } from '../../core/entities.js';
import type { Storage } from '../../storage/index.js';
import { pagesWhereIn } from '../../storage/paging.js';

/** Recent activities included in a digest. */
const DIGEST_ACTIVITIES = 5;

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const join = (parts: (string | null | undefined)[], sep = ' ') => parts.filter((p): p is string => !!p).join(sep);

function place(c: CrmRecord | undefined) {
  return c ? join([str(c.city), str(c.country)], ', ') || null : null;
}

function activityLine(a: CrmRecord) {
  return join([str(a.type), str(a.subject) ? `“${str(a.subject)}”` : null, str(a.body)], ': ');
}

function sentence(s: string | null) {
  if (!s) return null;
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export class ShardTextBuilder {
  /**
   * @param between called between the build's queries (the embedding worker's duty cycle: on SQLite each query holds
   * the server's thread, and requests run between them)
   */
  constructor(
    private readonly storage: Storage,
    private readonly between: () => Promise<void> = async () => undefined,
  ) {}

  /** Texts of existing records by id; ids of deleted records are absent from the map. */
  async build(ws: string, entity: EntityName, ids: readonly string[]): Promise<Map<string, string>> {
    const records = await this.storage.records.getMany(ws, ENTITIES[entity], ids);
    if (records.length === 0) return new Map();
    await this.between();
    const partsOf = await this.recipe(ws, entity, records);
    return new Map(records.map((r) => [r.id, join(partsOf(r))]));
  }

  /** The parts of a record's text, given the related records of the whole batch (loaded here, one query each). */
  private async recipe(ws: string, entity: EntityName, records: CrmRecord[]): Promise<(r: CrmRecord) => (string | null | undefined)[]> {
    const companies = await this.related(ws, 'company', records.map((r) => r.company_id));
    const companyOf = (r: CrmRecord) => companies.get(r.company_id as string);
    const contacts = entity === 'deal' || entity === 'activity' ? await this.related(ws, 'contact', records.map((r) => r.contact_id)) : new Map<string, CrmRecord>();
    const contactOf = (r: CrmRecord) => contacts.get(r.contact_id as string);
    switch (entity) {
      case 'contact': {
        const digests = await this.digests(ws, 'contact_id', records.map((r) => r.id));
        return (r) => {
          const co = companyOf(r);
          const tags = Array.isArray(r.tags) && r.tags.length > 0 ? `Tags: ${(r.tags as string[]).join(', ')}.` : null;
          return [
            sentence(join([str(r.title) ?? 'Contact', co ? `at ${String(co.name)}` : null, co && str(co.industry) ? `(${String(co.industry)}${place(co) ? `, ${place(co)}` : ''})` : null])),
            sentence(str(r.notes)),
            tags,
            digests.get(r.id),
          ];
        };
      }
      case 'company': {
        const digests = await this.digests(ws, 'company_id', records.map((r) => r.id));
        return (r) => [
          sentence(join([String(r.name), str(r.industry) ? `is a ${String(r.industry)} company` : null, place(r) ? `in ${place(r)}` : null])),
          sentence(str(r.description)),
          digests.get(r.id),
        ];
      }
      case 'deal': {
        const digests = await this.digests(ws, 'deal_id', records.map((r) => r.id));
        return (r) => {
          const co = companyOf(r);
          const ct = contactOf(r);
          return [
            sentence(join([`Deal ${String(r.name)}`, str(r.product) ? `for ${String(r.product)}` : null, `at stage ${String(r.stage).replace('_', ' ')}`])),
            co ? sentence(join([String(co.name), str(co.industry) ? `is in ${String(co.industry)}` : null])) : null,
            ct && str(ct.title) ? sentence(`Contact: ${String(ct.title)}`) : null,
            digests.get(r.id),
          ];
        };
      }
      case 'activity':
        return (r) => {
          const co = companyOf(r);
          const ct = contactOf(r);
          return [sentence(activityLine(r)), ct || co ? sentence(join(['With', ct && str(ct.title) ? String(ct.title) : null, co ? `at ${String(co.name)}` : null])) : null];
        };
    }
  }

  private async related(ws: string, entity: EntityName, ids: unknown[]) {
    const wanted = ids.filter((v): v is string => typeof v === 'string');
    if (wanted.length === 0) return new Map<string, CrmRecord>();
    const rows = await this.storage.records.getMany(ws, ENTITIES[entity], wanted);
    await this.between();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** "Recent: call “Intro”: …; email …" per record, newest first. */
  private async digests(ws: string, field: 'contact_id' | 'company_id' | 'deal_id', ids: string[]) {
    const byRecord = new Map<string, CrmRecord[]>();
    const pages = pagesWhereIn(this.storage.records, ws, ENTITIES.activity, field, ids, { sort: { field: 'occurred_at', direction: 'desc' }, limit: 500 });
    for await (const page of pages) {
      for (const a of page) {
        const key = a[field] as string;
        const list = byRecord.get(key) ?? [];
        if (list.length < DIGEST_ACTIVITIES) list.push(a);
        byRecord.set(key, list);
      }
      await this.between();
    }
    const out = new Map<string, string>();
    for (const [id, acts] of byRecord) out.set(id, `Recent: ${acts.map(activityLine).join('; ')}.`);
    return out;
  }
}
