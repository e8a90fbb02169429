/**
 * Likely-duplicate detection driven by each object's duplicate rules: equal normalised keys (email, phone,
 * domain, name), the same name at the same company, and near-identical names that share a word rare in the
 * workspace. Letter similarity alone is never enough: it pairs "Iron Guard" with "Iron Market".
 */
import { distance } from 'fastest-levenshtein';
import { displayName, type CrmRecord, type EntityDef, type DuplicateRule } from '../core/entities.js';
import type { Storage } from '../storage/index.js';
import { computeKeys } from '../storage/record-rows.js';

export interface DuplicateCandidate {
  id: string;
  name: string;
  reasons: string[];
}

export interface DuplicatePair {
  a: string;
  b: string;
  a_name: string;
  b_name: string;
  reasons: string[];
}

/** A name word is distinctive when at most this many records (or this share of them) contain it. */
const RARE_WORD_MAX_RECORDS = 5;
const RARE_WORD_MAX_SHARE = 0.005;
/** Normalised edit-distance similarity above which two names sharing a rare word count as near-identical. */
const NAME_SIMILARITY = 0.8;

function similarity(a: string, b: string): number {
  const ca = a.replace(/ /g, '');
  const cb = b.replace(/ /g, '');
  const len = Math.max(ca.length, cb.length);
  return len === 0 ? 0 : 1 - distance(ca, cb) / len;
}

type KeyedRecord = Record<string, unknown>;

/** Why `a` and `b` look like the same real-world record, by the object's rules; empty when they do not. */
export function duplicateReasons(entity: EntityDef, a: KeyedRecord, b: KeyedRecord, isRareWord: (w: string) => boolean): string[] {
  const reasons: string[] = [];
  for (const rule of entity.duplicateRules) {
    if (ruleMatches(rule, a, b, isRareWord)) reasons.push(rule.reason);
  }
  return reasons;
}

