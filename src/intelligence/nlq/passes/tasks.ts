/**
 * Tasks: "overdue tasks", "tasks due this week", "open to-dos for Acme". Tasks are activities of type task with
 * a due date and, once done, a completion date; the words for their state are read here, their dates by the
 * date pass (a task's date is its due date).
 */
import { toTimestamp } from '../../../core/clock.js';
import { synsetsOf } from '../../lexicon/wordnet.js';
import type { ParseState } from '../parse-state.js';

const TASK_NOUNS = new Set(['task', 'todo', 'chore', 'reminder']);
const OVERDUE = new Set(['overdue', 'late', 'missed', 'lapsed']);
const OPEN = new Set(['open', 'pending', 'outstanding', 'incomplete', 'unfinished', 'remaining', 'undone']);
const DONE = new Set(['completed', 'complete', 'done', 'finished', 'closed']);

/** Words that open a question about people. */
const PEOPLE_WORDS = new Set(['people', 'ppl', 'folks', 'folk', 'anyone', 'anybody', 'someone', 'somebody', 'whoever', 'who', 'contacts', 'those']);
/** Verbs that relate people to the CRM's tasks ("contacts with overdue tasks", "who has open tasks"). */
const TASK_VERBS = new Set(['have', 'has', 'had', 'got', 'get', 'own', 'owns', 'assigned', 'due', 'owe', 'owes', 'is', 'are']);

/**
 * "people hoping ai will take the boring tasks off their plate": a task noun inside a clause said of people (a
 * word for people, then a verb of their own before it) is their work, what they want, not the CRM's tasks.
 */
function peoplesOwnWork(st: ParseState, nounAt: number): boolean {
  const who = st.toks.findIndex((_, k) => k < nounAt && PEOPLE_WORDS.has(st.n(k)));
  if (who < 0) return false;
  for (let k = who + 1; k < nounAt; k++) {
    const w = st.n(k);
    if (TASK_VERBS.has(w) || OVERDUE.has(w) || OPEN.has(w) || DONE.has(w) || w.length < 3) continue;
    try {
      if (synsetsOf(w, 99, ['verb']).length > synsetsOf(w, 99, ['noun']).length) return true;
    } catch {
      return false; // dictionary unreadable: tasks as before
    }
  }
  return false;
}

export function readTasks(st: ParseState): void {
  const { s, n, toks, used } = st;
  // "to-do" and "to do" are one word here.
  const nounAt = toks.findIndex((_, k) => !used[k] && (TASK_NOUNS.has(s(k)) || (n(k) === 'to' && (s(k + 1) === 'do' || s(k + 1) === 'dos') && k + 1 < toks.length && (k === 0 || !['want', 'need', 'have', 'how'].includes(n(k - 1))))));
  if (nounAt < 0) return;
  if (peoplesOwnWork(st, nounAt)) return;
  st.claim(nounAt, TASK_NOUNS.has(s(nounAt)) ? nounAt + 1 : nounAt + 2);
  st.taskAt = nounAt;
  st.conditions.push({ entity: 'activity', field: 'type', op: 'in', value: ['task'], label: 'type = task' });
  const now = toTimestamp(st.ctx.now);
  const word = (set: Set<string>) => toks.findIndex((_, k) => !used[k] && set.has(n(k)));
  const pastDue = word(OVERDUE) >= 0 ? word(OVERDUE) : n(0) === 'past' && n(1) === 'due' ? 0 : -1;
  if (pastDue >= 0) {
    st.claim(pastDue, n(pastDue) === 'past' ? pastDue + 2 : pastDue + 1);
    st.conditions.push({ entity: 'activity', field: 'due_at', op: 'lt', value: now, label: `due < now (${now})` });
    st.conditions.push({ entity: 'activity', field: 'completed_at', op: 'empty', value: true, label: 'not completed' });
    return;
  }
  const open = word(OPEN);
  const done = word(DONE);
  if (open >= 0) {
    used[open] = true;
    st.conditions.push({ entity: 'activity', field: 'completed_at', op: 'empty', value: true, label: 'not completed' });
  } else if (done >= 0) {
    used[done] = true;
    st.conditions.push({ entity: 'activity', field: 'completed_at', op: 'empty', value: false, label: 'completed' });
  }
}
