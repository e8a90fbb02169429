/** Companies named in the query ("contacts at Nimbus Networks GmbH"), looked up in the data, longest name first. */
import type { ParseState, TokenSpan } from '../parse-state.js';
import { FILLER } from '../vocabulary.js';

const RUN_STOPS = ['in', 'at', 'from', 'with', 'who', 'that', 'by', 'for', 'and', 'or'];

export async function readCompanyNames(st: ParseState): Promise<void> {
  if (st.similar) return;
  const { s, n, toks, used, topicAt } = st;
  // Runs of free words, up to six long; the first four runs are tried.
  const runs: TokenSpan[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (used[i] || topicAt.has(i) || (FILLER.has(n(i)) && !/^[A-Z]/.test(toks[i]!.text))) continue;
    let j = i;
    while (j < toks.length && !used[j] && !topicAt.has(j) && j - i < 6 && !RUN_STOPS.includes(n(j))) j++;
    if (j > i) runs.push({ start: i, end: j });
    i = j;
  }
  const spans: { phrase: string; start: number; end: number }[] = [];
  for (const r of runs.slice(0, 4)) {
    for (let a = r.start; a < r.end; a++) {
      for (let b = r.end; b > a; b--) {
        // One word is a company name only when typed like one and not a known word ("Energy" is an industry).
        if (b - a === 1 && (!/^[A-Z]/.test(toks[a]!.text) || st.ctx.lexicon.phrases.has(s(a)) || FILLER.has(n(a)))) continue;
        spans.push({ phrase: st.text.slice(toks[a]!.start, toks[b - 1]!.end), start: a, end: b });
      }
    }
  }
  if (spans.length === 0) return;
  const found = await st.ctx.names.companies(spans.map((x) => x.phrase));
  for (const sp of [...spans].sort((x, y) => y.end - y.start - (x.end - x.start))) {
    const hit = found.get(sp.phrase);
    if (!hit || used.slice(sp.start, sp.end).some(Boolean)) continue;
    st.claim(sp.start, sp.end);
    st.namedCompanies.push({ start: sp.start, ...hit });
  }
}
