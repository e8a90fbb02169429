/**
 * Tasks: "overdue tasks", "tasks due this week", "open to-dos for Acme". Tasks are activities of type task with
 * a due date and, once done, a completion date; the words for their state are read here, their dates by the
 * date pass (a task's date is its due date).
 */
import { toTimestamp } from '../../../core/clock.js';
import type { ParseState } from '../parse-state.js';

const TASK_NOUNS = new Set(['task', 'todo', 'chore', 'reminder']);
const OVERDUE = new Set(['overdue', 'late', 'missed', 'lapsed']);
const OPEN = new Set(['open', 'pending', 'outstanding', 'incomplete', 'unfinished', 'remaining', 'undone']);
const DONE = new Set(['completed', 'complete', 'done', 'finished', 'closed']);

export function readTasks(st: ParseState): void {
  const { s, n, toks, used } = st;
  // "to-do" and "to do" are one word here.
  const nounAt = toks.findIndex((_, k) => !used[k] && (TASK_NOUNS.has(s(k)) || (n(k) === 'to' && (s(k + 1) === 'do' || s(k + 1) === 'dos') && k + 1 < toks.length && (k === 0 || !['want', 'need', 'have', 'how'].includes(n(k - 1))))));
  if (nounAt < 0) return;
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
