/**
 * The company column of a contacts or deals file ("Company", "Company Name", "Company Domain"): each row's company,
 * given by name or domain, is linked to the company with the same normalised domain or name (core/normalize.ts),
 * else created once per distinct company of the file. The importer counts both in its report.
 */
import { ENTITIES } from '../core/entities.js';
import { newId } from '../core/ids.js';
import { companyNameKey, domainKey } from '../core/normalize.js';
import type { Storage } from '../storage/index.js';
import type { PendingRow } from './import-parse.js';

/** "acme.com", "https://www.acme.com/", "ada@acme.com" read as a domain; anything with a space or no dot as a name. */
export function companyReference(text: string): { kind: 'domain' | 'name'; key: string } | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/\s/.test(t) && /\.[a-z]{2,}$/i.test(t.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, ''))) {
    const key = domainKey(t);
    if (key && key.includes('.')) return { kind: 'domain', key };
  }
  const key = companyNameKey(t);
  return key ? { kind: 'name', key } : null;
}

export interface CompanyMatch {
  value: string;
  /** The existing company it links to, or null when the import creates one. */
  company: { id: string; name: string } | null;
}

/** Which existing company each text names (the web import's preview and the importer share this). */
export async function matchCompanies(storage: Storage, ws: string, values: readonly string[]): Promise<CompanyMatch[]> {
  const refs = values.map((v) => ({ value: v, ref: companyReference(v) }));
  const byDomain = await storage.records.idsByKeys(ws, ENTITIES.company, 'domain_key', refs.filter((r) => r.ref?.kind === 'domain').map((r) => r.ref!.key));
  const byName = await storage.records.idsByKeys(ws, ENTITIES.company, 'name_key', refs.filter((r) => r.ref?.kind === 'name').map((r) => r.ref!.key));
  const ids = [...new Set([...byDomain.values(), ...byName.values()].map((list) => [...list].sort()[0]!))];
  const names = new Map((await storage.records.getMany(ws, ENTITIES.company, ids)).map((c) => [c.id, String(c.name ?? c.id)]));
  return refs.map(({ value, ref }) => {
    const hit = ref ? [...((ref.kind === 'domain' ? byDomain : byName).get(ref.key) ?? [])].sort()[0] : undefined;
    return { value, company: hit ? { id: hit, name: names.get(hit) ?? hit } : null };
  });
}

/**
 * One file's company links. Rows are resolved batch by batch (company_id set to the existing company, or to the id
 * a new company will get); in the writing transaction the planned companies are matched again (another import may
 * have created them meanwhile: the caller holds the company lock, so one of two racing imports creates a company and
 * the other links to it), and only the companies of rows actually written are created.
 */
export class CompanyLinker {
  /** Whether any row named a company (the report then says how many were linked and created). */
  used = false;
  /** New companies by normalised key, with the text that named them. */
  private readonly planned = new Map<string, { id: string; value: string; ref: { kind: 'domain' | 'name'; key: string } }>();
  private readonly known = new Map<string, string>();
  /** Planned ids that turned out to exist by the time of writing → the existing company's id. */
  private readonly relinked = new Map<string, string>();
  /** The ids of the planned companies. */
  private readonly newIds = new Set<string>();
  private linkedRows = 0;
  private readonly createdIds = new Set<string>();

  /** Sets company_id of rows that name a company; returns the ids of companies still to be created. */
  async resolve(storage: Storage, ws: string, rows: PendingRow[]): Promise<string[]> {
    const wanted = rows.filter((r) => r.company && r.record.company_id == null);
    if (wanted.length === 0) return [];
    this.used = true;
    const fresh = [...new Set(wanted.map((r) => r.company!))].filter((v) => {
      const ref = companyReference(v);
      return ref && !this.known.has(`${ref.kind}:${ref.key}`);
    });
    for (const m of await matchCompanies(storage, ws, fresh)) {
      const ref = companyReference(m.value)!;
      const key = `${ref.kind}:${ref.key}`;
      if (this.known.has(key)) continue;
      const id = m.company?.id ?? newId(ENTITIES.company.idPrefix);
      this.known.set(key, id);
      if (m.company) continue;
      this.planned.set(key, { id, value: m.value.trim(), ref });
      this.newIds.add(id);
    }
    for (const r of wanted) {
      const ref = companyReference(r.company!);
      const id = ref ? this.known.get(`${ref.kind}:${ref.key}`) : undefined;
      if (id) r.record.company_id = id;
    }
    return this.plannedIds();
  }

  /**
   * In the writing transaction (company lock held): planned companies that exist by now are linked instead. Counting
   * starts again here (a transaction retried whole counts its rows once).
   */
  async recheck(tx: Storage, ws: string): Promise<void> {
    this.linkedRows = 0;
    this.createdIds.clear();
    const planned = [...this.planned.entries()];
    const matches = await matchCompanies(tx, ws, planned.map(([, p]) => p.value));
    matches.forEach((m, i) => {
      if (!m.company) return;
      const [key, p] = planned[i]!;
      this.relinked.set(p.id, m.company.id);
      this.known.set(key, m.company.id);
      this.planned.delete(key);
      this.newIds.delete(p.id);
    });
  }

  plannedIds(): string[] {
    return [...this.newIds];
  }

  /** A staged row as it is written: linked to the company that exists now, and counted. */
  relink(row: PendingRow): void {
    const id = row.record.company_id;
    if (typeof id === 'string' && this.relinked.has(id)) row.record.company_id = this.relinked.get(id)!;
  }

  /** Counts a row that is written (or left unchanged): linked to an existing company, or to one created. */
  count(row: PendingRow): void {
    const id = row.record.company_id;
    if (!row.company || typeof id !== 'string') return;
    if (this.newIds.has(id)) this.createdIds.add(id);
    else this.linkedRows++;
  }

  get linked() {
    return this.linkedRows;
  }

  get created() {
    return this.createdIds.size;
  }

  /** The companies the written rows use, as creates (a name, and the domain when a domain named it). */
  newCompanies(): Record<string, unknown>[] {
    return [...this.planned.values()].filter((p) => this.createdIds.has(p.id)).map((p) => ({ id: p.id, name: p.value, domain: p.ref.kind === 'domain' ? p.ref.key : null }));
  }
}
