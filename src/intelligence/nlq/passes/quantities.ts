/** Dates and numbers: quantities/ reads the text; here their words and the words saying which date is meant are claimed. */
import type { DateFound, ParseState, TokenSpan } from '../parse-state.js';
import { findDateConditions, findQuantities } from '../quantities/index.js';

const CLOSE_CUES = new Set([
  'close', 'closing', 'closed', 'expected', 'due', 'won', 'lost', 'signed', 'win', 'lose', 'loss', 'booked', 'sign', 'book',
  // a deal that lands or wraps up closes; slated/scheduled/projected/forecast for a date is its expected close
  'land', 'landing', 'lands', 'landed', 'bagged', 'bag', 'clinched', 'clinch', 'wrap', 'wrapping', 'finalise', 'finalize', 'finalising', 'finalizing', 'slated', 'scheduled', 'projected', 'forecast', 'forecasted',
  // a close date that moves: "slipping past quarter end", "pushed into next year", "pencilled in for March"
  'slip', 'slips', 'slipping', 'slipped', 'slide', 'slides', 'sliding', 'slid', 'pushed', 'postponed', 'deferred', 'pencilled', 'penciled', 'targeted', 'targeting', 'earmarked',
]);
/** Two words for a deal that was lost ("fell through", "slipped away"). */
const LOSS_PHRASES = new Set(['fell through', 'fallen through', 'fall through', 'falls through', 'slipped away', 'slip away', 'fell apart', 'got away']);
/** "expected to close", "slated to close", "we expect to close": a forecast close date. */
const FORECAST_WORDS = new Set(['expected', 'expect', 'due', 'likely', 'set', 'scheduled', 'slated', 'planned', 'planning', 'projected', 'forecast', 'forecasted', 'going', 'supposed', 'meant', 'hoping', 'hope', 'aiming']);
const CONTACT_CUES = new Set([
  'contacted', 'touched', 'reached', 'spoke', 'spoken', 'talked', 'talk', 'speak', 'emailed', 'called', 'heard', 'engaged', 'reach', 'hear', 'met', 'touch',
  'phoned', 'rang', 'pinged', 'mailed', 'messaged', 'wrote', 'outreach', 'email', 'call', 'meeting', 'phone', 'conversation', 'chatted', 'chat',
]);
/** Verbs of leaving someone alone: "ignored for 3 months" is not contacted in that window (date-fields.ts negates). */
export const NEGLECT_CUES = new Set(['ignored', 'neglected', 'forgotten', 'forgot', 'ghosted', 'abandoned']);
const CREATE_CUES = new Set(['created', 'added', 'joined', 'entered', 'came', 'opened', 'imported', 'registered']);
/** Words for something having happened on a record: its activities (emails, calls, meetings, notes, tasks). */
const ACTIVITY_CUES = new Set(['activity', 'activitie', 'interaction', 'touchpoint', 'engagement', 'movement', 'update', 'follow', 'response', 'reply',
  // "nothing logged in 3 weeks", "nothing recorded since August": what is logged on a record is its activity.
  'log', 'logged', 'recorded']);

export function readQuantities(st: ParseState): void {
  // "fell through last month": "through" belongs to the verb (a deal lost then), not to the date ("through May").
  const dateText = st.text.replace(/\b(fell|fallen|fall|falls)(\s+)through\b/gi, (_, verb: string, gap: string) => `${verb}${gap}xxxxxxx`);
  st.dates = findDateConditions(dateText, st.ctx.now).map((d) => ({ ...d, at: st.tokensIn(d), cue: dateCue(st, st.tokensIn(d)) }));
  for (const d of st.dates) st.claim(d.at.start, d.at.end);
  readRecently(st);
  readNever(st);
  st.quantities = findQuantities(st.text).map((q) => ({ ...q, at: st.tokensIn(q) }));
  for (const q of st.quantities) st.claim(q.at.start, q.at.end);
}

/** The words saying which date is meant ("last contacted", "expected to close"), claimed before the lexicon sees them. */
function dateCue(st: ParseState, at: TokenSpan): DateFound['cue'] {
  const { s, n } = st;
  for (let k = at.start - 1; k >= Math.max(0, at.start - 5); k--) {
    const w = s(k);
    // "no contact in 120 days", "last contact before May": the noun, not the object asked for ("contacts").
    const contactNoun = n(k) === 'contact' && ['no', 'any', 'last', 'without', 'of', 'recent', 'latest', 'most'].includes(n(k - 1));
    // "slipped away in May", "fell through last month": a deal lost then.
    if (LOSS_PHRASES.has(`${n(k - 1)} ${n(k)}`)) {
      st.claim(k - 1, k + 1);
      return { kind: 'close', word: 'lost', at: k - 1 };
    }
    // "nothing has happened for a month", "nothing happening since May": no activity then.
    const nothingHappened = ['happen', 'happened', 'happening'].includes(n(k)) && [1, 2, 3].some((d) => n(k - d) === 'nothing');
    const kind = CLOSE_CUES.has(w) ? 'close' : CONTACT_CUES.has(w) || contactNoun || NEGLECT_CUES.has(n(k)) ? 'contact' : CREATE_CUES.has(w) ? 'create' : ACTIVITY_CUES.has(w) || nothingHappened ? 'activity' : null;
    if (!kind) continue;
    // "talk to", "heard from", "follow up": the particle belongs to the cue.
    if (['to', 'from', 'with', 'up'].includes(n(k + 1)) && !st.used[k + 1] && k + 1 < at.start) st.claim(k + 1, k + 2);
    // "last contacted", "expected to close", "added to the CRM"
    let from = k;
    if (kind === 'contact' && (n(k - 1) === 'last' || n(k - 1) === 'been' || n(k - 1) === 'were' || n(k - 1) === 'was')) from = k - 1;
    if (kind === 'close' && n(k - 1) === 'to' && FORECAST_WORDS.has(n(k - 2))) from = k - 2;
    else if (kind === 'close' && ['expected', 'due', 'projected', 'forecast', 'planned'].includes(n(k - 1))) from = k - 1;
    // "closed won in Q2", "closed-lost this quarter": the outcome word is the cue, with "closed".
    let word = w;
    if (w === 'closed' && (n(k + 1) === 'won' || n(k + 1) === 'lost') && k + 1 < at.start) {
      word = n(k + 1);
      st.claim(k + 1, k + 2);
    } else if ((w === 'won' || w === 'lost') && n(k - 1) === 'closed') from = Math.min(from, k - 1);
    st.claim(from, k + 1);
    if (n(k + 1) === 'date') st.claim(k + 1, k + 2);
    return { kind, word, at: from };
  }
  const after = s(at.end);
  if (CLOSE_CUES.has(after) || CONTACT_CUES.has(after) || CREATE_CUES.has(after)) {
    st.claim(at.end, at.end + 1);
    return { kind: CLOSE_CUES.has(after) ? 'close' : CONTACT_CUES.has(after) ? 'contact' : 'create', word: after, at: at.end };
  }
  return null;
}


