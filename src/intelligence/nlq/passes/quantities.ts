/** Dates and numbers: quantities/ reads the text; here their words and the words saying which date is meant are claimed. */
import type { DateFound, ParseState, TokenSpan } from '../parse-state.js';
import { findDateConditions, findQuantities } from '../quantities/index.js';

const CLOSE_CUES = new Set(['close', 'closing', 'closed', 'expected', 'due', 'won', 'lost', 'signed', 'win', 'lose', 'booked', 'sign', 'book']);
const CONTACT_CUES = new Set(['contacted', 'touched', 'reached', 'spoke', 'spoken', 'talked', 'talk', 'speak', 'emailed', 'called', 'heard', 'engaged', 'reach', 'hear', 'met', 'touch']);
const CREATE_CUES = new Set(['created', 'added', 'joined', 'entered', 'came', 'opened', 'imported', 'registered']);
/** Words for something having happened on a record: its activities (emails, calls, meetings, notes, tasks). */
const ACTIVITY_CUES = new Set(['activity', 'activitie', 'interaction', 'touchpoint', 'engagement', 'movement', 'update', 'follow', 'response', 'reply']);

export function readQuantities(st: ParseState): void {
  st.dates = findDateConditions(st.text, st.ctx.now).map((d) => ({ ...d, at: st.tokensIn(d), cue: dateCue(st, st.tokensIn(d)) }));
  for (const d of st.dates) st.claim(d.at.start, d.at.end);
  st.quantities = findQuantities(st.text).map((q) => ({ ...q, at: st.tokensIn(q) }));
  for (const q of st.quantities) st.claim(q.at.start, q.at.end);
}

/** The words saying which date is meant ("last contacted", "expected to close"), claimed before the lexicon sees them. */
function dateCue(st: ParseState, at: TokenSpan): DateFound['cue'] {
  const { s, n } = st;
  for (let k = at.start - 1; k >= Math.max(0, at.start - 5); k--) {
    const w = s(k);
    const kind = CLOSE_CUES.has(w) ? 'close' : CONTACT_CUES.has(w) ? 'contact' : CREATE_CUES.has(w) ? 'create' : ACTIVITY_CUES.has(w) ? 'activity' : null;
    if (!kind) continue;
    // "talk to", "heard from", "follow up": the particle belongs to the cue.
    if (['to', 'from', 'with', 'up'].includes(n(k + 1)) && !st.used[k + 1] && k + 1 < at.start) st.claim(k + 1, k + 2);
    // "last contacted", "expected to close", "added to the CRM"
    let from = k;
    if (kind === 'contact' && (n(k - 1) === 'last' || n(k - 1) === 'been' || n(k - 1) === 'were' || n(k - 1) === 'was')) from = k - 1;
    if (kind === 'close' && n(k - 1) === 'to' && ['expected', 'due', 'likely', 'set', 'scheduled'].includes(n(k - 2))) from = k - 2;
    else if (kind === 'close' && ['expected', 'due', 'projected'].includes(n(k - 1))) from = k - 1;
    st.claim(from, k + 1);
    if (n(k + 1) === 'date') st.claim(k + 1, k + 2);
    return { kind, word: w, at: from };
  }
  const after = s(at.end);
  if (CLOSE_CUES.has(after) || CONTACT_CUES.has(after) || CREATE_CUES.has(after)) {
    st.claim(at.end, at.end + 1);
    return { kind: CLOSE_CUES.has(after) ? 'close' : CONTACT_CUES.has(after) ? 'contact' : 'create', word: after, at: at.end };
  }
  return null;
}

