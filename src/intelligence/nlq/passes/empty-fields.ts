/**
 * Absence of a value: "contacts with no phone", "leads without a title", "companies missing a domain". A
 * negation (or "missing") before a field's name, label or synonym (declared once in core/entities.ts) means the
 * field is empty on the object asked for, or on its company.
 */
import { allFields, ENTITIES, type EntityName } from '../../../core/entities.js';
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

export function readEmptyFields(st: ParseState): void {
  const { n, toks, used } = st;
  for (let i = 0; i < toks.length; i++) {
    if (!(st.negatedAt.has(i) && ['no', 'without', 'not'].includes(n(i))) && !ABSENT.has(n(i))) continue;
    let k = i + 1;
    if (n(i) === 'not' && n(k) === 'have') k++;
    while (ARTICLES.has(n(k))) k++;
    for (let len = 3; len >= 1; len--) {
      if (k + len > toks.length || used.slice(k, k + len).some(Boolean)) continue;
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
      i = k + len - 1;
      break;
    }
  }
}