/** "Recently" with no window of its own: the last 30 days, said so. */
export const RECENT_DAYS = 30;
const RECENTLY = new Set(['recently', 'lately', 'recent']);

/**
 * "recently contacted", "people we spoke to lately", "recent activity": a contact or activity cue with "recently"
 * and no date is the last 30 days (a note says so) — not the lead status "contacted".
 */
function readRecently(st: ParseState): void {
  const { n, s } = st;
  for (let k = 0; k < st.toks.length; k++) {
    if (st.used[k] || !RECENTLY.has(n(k))) continue;
    const near = [k + 1, k - 1, k - 2, k + 2].find((j) => j >= 0 && !st.used[j] && (CONTACT_CUES.has(s(j)) || ACTIVITY_CUES.has(s(j))));
    if (near === undefined) continue;
    if (n(k - 1) === 'most' || n(k - 1) === 'least') continue; // "most recently contacted": a sort
    const kind = CONTACT_CUES.has(s(near)) ? 'contact' : 'activity';
    const now = st.ctx.now;
    const from = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
    const at = { start: Math.min(k, near), end: Math.max(k, near) + 1 };
    st.dates.push({ start: st.toks[at.start]!.start, end: st.toks[at.end - 1]!.end, text: st.typed(at.start, at.end), from, to: now.toISOString(), at, cue: { kind, word: s(near), at: near } });
    st.claim(at.start, at.end);
    st.notes.push(`"${st.toks[k]!.text}": the last ${RECENT_DAYS} days`);
    return;
  }
}

const NEVER_CUES = new Set([
  'contacted', 'touched', 'reached', 'spoke', 'spoken', 'talked', 'talk', 'emailed', 'called', 'heard', 'engaged', 'met', 'contact', 'touch', 'reach',
  'speak', 'email', 'call', 'phoned', 'mailed', 'phone', 'ring', 'rang', 'rung', 'meet', 'approach', 'approached', 'messaged', 'pinged',
]);

/** "never contacted", "nobody ever called": claimed before "contacted" can be read as a lead status. */
function readNever(st: ParseState): void {
  const { n } = st;
  if (st.dates.length > 0) return;
  // "have yet to reach out to" is not having done so.
  const negation = (k: number) => ['never', 'nobody', 'noone', 'not', 'no'].includes(n(k)) || (n(k) === 'yet' && n(k + 1) === 'to') || /nt$/.test(n(k)) && ['havent', 'hasnt', 'didnt', 'werent', 'wasnt', 'arent', 'isnt'].includes(n(k));
  // With no date, "haven't talked to" and "not contacted" mean never, like "never".
  const at = st.toks.findIndex((t, k) => !st.used[k] && (t.norm === 'never' || negation(k)) && [1, 2, 3, 4].some((d) => NEVER_CUES.has(n(k + d))));
  if (at < 0) return;
  const cue = [1, 2, 3, 4].map((d) => at + d).find((k) => NEVER_CUES.has(n(k)) && !st.used[k]);
  if (cue === undefined) return;
  // "no phone" is a field left empty; "yet to phone", "never phoned" are calls not made.
  if (n(cue) === 'phone' && n(at) === 'no') return;
  // "no email address", "no phone number on file": the field is empty (passes/empty-fields.ts), no event is meant.
  if (['address', 'addresses', 'number', 'numbers', 'field'].includes(n(cue + 1))) return;
  st.claim(at, cue + 1);
  // "reached out to", "spoken with … even once", "at all": the words that end the phrase say nothing more.
  for (let k = cue + 1; k < st.toks.length && !st.used[k]; ) {
    const words = n(k) === 'at' && n(k + 1) === 'all' ? 2 : NEVER_TAIL.has(n(k)) ? 1 : 0;
    if (words === 0) break;
    st.claim(k, k + words);
    k += words;
  }
  st.neverContacted = true;
  st.neverKind = NEVER_KINDS[n(cue)] ?? null;
}

const NEVER_TAIL = new Set(['to', 'with', 'from', 'out', 'even', 'once', 'ever', 'yet']);

/** Cues of "never" that name one kind of activity: "never emailed" is no e-mail, whatever else happened. */
const NEVER_KINDS: Record<string, string> = {
  emailed: 'email', mailed: 'email', email: 'email', called: 'call', phoned: 'call', call: 'call', phone: 'call', ring: 'call', rang: 'call', rung: 'call',
  met: 'meeting', meet: 'meeting',
};
