/** Dates: which date field the words around them mean (expected or actual close, last contact, creation). */
import type { EntityName } from '../../../core/entities.js';
import type { Condition } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { fieldLabel } from '../vocabulary.js';

/** Cue words of a close that happened (closed_at) rather than one expected (expected_close). */
const ACTUAL_CLOSE = ['closed', 'won', 'lost', 'signed', 'win', 'lose', 'booked'];

export function readDateFields(st: ParseState): void {
  const { n, head } = st;
  for (const d of st.dates) {
    let target: { entity: EntityName; field: string };
    const dealClosed = st.conditions.some((c) => c.field === 'stage' && Array.isArray(c.value) && (c.value as string[]).every((v) => v.startsWith('closed')));
    const cue = d.cue;
    if (cue?.kind === 'close' || (!cue && head === 'deal' && dealClosed)) {
      const actual = dealClosed || (cue !== null && ACTUAL_CLOSE.includes(cue.word));
      target = { entity: 'deal', field: actual ? 'closed_at' : 'expected_close' };
    } else if (cue?.kind === 'contact' && head !== 'company') target = { entity: 'contact', field: 'last_contacted_at' };
    else target = { entity: head, field: 'created_at' };
    if (!st.reaches(target.entity)) target = { entity: head, field: 'created_at' };
    const field = { ...target, label: fieldLabel(target.entity, target.field) };
    const isDate = field.field === 'expected_close';
    const fmt = (iso: string) => (isDate ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, 'Z'));
    const negated = st.negatedBefore(d.at.start) || n(d.at.start - 1) === 'not' || n(d.at.start - 2) === 'not';
    if (!negated) {
      if (d.from) st.conditions.push({ entity: field.entity, field: field.field, op: 'gte', value: fmt(d.from), label: `${field.label} ≥ ${fmt(d.from)}` });
      if (d.to) st.conditions.push({ entity: field.entity, field: field.field, op: 'lt', value: fmt(d.to), label: `${field.label} < ${fmt(d.to)}` });
      continue;
    }
    // "not contacted in the last 30 days": outside the range, or never.
    const group = ++st.anyGroups;
    const alternatives: Condition[] = [];
    if (d.from) alternatives.push({ entity: field.entity, field: field.field, op: 'lt', value: fmt(d.from), label: `${field.label} < ${fmt(d.from)}`, anyGroup: group });
    if (d.to && Date.parse(d.to) < st.ctx.now.getTime()) alternatives.push({ entity: field.entity, field: field.field, op: 'gte', value: fmt(d.to), label: `${field.label} ≥ ${fmt(d.to)}`, anyGroup: group });
    alternatives.push({ entity: field.entity, field: field.field, op: 'empty', value: true, label: `no ${field.label} date`, anyGroup: group });
    st.conditions.push(...alternatives);
  }
}
