/** Aggregates and grouping: "how many", "total value", "average size", "by stage", "per industry". */
import type { AggregateFnName } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { ENTITY_NOUNS, FIELD_WORDS, GROUP_WORDS, isMoney } from '../vocabulary.js';

/** Words that ask for a mean wherever they stand ("on average", "the mean"). */
const MEAN_WORDS = new Set(['average', 'avg', 'mean', 'median']);

/** Words that make "number" an identifier ("a phone number", "their account number"), not a count. */
const IDENTIFIER_NOUNS = new Set(['phone', 'telephone', 'mobile', 'cell', 'fax', 'contact', 'account', 'reference', 'serial', 'order', 'invoice', 'ticket', 'tax', 'vat', 'registration', 'id', 'tracking', 'policy', 'case', 'house', 'street']);

export function readAggregate(st: ParseState): void {
  const { n } = st;
  /** The aggregate starts at word i; words i..end-1 say it. */
  const found = (fn: AggregateFnName, i: number, end: number) => {
    st.aggFn = fn;
    st.aggAt = i;
    st.claim(i, end);
  };
  // "how much is a lost deal worth on average": a mean said anywhere is what "how much" and "worth" ask for.
  const meanAfter = (i: number) => st.toks.some((t, k) => k > i && !st.used[k] && MEAN_WORDS.has(t.norm));
  for (let i = 0; i < st.toks.length && !st.aggFn; i++) {
    if (st.used[i]) continue;
    const w = n(i);
    const next = n(i + 1);
    // "how many employees do insurers have on average": the mean of that number, not a count.
    if (w === 'how' && next === 'many' && FIELD_WORDS[st.s(i + 2)] && meanAfter(i + 2)) {
      found('avg', i, i + 2);
      const k = st.toks.findIndex((t, j) => j > i + 2 && MEAN_WORDS.has(t.norm));
      st.claim(n(k - 1) === 'on' ? k - 1 : k, k + 1);
    } else if (w === 'how' && next === 'many') found('count', i, i + 2);
    else if (w === 'how' && next === 'much' && meanAfter(i + 1)) st.claim(i, i + 2);
    else if (w === 'how' && next === 'much') found('sum', i, i + 2);
    // "what's our pipeline worth": a question about worth is a sum.
    else if (w === 'worth' && ['what', 'whats'].includes(n(0)) && !st.quantities.length && !meanAfter(i)) found('sum', i, i + 1);
    // "by number of employees" names a field to sort by, not a count.
    else if ((w === 'number' || w === 'count' || w === 'tally') && n(i - 1) !== 'by' && !st.fieldWordAt(i - 1) && !(w === 'number' && IDENTIFIER_NOUNS.has(n(i - 1))) && (next === 'of' || !next || ENTITY_NOUNS[next])) found('count', i, next === 'of' ? i + 2 : i + 1);
    // "staff count", "employee count" name the field; "by headcount" too.
    else if ((w === 'count' || w === 'counts') && !st.fieldWordAt(i - 1)) found('count', i, i + 1);
    else if (w === 'total' || w === 'sum' || w === 'combined' || w === 'aggregate' || w === 'overall') {
      // "total number of deals" is a count; "total value/amount/pipeline" a sum; "total deals" a count.
      if (next === 'number' || next === 'count') found('count', i, n(i + 2) === 'of' ? i + 3 : i + 2);
      else if (ENTITY_NOUNS[next] && ENTITY_NOUNS[next]!.entity !== 'deal') found('count', i, i + 1);
      else found('sum', i, i + 1);
    }
    // "what does the pipeline add up to", "adding up to": a sum.
    else if (['add', 'adds', 'adding', 'added'].includes(w) && next === 'up') found('sum', i, n(i + 2) === 'to' ? i + 3 : i + 2);
    else if (w === 'average' || w === 'avg' || w === 'mean' || w === 'typical') {
      found('avg', i, i + 1);
      if (n(i - 1) === 'on') st.claim(i - 1, i);
    }
    else if (w === 'median') {
      found('avg', i, i + 1);
      st.notes.push('median is not supported yet; showing the average');
    } else if (w === 'minimum' || w === 'min') found('min', i, i + 1);
    else if (w === 'maximum' || w === 'max') found('max', i, i + 1);
    // "how big is our pipeline": the size of a pipeline is its money.
    else if (w === 'how' && ['big', 'large', 'huge', 'healthy'].includes(next) && st.hasWord('pipeline', 'pipe', 'funnel')) found('sum', i, i + 2);
  }
  if (st.aggFn) return;
  // "revenue won this quarter", "value of deals closing in May": a money word asked for, not compared, is a sum.
  let k = 0;
  while (k < st.toks.length && LEAD_INS.has(n(k))) k++;
  // "won revenue from …", "booked revenue": an outcome before the money word.
  while (k < st.toks.length && ['won', 'lost', 'booked', 'signed', 'closed', 'open'].includes(n(k)) && FIELD_WORDS[st.s(k + 1)]) k++;
  const f = FIELD_WORDS[st.s(k)];
  const asked = ['of', 'from', 'for', 'in', 'won', 'booked', 'signed', 'closed', 'lost', 'we', 'generated', 'made', 'brought', 'closing', 'this', 'last', 'ytd'].includes(n(k + 1));
  if (f && isMoney(f) && !st.used[k] && st.quantities.length === 0 && asked) found('sum', k, k);
  // "pipeline value", "pipeline worth in Germany": the pipeline's money, not a list of deals.
  const p = st.toks.findIndex((t, j) => t.norm === 'pipeline' && !st.used[j + 1] && (FIELD_WORDS[st.s(j + 1)] ? isMoney(FIELD_WORDS[st.s(j + 1)]!) : n(j + 1) === 'total'));
  if (!st.aggFn && p >= 0 && st.quantities.length === 0) found('sum', p + 1, p + 2);
}

/** Words before what a question asks for ("what's the", "show me our"). */
const LEAD_INS = new Set(['what', 'whats', 's', 'is', 'was', 'our', 'the', 'my', 'show', 'me', 'tell', 'give', 'get', 'list']);

/** "by stage", "per industry", "for each owner", "broken down by country". */
export function readGroupBy(st: ParseState): void {
  const { s, n } = st;
  for (let i = 0; i < st.toks.length; i++) {
    const w = n(i);
    const starts = w === 'by' || w === 'per' || w === 'across' || (w === 'for' && (n(i + 1) === 'each' || n(i + 1) === 'every')) || (w === 'each' && i > 0);
    if (!starts || st.used[i]) continue;
    let j = i + 1;
    while (j < st.toks.length && ['each', 'every', 'their', 'the', 'deal', 'lead', 'company'].includes(n(j)) && !(GROUP_WORDS[s(j)] && !GROUP_WORDS[s(j + 1)])) j++;
    const g = GROUP_WORDS[s(j)];
    if (!g) continue;
    st.groupBy = g;
    st.claim(i, j + 1);
    if (n(i - 1) === 'down' || n(i - 1) === 'broken' || n(i - 1) === 'grouped' || n(i - 1) === 'split' || n(i - 1) === 'breakdown') st.claim(i - 2, i);
    break;
  }
}
