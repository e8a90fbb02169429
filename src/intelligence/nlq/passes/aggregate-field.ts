/** Which number an aggregate adds up or averages ("total value", "average deal size"), and its grouping. */
import { ENTITIES } from '../../../core/entities.js';
import type { AggregateFnName } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { FIELD_WORDS, isMoney, measuredField } from '../vocabulary.js';

const FN_WORDS: Record<Exclude<AggregateFnName, 'count'>, string> = { sum: 'total', avg: 'average', min: 'minimum', max: 'maximum' };

export function readAggregateField(st: ParseState): void {
  const { toks, used, head, aggFn, groupBy } = st;
  if (!aggFn && !groupBy) return;
  // "pipeline value by stage": a grouped number without "total" is a sum; "deals by stage" a count.
  const fn = aggFn ?? (toks.some((t, k) => (!used[k] && FIELD_WORDS[t.stem] && t.stem !== 'size') || t.norm === 'pipeline') ? 'sum' : 'count');
  if (!aggFn) st.aggAt = -1;
  let field: string | null = null;
  if (fn !== 'count') {
    const fw = toks.map((t, k) => ({ k, f: FIELD_WORDS[t.stem] })).find((x) => x.f && x.k > st.aggAt);
    let f = fw?.f;
    if (fw) used[fw.k] = true;
    // "how much money is in …": the money word only says what is added up.
    toks.forEach((t, k) => {
      if (['money', 'cash', 'dollars'].includes(t.norm)) used[k] = true;
    });
    if (!f && st.hasWord('pipeline')) f = measuredField('deal', 'money');
    // A deal's money word asked of companies ("total value of companies") is their revenue.
    if (f && f.entity !== head && head === 'company' && isMoney(f)) f = measuredField('company', 'money');
    // A company's money word asked of deals ("won revenue", "revenue we closed") is their amount.
    if (f && f.entity !== head && head === 'deal' && isMoney(f)) f = measuredField('deal', 'money');
    if (!f && (head === 'deal' || head === 'company')) f = measuredField(head, 'money');
    if (!f || f.entity !== head) st.notes.push(`${fn} needs a number of ${ENTITIES[head].plural}; counting instead`);
    else field = f.field;
  }
  const realFn: AggregateFnName = field ? fn : 'count';
  // "average revenue per company" asked of companies: each company is the unit, not a group.
  const perItself = groupBy?.field === 'company_id' && head === 'company';
  if (perItself) st.groupBy = null;
  const g = groupBy && !perItself && st.reaches(groupBy.entity) ? { entity: groupBy.entity === head ? head : groupBy.entity, field: groupBy.field } : null;
  if (groupBy && !g && !perItself) st.notes.push(`cannot group ${head}s by ${groupBy.label}`);
  const what = realFn === 'count' ? 'count' : `${FN_WORDS[realFn]} ${field ? field.replace(/_/g, ' ') : ''}`;
  st.aggregate = { fn: realFn, field, groupBy: g, label: `${what}${g ? ` by ${groupBy!.label}` : ''}` };
}
