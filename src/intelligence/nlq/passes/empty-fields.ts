/**
 * Absence of a value: "contacts with no phone", "leads without a title", "companies missing a domain". A
 * negation (or "missing") before a field's name, label or synonym (declared once in core/entities.ts) means the
 * field is empty on the object asked for, or on its company.
 */
import { allFields, ENTITIES, fieldOf, type EntityName } from '../../../core/entities.js';
import { phraseKey } from '../../lexicon/tokens.js';
import type { ParseState } from '../parse-state.js';
import { fieldLabel } from '../vocabulary.js';

const ABSENT = new Set(['missing', 'lacking', 'blank', 'empty']);
const ARTICLES = new Set(['a', 'an', 'any', 'the', 'their', 'its']);
/** Fields whose absence is asked for in words; a plain date ("no close date") too, times of events have their own grammar ("never contacted"). */
const KINDS = new Set(['string', 'email', 'phone', 'domain', 'tags', 'text', 'ref', 'number', 'integer', 'enum', 'date']);

const FIELD_KEYS: Map<string, { entity: EntityName; field: string }[]> = (() => {
  const out = new Map<string, { entity: EntityName; field: string }[]>();
  for (const entity of ['contact', 'company', 'deal'] as const) {
    for (const f of allFields(ENTITIES[entity])) {
      if (!KINDS.has(f.type) || f.name === 'id' || f.name === 'name' && entity !== 'company') continue;
      for (const phrase of [f.label.replace(/\(.*?\)/g, ''), f.name.replace(/_/g, ' '), ...(f.synonyms ?? [])]) {
        const key = phraseKey(phrase);
        if (key === '') continue;
        const list = out.get(key) ?? [];
        if (!list.some((x) => x.entity === entity && x.field === f.name)) list.push({ entity, field: f.name });
        out.set(key, list);
      }
    }
  }
  return out;
})();

/** Words that say a record has no value in a field: "unassigned deals", "unowned accounts". */
const UNSET_WORDS: Record<string, string> = { unassigned: 'owner', unowned: 'owner', ownerless: 'owner', untagged: 'tags' };

/** The field words a negation or "missing" names at word i, as [start of the field words, their count], or undefined. */
function absentFieldAt(st: ParseState, i: number, free: (k: number) => boolean): [number, number] | undefined {
  const { n, toks } = st;
  if (!(st.negatedAt.has(i) && ['no', 'without', 'not'].includes(n(i))) && !ABSENT.has(n(i))) return undefined;
  let k = i + 1;
  if (n(i) === 'not' && n(k) === 'have') k++;
  while (ARTICLES.has(n(k))) k++;
  for (let len = 3; len >= 1; len--) {
    if (k + len > toks.length || [...Array(len).keys()].some((x) => !free(k + x))) continue;
    if (FIELD_KEYS.has(st.key(k, len))) return [k, len];
  }
  return undefined;
}

/**
 * Before words are read by meaning: a field named after a negation ("deals with no │owner") is kept for this pass,
 * so meaning does not read "owner" as a role first.
 */
export function reserveAbsentFields(st: ParseState): void {
  for (let i = 0; i < st.toks.length; i++) {
    const at = absentFieldAt(st, i, (k) => !st.used[k] && !st.matches.some((m) => k >= m.start && k < m.end));
    if (!at) continue;
    for (let k = at[0]; k < at[0] + at[1]; k++) {
      st.used[k] = true;
      st.absentFieldAt.add(k);
    }
    i = at[0] + at[1] - 1;
  }
}

export function readEmptyFields(st: ParseState): void {
  const { n, toks } = st;
  const free = (k: number) => !st.used[k] || st.absentFieldAt.has(k);
  for (let i = 0; i < toks.length; i++) {
    const unset = UNSET_WORDS[n(i)];
    if (unset && !st.used[i] && fieldOf(ENTITIES[st.head], unset)) {
      st.claim(i, i + 1);
      st.conditions.push({ entity: st.head, field: unset, op: 'empty', value: true, label: `no ${fieldLabel(st.head, unset)} ("${st.typed(i, i + 1)}")` });
      continue;
    }
    const at = absentFieldAt(st, i, free);
    if (!at) continue;
    const [k] = at;
    for (let len = at[1]; len >= 1; len--) {
      const targets = FIELD_KEYS.get(st.key(k, len));
      const target = targets?.find((t) => t.entity === st.head) ?? targets?.find((t) => st.reaches(t.entity));
      if (!target) continue;
      st.claim(i, k + len);
      // The negation is spent on the field; a match made of the field's name ("product" → manufacturing) is undone.
      st.negatedAt.delete(i);
      const end = k + len;
      const undone = st.matches.filter((m) => m.start < end && m.end > k);
      st.matches = st.matches.filter((m) => !undone.includes(m));
      for (const m of undone) {
        const phrase = st.typed(m.start, m.end);
        const at = st.meaningFound.findIndex((f) => f.phrase === phrase);
        if (at >= 0) st.meaningFound.splice(at, 1);
      }
      st.conditions.push({ entity: target.entity, field: target.field, op: 'empty', value: true, label: `no ${fieldLabel(target.entity, target.field)}` });
      for (let x = k; x < end; x++) st.absentFieldAt.delete(x);
      i = k + len - 1;
      break;
    }
  }
  // A field kept from meaning that names nothing the object asked for reaches: not understood, said so.
  for (const k of st.absentFieldAt) st.used[k] = false;
}
