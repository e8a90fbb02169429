/** Numbers: which field an amount or count bounds (a deal's amount, a company's revenue or headcount). */
import type { EntityName } from '../../../core/entities.js';
import type { FilterOp } from '../../../storage/index.js';
import type { Condition } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import type { QuantityCondition } from '../quantities/index.js';
import { FIELD_WORDS, measuredField } from '../vocabulary.js';

/** Verbs of what a company earns: a number beside them is its revenue. */
const EARNING_WORDS = new Set(['making', 'make', 'makes', 'earning', 'earn', 'earns', 'generating', 'generate', 'generates', 'bringing', 'bring', 'brings', 'grossing', 'gross', 'turning', 'selling', 'sell', 'sells']);
/** "a year", "per annum", "annually": revenue is yearly. */
const YEARLY = new Set(['year', 'yearly', 'annually', 'annum', 'annual', 'yr']);

export function readNumberFields(st: ParseState): void {
  const { s, used, head } = st;
  for (const q of st.quantities) {
    // A field word just before or after ("revenue over $10m", "over 500 staff"); free ones first.
    const near = [q.at.start - 1, q.at.start - 2, q.at.start - 3, q.at.end, q.at.end + 1].map((k) => ({ k, w: s(k) }));
    const fieldWord = near.find((x) => FIELD_WORDS[x.w] && !used[x.k]) ?? near.find((x) => FIELD_WORDS[x.w]);
    let target: { entity: EntityName; field: string };
    // "making over 500m a year": earning verbs and yearly words say revenue; so does a bare number in the
    // millions (a headcount that large is not what anyone asks for).
    const earning = near.find((x) => EARNING_WORDS.has(st.n(x.k)) || (x.k >= q.at.end && YEARLY.has(st.n(x.k))));
    const money = q.unit === 'money' || (q.unit === null && (q.value >= 1_000_000 || earning !== undefined));
    if (earning) used[earning.k] = true;
    for (let k = q.at.end; k < q.at.end + 3; k++) {
      if (!YEARLY.has(st.n(k))) continue;
      st.claim(['a', 'per', 'each', 'every'].includes(st.n(k - 1)) ? k - 1 : k, k + 1);
      break;
    }
    if (q.unit === 'employees') target = measuredField('company', 'people');
    else if (fieldWord && FIELD_WORDS[fieldWord.w]!.entity === 'company') target = FIELD_WORDS[fieldWord.w]!;
    else if (head === 'deal') target = measuredField('deal', 'money');
    else target = measuredField('company', money ? 'money' : 'people');
    if (fieldWord) used[fieldWord.k] = true;
    st.conditions.push(...quantityConditions(q, target.entity, target.field, target.field.replace(/_/g, ' '), st.negatedBefore(q.at.start)));
  }
}

const FLIPPED: Record<string, FilterOp> = { gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' };
const SYMBOL: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' };

function quantityConditions(q: QuantityCondition, entity: EntityName, field: string, label: string, negated: boolean): Condition[] {
  const fmt = (v: number) => v.toLocaleString('en-US');
  if (q.op === 'between') {
    if (negated) return [
      { entity, field, op: 'lt', value: q.value, label: `${label} < ${fmt(q.value)}`, anyGroup: -1 },
      { entity, field, op: 'gt', value: q.value2!, label: `${label} > ${fmt(q.value2!)}`, anyGroup: -1 },
    ];
    return [
      { entity, field, op: 'gte', value: q.value, label: `${label} ≥ ${fmt(q.value)}` },
      { entity, field, op: 'lte', value: q.value2!, label: `${label} ≤ ${fmt(q.value2!)}` },
    ];
  }
  if (q.op === 'eq') return [{ entity, field, op: negated ? 'ne' : 'eq', value: q.value, label: `${label} ${negated ? '≠' : '='} ${fmt(q.value)}` }];
  const op = negated ? FLIPPED[q.op]! : q.op;
  return [{ entity, field, op, value: q.value, label: `${label} ${SYMBOL[op]} ${fmt(q.value)}` }];
}
