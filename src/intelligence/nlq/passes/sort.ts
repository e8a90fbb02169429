/** Sort: a superlative's field ("biggest", "most employees"), or "by revenue", "by close date". */
import type { EntityName } from '../../../core/entities.js';
import type { ParseState } from '../parse-state.js';
import { FIELD_WORDS, isMoney, measuredField } from '../vocabulary.js';

const CONTACT_WORDS = new Set(['contacted', 'touched', 'reached', 'engaged', 'emailed', 'called']);
/** Outcome words after a superlative of time: the deals are ranked by when they closed. */
const CLOSED_WORDS = new Set(['won', 'lost', 'closed', 'signed', 'booked']);
const BY_FILLERS = ['annual', 'yearly', 'total', 'their', 'the', 'deal', 'company', 'overall'];
const ORDER_WORDS = ['ascending', 'descending', 'asc', 'desc', 'sorted', 'ordered', 'ranked'];

export function readSort(st: ParseState): void {
  const { s, n, toks, used, head, sortWord } = st;
  const explicitBy = sortByWords(st);
  const sortFieldWord = sortWord ? [sortWord.at + 1, sortWord.at + 2].map((k) => ({ k, f: FIELD_WORDS[s(k)] })).find((x) => x.f) : undefined;
  if (!sortWord && !explicitBy) return;
  let f = explicitBy ?? sortFieldWord?.f;
  if (sortFieldWord) used[sortFieldWord.k] = true;
  // "most recently contacted", "latest contacted companies": the last contact, not the creation date.
  const contactedAfter = sortWord?.recency && [1, 2].some((d) => CONTACT_WORDS.has(n(sortWord.at + d)));
  if (sortWord?.recency) f = contactedAfter && (head === 'contact' || head === 'company') ? { entity: head, field: 'last_contacted_at' } : { entity: head, field: 'created_at' };
  // "the latest expected close date", "earliest close": the date the superlative qualifies, on deals.
  const closeAfter = sortWord?.recency && head === 'deal' ? [1, 2, 3].map((d) => sortWord.at + d).find((k) => ['close', 'closing'].includes(n(k)) && !used[k]) : undefined;
  // "the most recently won deals", "latest lost opportunities", "last closed deals": recency of the close, not of creation.
  const closedAfter = sortWord?.recency && head === 'deal' && closeAfter === undefined && [1, 2].some((d) => CLOSED_WORDS.has(n(sortWord.at + d)));
  if (closedAfter) f = { entity: 'deal', field: 'closed_at' };
  if (closeAfter !== undefined) {
    f = { entity: 'deal', field: 'expected_close' };
    let k = sortWord!.at + 1;
    while (k <= closeAfter + 1 && ['expected', 'close', 'closing', 'date', 'dates'].includes(n(k))) used[k++] = true;
  }
  if (contactedAfter) for (const d of [1, 2]) if (CONTACT_WORDS.has(n(sortWord!.at + d))) used[sortWord!.at + d] = true;
  if (!f && sortWord?.money) f = measuredField(head === 'company' ? 'company' : 'deal', 'money');
  if (!f && sortWord?.people) f = measuredField('company', 'people');
  // A company's "size" is its headcount (a deal's is its amount).
  if (f && head === 'company' && f.entity !== head && st.hasWord('size', 'sized')) f = measuredField('company', 'people');
  if (!f) {
    // "biggest companies" are the most people; "richest", "top" companies the most money.
    f = head === 'deal' ? measuredField('deal', 'money')
      : head === 'company' ? measuredField('company', ['biggest', 'largest', 'smallest'].includes(n(sortWord!.at)) ? 'people' : 'money')
      : { entity: 'contact', field: 'created_at' };
  }
  // A deal's "size" or "value" is its amount; a company's is its revenue or headcount.
  if (f.entity !== head && head === 'company' && isMoney(f)) f = measuredField('company', 'money');
  if (f.entity !== head) {
    const fallback = head === 'deal' ? measuredField('deal', 'money') : { entity: head, field: 'created_at' };
    st.notes.push(`cannot sort ${head}s by their ${f.entity}'s ${f.field}; sorted by ${head === 'deal' ? fallback.field : 'creation date'}`);
    f = fallback;
  }
  // "the 5 insurers with the largest workforce": a count right before the object or a value the object is named by.
  if (st.top === null && sortWord) {
    const k = toks.findIndex((_, j) => !used[j] && /^\d{1,3}$/.test(n(j)) && Number(n(j)) > 0 && (st.headAt === j + 1 || st.matches.some((m) => m.start === j + 1)) && j < sortWord.at);
    if (k >= 0) {
      st.top = Number(n(k));
      used[k] = true;
    }
  }
  const direction = sortWord?.dir ?? (st.hasWord('ascending', 'asc', 'lowest', 'smallest') ? 'asc' : 'desc');
  const isTime = f.field.endsWith('_at') || f.field === 'expected_close';
  const order = isTime ? (direction === 'desc' ? 'newest first' : 'oldest first') : direction === 'desc' ? 'highest first' : 'lowest first';
  st.sort = { entity: head, field: f.field, direction, label: `${f.field.replace(/_/g, ' ')}, ${order}` };
  for (let i = 0; i < toks.length; i++) if (!used[i] && ORDER_WORDS.includes(n(i))) used[i] = true;
}

/** "by annual revenue", "by their headcount", "by deal size", "by close date". */
function sortByWords(st: ParseState): { entity: EntityName; field: string } | undefined {
  const { s, n, toks, used } = st;
  for (let i = 0; i < toks.length; i++) {
    if (used[i] || (n(i) !== 'by' && n(i) !== 'on')) continue;
    let k = i + 1;
    for (;;) {
      if (BY_FILLERS.includes(n(k)) && FIELD_WORDS[s(k + 1)]) used[k++] = true;
      // "by number of employees", "by count of staff": the field itself.
      else if (['number', 'count'].includes(n(k)) && n(k + 1) === 'of' && FIELD_WORDS[s(k + 2)]) (used[k] = used[k + 1] = true), (k += 2);
      else break;
    }
    if (k > i + 1) i = k - 1;
    // "by annual sales", "by yearly sales": what a company sells in a year is its revenue.
    const yearlySales = ['annual', 'yearly'].includes(n(i + 1)) && s(i + 2) === 'sale';
    if (yearlySales) {
      st.claim(i, i + 3);
      return measuredField(st.head === 'deal' ? 'deal' : 'company', 'money');
    }
    const f = FIELD_WORDS[s(i + 1)] ?? (s(i + 1) === 'close' || s(i + 1) === 'closing' ? { entity: 'deal' as EntityName, field: 'expected_close' } : undefined);
    if (f) {
      st.claim(i, i + 2);
      if (s(i + 1) === 'close' && s(i + 2) === 'date') used[i + 2] = true;
      return f;
    }
  }
  return undefined;
}
