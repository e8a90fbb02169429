/** "like X": the seed of a lookalike query ("contacts like Alice Chen", "lookalikes of Acme"), looked up later. */
import type { ParseState } from '../parse-state.js';

const SEED_STOPS = ['in', 'at', 'from', 'who', 'with', 'that', 'but', 'and', 'or', 'based'];

export function readSimilar(st: ParseState): void {
  const { s, n, toks, used } = st;
  for (let i = 0; i < toks.length && !st.similar; i++) {
    if (used[i]) continue;
    const w = s(i);
    let cueEnd = -1;
    if (w === 'like' || w === 'resembling') cueEnd = i + 1;
    else if ((w === 'similar' || w === 'comparable' || w === 'close') && n(i + 1) === 'to') cueEnd = i + 2;
    else if ((w === 'lookalike' || w === 'look' || w === 'twin') && (n(i + 1) === 'of' || n(i + 1) === 'alikes' || n(i + 1) === 'alike')) cueEnd = n(i + 1) === 'of' ? i + 2 : n(i + 2) === 'of' ? i + 3 : i + 2;
    else if (w === 'lookalike') cueEnd = i + 1;
    if (cueEnd < 0) continue;
    let end = cueEnd;
    while (end < toks.length && end - cueEnd < 5 && !used[end] && !SEED_STOPS.includes(n(end))) end++;
    if (end === cueEnd) continue;
    st.similar = { seed: st.text.slice(toks[cueEnd]!.start, toks[end - 1]!.end), id: null, name: null };
    st.claim(i, end);
    // "more like", "others like", "find contacts like": the lead-in words say nothing else.
    if (['more', 'other', 'others', 'someone', 'somebody', 'people'].includes(n(i - 1))) used[i - 1] = true;
  }
}

/** The record the seed names; without one, the seed is ranked by meaning instead (the topic pass adds it). */
export async function resolveSimilarSeed(st: ParseState): Promise<void> {
  const similar = st.similar;
  if (!similar) return;
  const seedEntity = st.head;
  const hit = await st.ctx.names.record(seedEntity, similar.seed);
  if (hit) Object.assign(similar, { id: hit.id, name: hit.name });
  else st.notes.push(`no ${seedEntity} named "${similar.seed}"; ranked by meaning instead`);
}
