/**
 * Activities as the object asked for: "calls logged last week", "emails sent to Iron Guard", "notes mentioning a
 * competitor", "how many meetings did we have in October". A word for a kind of activity (or for activities) that
 * opens the question — after words that only say "show me" — names the object; elsewhere it is what records have
 * or lack ("contacts with no calls", "deals with a meeting"), which the relation pass reads. Tasks have their own
 * pass (tasks.ts).
 */
import type { ParseState } from '../parse-state.js';

/** Words for activities by kind; null: any kind. */
const ACTIVITY_NOUNS: Record<string, string | null> = {
  call: 'call', calls: 'call', phonecall: 'call', phonecalls: 'call',
  meeting: 'meeting', meetings: 'meeting',
  email: 'email', emails: 'email', mail: 'email', mails: 'email',
  note: 'note', notes: 'note',
  activity: null, activities: null, interaction: null, interactions: null, touchpoint: null, touchpoints: null,
};
/** Words before the object that say nothing of it ("show me all recent calls", "how many meetings"). */
const OPENERS = new Set([
  'show', 'me', 'list', 'find', 'get', 'give', 'display', 'pull', 'up', 'fetch', 'see', 'all', 'any', 'the', 'our', 'my', 'recent',
  'latest', 'last', 'newest', 'most', 'how', 'many', 'what', 'which', 'whats', 'were', 'are', 'there', 'of', 'number', 'count', 'total', 'phone',
]);

/** Words after an activity noun that make it a modifier of something else ("email addresses", "call list"). */
const NOT_ACTIVITY_AFTER = new Set(['address', 'addresses', 'domain', 'domains', 'list', 'lists', 'field', 'opt', 'preference', 'preferences', 'template', 'templates']);
const HAPPENED = new Set(['sent', 'made', 'had', 'held', 'received', 'written', 'placed', 'recorded', 'exchanged', 'taken']);
const SUBJECTS = new Set(['we', 'i', 'you', 'they', 'he', 'she', 'weve', 'ive', 'was', 'were', 'have', 'has', 'had', 'been']);

export function readActivityObject(st: ParseState): void {
  if (st.taskAt >= 0) return;
  const { n } = st;
  for (let k = 0; k < st.toks.length; k++) {
    if (st.used[k]) return;
    const w = n(k);
    // "email addresses of CFOs", "call list": the word names something else there.
    if (w in ACTIVITY_NOUNS && !NOT_ACTIVITY_AFTER.has(n(k + 1))) {
      // "last call", "most recent email": a number or "last" before it orders rather than names; still the object.
      const type = ACTIVITY_NOUNS[w]!;
      const from = n(k - 1) === 'phone' && type === 'call' ? k - 1 : k;
      st.claim(from, k + 1);
      st.taskAt = k;
      // "emails we sent", "calls I made", "meetings held": the verb only says they happened.
      for (let j = k + 1; j <= k + 3 && j < st.toks.length; j++) {
        if (HAPPENED.has(n(j)) && !st.used[j]) {
          st.claim(j, j + 1);
          break;
        }
        if (!SUBJECTS.has(n(j))) break;
      }
      if (type) st.conditions.push({ entity: 'activity', field: 'type', op: 'in', value: [type], label: `type = ${type}` });
      return;
    }
    if (!OPENERS.has(w) && !/^\d+$/.test(w)) return;
  }
}
