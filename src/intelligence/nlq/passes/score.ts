/** The learned score ("hot leads", "likely to close", "by lead score") and "my" (records of whoever asks). */
import type { ParsedQuery } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { ENTITY_NOUNS } from '../vocabulary.js';

export function readScoreAndMine(st: ParseState): void {
  const { s, n, used } = st;
  const scoreOf = () => (st.score ??= { tier: null, likely: false, rank: false, label: '' });
  for (let i = 0; i < st.toks.length; i++) {
    const w = n(i);
    // "likely to close this month": the date words may already hold "likely"; the likelihood is read all the same.
    if ((w === 'likely' || w === 'probable') && ['to', 'close', 'win', 'closing', 'winning'].includes(n(i + 1))) {
      scoreOf().likely = true;
      if (n(i - 1) === 'most' || n(i - 1) === 'more') {
        scoreOf().rank = true;
        st.claimFree(i - 1, i);
      }
      st.claimFree(i, n(i + 1) === 'to' ? i + 3 : i + 2);
      continue;
    }
    if (used[i]) continue;
    if (['hot', 'warm', 'cold'].includes(w) && ['lead', 'contact', 'prospect', 'deal', 'opportunity', 'customer', 'people', 'person'].includes(s(i + 1)) && !(w === 'cold' && s(i + 1) === 'outreach')) {
      scoreOf().tier = w as 'hot' | 'warm' | 'cold';
      used[i] = true;
    } else if (['score', 'scoring', 'scored', 'probability'].includes(w) && (['by', 'highest', 'best', 'top', 'high', 'lead', 'win', 'deal'].includes(n(i - 1)) || n(i - 1) === 'highest')) {
      scoreOf().rank = true;
      st.claimFree(['lead', 'win', 'deal'].includes(n(i - 1)) && n(i - 2) === 'by' ? i - 2 : i - 1, i + 1);
    } else if ((w === 'my' || w === 'mine') && (ENTITY_NOUNS[n(i + 1)] || ENTITY_NOUNS[n(i + 2)])) {
      used[i] = true;
      st.mine = true;
    }
  }
  if (st.score) st.score.label = scoreLabel(st.score);
}

function scoreLabel(sc: NonNullable<ParsedQuery['score']>): string {
  const tier = sc.tier ? `${sc.tier} (${sc.tier === 'hot' ? 'score ≥ 70' : sc.tier === 'warm' ? 'score 40–69' : 'score < 40'})` : '';
  return [tier, sc.likely ? 'likely to close (≥ 50%)' : '', sc.rank || sc.likely ? 'ranked by score' : ''].filter(Boolean).join(', ');
}
