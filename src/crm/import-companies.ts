/**
 * The company column of a contacts or deals file ("Company", "Company Name", "Company Domain"): each row's company,
 * given by name or domain, is linked to the company with the same normalised domain or name (core/normalize.ts),
 * else created once per distinct company of the file. The importer counts both in its report.
 */
import { ENTITIES, type CrmRecord } from '../core/entities.js';
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

/** One file's company links: resolves rows batch by batch, and creates the new companies in the final transaction. */
export class CompanyLinker {
  linked = 0;
  /** New companies by normalised key, created when the file is written. */
  private readonly planned = new Map<string, CrmRecord>();
  private readonly known = new Map<string, string>();
  private readonly plannedIds = new Set<string>();
  /** Whether any row named a company (the report then says how many were linked and created). */
  used = false;

  get created() {
    return this.planned.size;
  }

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
      if (m.company) this.known.set(key, m.company.id);
      else {
        const id = newId(ENTITIES.company.idPrefix);
        this.known.set(key, id);
        this.planned.set(key, { id, custom: {}, name: m.value.trim(), domain: ref.kind === 'domain' ? ref.key : null });
        this.plannedIds.add(id);
      }
    }
    for (const r of wanted) {
      const ref = companyReference(r.company!);
      const id = ref ? this.known.get(`${ref.kind}:${ref.key}`) : undefined;
      if (!id) continue;
      r.record.company_id = id;
      if (!this.plannedIds.has(id)) this.linked++;
    }
    return [...this.plannedIds];
  }

  /** The companies to create, as import rows of a companies file (line 0: they come from the company column). */
  newCompanyRows(): PendingRow[] {
    return [...this.planned.values()].map((record) => ({ line: 0, record: { ...record, custom: {} } }));
  }
}