/** A record's values of a same-key rule: its key, and with `also` each of its secondary values' keys. */
function keyValues(rule: DuplicateRule, r: KeyedRecord): string[] {
  const k = r[rule.key];
  const out = typeof k === 'string' && k !== '' ? [k] : [];
  if (rule.kind === 'same_key' && rule.also) {
    const more = r[rule.also];
    if (typeof more === 'string') for (const v of more.split(' ')) if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

function ruleMatches(rule: DuplicateRule, a: KeyedRecord, b: KeyedRecord, isRareWord: (w: string) => boolean): boolean {
  if (rule.kind === 'same_key' && rule.also) {
    const va = keyValues(rule, a);
    const vb = new Set(keyValues(rule, b));
    return va.some((v) => vb.has(v));
  }
  const ka = a[rule.key];
  const kb = b[rule.key];
  if (typeof ka !== 'string' || typeof kb !== 'string') return false;
  switch (rule.kind) {
    case 'same_key':
      return ka === kb;
    case 'same_key_and_field':
      return ka === kb && a[rule.field] != null && a[rule.field] === b[rule.field];
    case 'similar_name': {
      if (ka === kb) return false; // reported as the exact rule
      if (rule.within && (a[rule.within] == null || a[rule.within] !== b[rule.within])) return false;
      const wa = new Set(ka.split(' '));
      const shared = kb.split(' ').filter((w) => wa.has(w) && w.length >= 3);
      const compactEqual = ka.replace(/ /g, '') === kb.replace(/ /g, '');
      if (compactEqual) return true;
      if (!shared.some((w) => rule.within !== undefined || isRareWord(w))) return false;
      return similarity(ka, kb) >= NAME_SIMILARITY;
    }
  }
}

/** Lets other requests run between bounded stretches of a long scan (the event loop is shared with the API). */
const yieldEvery = (n: number) => {
  let count = 0;
  let last = performance.now();
  return async (work = 1) => {
    count += work;
    if (count < n) return;
    count = 0;
    // A time bound too: comparisons within one block vary a lot in cost.
    if (performance.now() - last < 20) return;
    await new Promise((r) => setImmediate(r));
    last = performance.now();
  };
};

function keyedView(entity: EntityDef, record: CrmRecord): KeyedRecord {
  return { ...record, ...computeKeys(entity, record) };
}

/**
 * A record not yet saved (a form's draft, parsed with the object's draft schema) as the duplicate rules read it:
 * every declared field present (null when not given); the id of the record being edited, or none.
 */
export function draftRecord(entity: EntityDef, draft: Record<string, unknown>): CrmRecord {
  const record: CrmRecord = { id: typeof draft.id === 'string' ? draft.id : '', custom: {} };
  for (const f of entity.fields) record[f.name] = draft[f.name] ?? null;
  return record;
}

export class DuplicatesService {
  constructor(private readonly storage: Storage) {}

  /** Candidates for one record (existing or about to be created), most reasons first. */
  async candidatesFor(ws: string, entity: EntityDef, record: CrmRecord): Promise<DuplicateCandidate[]> {
    if (entity.duplicateRules.length === 0) return [];
    const me = keyedView(entity, record);
    const pool = new Map<string, CrmRecord>();
    const total = await this.storage.records.count(ws, entity);
    const rareLimit = Math.max(RARE_WORD_MAX_RECORDS, Math.floor(total * RARE_WORD_MAX_SHARE));
    const rare = new Set<string>();
    for (const rule of entity.duplicateRules) {
      if (rule.kind === 'same_key' && rule.also) {
        // A primary value equal to another record's secondary one (or the other way round) is the same person.
        for (const v of keyValues(rule, me)) {
          for (const h of await this.storage.records.findByKey(ws, entity, rule.key, v)) pool.set(h.id, h);
          for (const h of await this.storage.records.findByKeyWord(ws, entity, rule.also, v, 50)) pool.set(h.id, h);
        }
        continue;
      }
      const key = me[rule.key];
      if (typeof key !== 'string') continue;
      if (rule.kind === 'similar_name' && rule.within) {
        const scope = record[rule.within];
        if (scope == null) continue;
        const page = await this.storage.records.list(ws, entity, {
          filters: [{ field: rule.within, op: 'eq', value: scope }],
          limit: 500,
        });
        for (const h of page.records) pool.set(h.id, h);
      } else if (rule.kind === 'similar_name') {
        for (const word of new Set(key.split(' '))) {
          if (word.length < 3) continue;
          const hits = await this.storage.records.findByKeyWord(ws, entity, rule.key, word, rareLimit + 2);
          const others = hits.filter((h) => h.id !== record.id);
          if (others.length > rareLimit) continue;
          rare.add(word);
          for (const h of others) pool.set(h.id, h);
        }
      } else {
        for (const h of await this.storage.records.findByKey(ws, entity, rule.key, key)) pool.set(h.id, h);
      }
    }
    pool.delete(record.id);
    const out: DuplicateCandidate[] = [];
    for (const other of pool.values()) {
      const reasons = duplicateReasons(entity, me, keyedView(entity, other), (w) => rare.has(w));
      if (reasons.length > 0) out.push({ id: other.id, name: displayName(entity, other), reasons });
    }
    return out.sort((x, y) => y.reasons.length - x.reasons.length || x.id.localeCompare(y.id));
  }

  /** Every likely duplicate pair in the workspace (blocking on keys and rare name words, then the same rules). */
  async scan(ws: string, entity: EntityDef): Promise<DuplicatePair[]> {
    if (entity.duplicateRules.length === 0) return [];
    const extra = [
      ...new Set([
        ...entity.titleFields,
        ...entity.duplicateRules.flatMap((r) => (r.kind === 'same_key_and_field' ? [r.field] : r.kind === 'similar_name' && r.within ? [r.within] : [])),
      ]),
    ];
    const rows: KeyedRecord[] = [];
    const pause = yieldEvery(2000);
    for await (const r of this.storage.records.keySnapshot(ws, entity, extra)) {
      rows.push(r);
      await pause();
    }
    const blocks = new Map<string, number[]>();
    const wordCount = new Map<string, number>();
    const add = (block: string, i: number) => {
      const list = blocks.get(block);
      if (list) list.push(i);
      else blocks.set(block, [i]);
    };
    const nameKeys = entity.duplicateRules.filter((r) => r.kind === 'similar_name').map((r) => r.key);
    for (const row of rows) {
      for (const k of nameKeys) for (const w of new Set(String(row[k] ?? '').split(' '))) if (w.length >= 3) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
      await pause();
    }
    const rareLimit = Math.max(RARE_WORD_MAX_RECORDS, Math.floor(rows.length * RARE_WORD_MAX_SHARE));
    const isRare = (w: string) => (wordCount.get(w) ?? 0) <= rareLimit;
    for (const [i, row] of rows.entries()) {
      await pause();
      for (const rule of entity.duplicateRules) {
        if (rule.kind === 'same_key' && rule.also) {
          for (const v of keyValues(rule, row)) add(`${rule.key}:${v}`, i);
          continue;
        }
        const key = row[rule.key];
        if (typeof key !== 'string') continue;
        if (rule.kind === 'similar_name') {
          if (rule.within) {
            if (row[rule.within] != null) add(`within:${String(row[rule.within])}`, i);
          } else for (const w of new Set(key.split(' '))) if (w.length >= 3 && isRare(w)) add(`w:${w}`, i);
          add(`compact:${key.replace(/ /g, '')}`, i);
        } else if (rule.kind === 'same_key_and_field') {
          // Block on both: 40 "Ravi Becker"s at 40 companies are 780 useless comparisons otherwise.
          if (row[rule.field] != null) add(`${rule.key}:${key}\u0000${String(row[rule.field])}`, i);
        } else add(`${rule.key}:${key}`, i);
      }
    }
    const seen = new Set<string>();
    const pairs: DuplicatePair[] = [];
    for (const members of blocks.values()) {
      if (members.length < 2 || members.length > 500) continue;
      await pause(members.length * (members.length - 1) / 2);
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const a = rows[members[x]!]!;
          const b = rows[members[y]!]!;
          const [first, second] = String(a.id) < String(b.id) ? [a, b] : [b, a];
          const reasons = duplicateReasons(entity, first, second, isRare);
          if (reasons.length === 0) continue;
          // Only real pairs are remembered (a pair may share several blocks): memory stays proportional to
          // the duplicates found, not to every comparison made.
          const pairKey = `${String(first.id)}\u0000${String(second.id)}`;
          if (seen.has(pairKey)) continue;
          seen.add(pairKey);
          pairs.push({ a: String(first.id), b: String(second.id), a_name: displayName(entity, first), b_name: displayName(entity, second), reasons });
        }
    }
    return pairs.sort((p, q) => p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
  }
}

