/**
 * Activities as the object asked for: "calls logged last week", "emails sent to Iron Guard", "notes mentioning a
 * competitor", "how many meetings did we have in October". A word for a kind of activity (or for activities) that
 * opens the question — after words that only say "show me" — names the object; elsewhere it is what records have
 * or lack ("contacts with no calls", "deals with a meeting"), which the relation pass reads. Tasks have their own
 * pass (tasks.ts).
 */
import type { ParseState } from '../parse-state.js';
import { activityKindOf } from './relations.js';

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
    // The words relations.ts reads for what records have or lack ("no calls", "a meeting"), here opening the question;
    // not where they name something else ("email addresses of CFOs", "call list").
    const type = activityKindOf(w);
    if (type !== undefined && !NOT_ACTIVITY_AFTER.has(n(k + 1))) {
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
