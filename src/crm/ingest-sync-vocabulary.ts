/**
 * The workspace's own words for ingesters that recognise speech: contacts' full names, company names, deal
 * products and deal names (capped, most recently updated first), so a recogniser can be biased towards them.
 */
import { ENTITIES } from '../core/entities.js';
import type { Storage } from '../storage/index.js';

/** At most this many records of each kind are read (a phonetic comparison per recognised word is the cost). */
const PER_ENTITY = 2_000;

export async function workspaceVocabulary(storage: Storage, ws: string): Promise<string[]> {
  const words = new Set<string>();
  const take = async (entity: (typeof ENTITIES)[keyof typeof ENTITIES], pick: (r: Record<string, unknown>) => unknown[]) => {
    const page = await storage.records.list(ws, entity, { limit: PER_ENTITY, sort: { field: 'updated_at', direction: 'desc' } });
    for (const r of page.records) for (const v of pick(r)) if (typeof v === 'string' && v.trim()) words.add(v.trim());
  };
  await take(ENTITIES.contact, (r) => [[r.first_name, r.last_name].filter(Boolean).join(' ')]);
  await take(ENTITIES.company, (r) => [r.name]);
  await take(ENTITIES.deal, (r) => [r.product, r.name]);
  return [...words];
}
