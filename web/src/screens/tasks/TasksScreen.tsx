/**
 * Tasks (`/tasks`): every open task — mine, everyone's or one member's — grouped by when it is due (overdue, today,
 * tomorrow, the next seven days, later, no date), completed with one click; the done ones, newest first; and a new
 * task about any contact, company or deal without opening the record first. Reads the activities list API
 * (type=task); Home shows only my next seven days.
 */
import { DateInput } from '../../ui/DateInput';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { EntityName } from '../../api/entities';
import { createRecord, listRecords, patchRecord } from '../../api/endpoints';
import { followUpKeys, memberLabel, useMembers } from '../../api/follow-up';
import { recommendationOf } from '../../api/nba';
import type { CrmRecord } from '../../api/types';
import { OutcomeQuestion } from '../../ui/NextActionCard';
import { DiscardPrompt, useDiscardGuard } from '../../ui/DiscardPrompt';
import { formatDateTime } from '../../ui/format';
import { RecordPicker } from '../../ui/RecordPicker';
import { Empty, loadingOrError } from '../../ui/States';
import { TaskRow, useTaskNames, type TaskItem } from '../../ui/TaskRow';
import { useToast } from '../../ui/Toasts';
import { formatDue, fromLocalInput, nowIso, toLocalInput } from '../../ui/when';
import { useCan, useSessionApi } from '../auth/session';
import { ActivityFields, bodyOf, emptyDraft, fieldErrors, type ActivityDraft } from '../record/ActivityComposer';

const tasksKey = ['tasks'] as const;
/** Open tasks with a due date, read at once (soonest first); past this many the screen says so. */
const DATED_LIMIT = 500;
const UNDATED_LIMIT = 200;
const DONE_LIMIT = 100;

type Status = 'open' | 'done';
type Named = CrmRecord & TaskItem;

/** The owner filter of the list API: `me`, a member id, or none (everyone). */
const ownerParam = (who: string): Record<string, string> => (who === 'all' ? {} : { owner: who });

async function openTasks(who: string, signal?: AbortSignal) {
  const base = { type: 'task', 'completed_at[empty]': 'true', ...ownerParam(who) };
  const [dated, undated] = await Promise.all([
    listRecords('activities', { ...base, 'due_at[empty]': 'false', sort: 'due_at', limit: DATED_LIMIT }, signal),
    listRecords('activities', { ...base, 'due_at[empty]': 'true', sort: '-occurred_at', limit: UNDATED_LIMIT, total: false }, signal),
  ]);
  return { dated: dated.data, undated: undated.data, more: (dated.total ?? 0) > dated.data.length };
}

const doneTasks = async (who: string, signal?: AbortSignal) =>
  (await listRecords('activities', { type: 'task', 'completed_at[empty]': 'false', ...ownerParam(who), sort: '-completed_at', limit: DONE_LIMIT, total: false }, signal)).data;

/** The groups of open tasks by the user's local calendar. */
function groupByDue(tasks: Named[], now = new Date()) {
  const day = (offset: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset).getTime();
  const groups: { key: string; title: string; overdue?: boolean; tasks: Named[] }[] = [
    { key: 'overdue', title: 'Overdue', overdue: true, tasks: [] },
    { key: 'today', title: 'Today', tasks: [] },
    { key: 'tomorrow', title: 'Tomorrow', tasks: [] },
    { key: 'week', title: 'Next 7 days', tasks: [] },
    { key: 'later', title: 'Later', tasks: [] },
  ];
  const nowMs = now.getTime();
  for (const t of tasks) {
    const due = Date.parse(String(t.due_at));
    const g = due < nowMs ? 0 : due < day(1) ? 1 : due < day(2) ? 2 : due < day(8) ? 3 : 4;
    groups[g]!.tasks.push(t);
  }
  return groups;
}

const RELATED: { entity: EntityName; field: string; label: string }[] = [
  { entity: 'contact', field: 'contact_id', label: 'Contact' },
  { entity: 'company', field: 'company_id', label: 'Company' },
  { entity: 'deal', field: 'deal_id', label: 'Deal' },
];

/** A new task: what, when, whose, and (optionally) which record it is about. */
function NewTask({ me, onClose }: { me: string; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<ActivityDraft>(() => emptyDraft('task', me));
  const [relatedTo, setRelatedTo] = useState<EntityName>('contact');
  const [relatedId, setRelatedId] = useState<string | null>(null);
  const set = (patch: Partial<ActivityDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const field = RELATED.find((r) => r.entity === relatedTo)!;
  const save = useMutation({
    mutationFn: () => createRecord('activities', { ...bodyOf(draft, true), ...(relatedId ? { [field.field]: relatedId } : {}) }),
    onSuccess: () => {
      toast.show('Task added', 'success');
      void qc.invalidateQueries({ queryKey: tasksKey });
      void qc.invalidateQueries({ queryKey: followUpKeys.home });
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  const missingSubject = draft.subject.trim() === '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!missingSubject) save.mutate();
  };
  // The owner and type it starts with are not typed text: anything else is, and Escape asks before dropping it.
  const typed = !!(draft.subject.trim() || draft.body.trim() || draft.due || draft.when || draft.outcome || draft.duration || relatedId);
  const form = useMemo(() => ({ draft, relatedId }), [draft, relatedId]);
  const discard = useDiscardGuard(form, typed, onClose, save.isPending);
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <form
      ref={formRef}
      className="dash-card task-new"
      aria-labelledby="task-new-title"
      onSubmit={submit}
      // Escape cancels, as in the other forms (an open picker list closes first: it stops the key).
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          discard.requestClose();
        }
      }}
    >
      <h2 id="task-new-title">New task</h2>
      <input aria-label="Subject" placeholder="What needs doing?" value={draft.subject} autoFocus onChange={(e) => set({ subject: e.target.value })} aria-invalid={errors.byField.subject ? true : undefined} />
      <textarea aria-label="Details" placeholder="Details" rows={2} value={draft.body} onChange={(e) => set({ body: e.target.value })} />
      <ActivityFields draft={draft} set={set} errors={errors.byField} idPrefix="task-new" />
      <div className="task-related">
        <div className="segmented" role="radiogroup" aria-label="About a">
          {RELATED.map((r) => (
            <label key={r.entity} className={relatedTo === r.entity ? 'on' : ''}>
              <input
                type="radio"
                name="task-related"
                checked={relatedTo === r.entity}
                onChange={() => {
                  setRelatedTo(r.entity);
                  setRelatedId(null);
                }}
              />
              {r.label}
            </label>
          ))}
        </div>
        <RecordPicker key={relatedTo} entity={relatedTo} value={relatedId} onChange={(id) => setRelatedId(id)} label={`About (${field.label.toLowerCase()}, optional)`} allowCreate={false} />
      </div>
      {(errors.other || Object.keys(errors.byField).some((f) => !['due_at', 'owner'].includes(f))) && (
        <p className="field-error" role="alert">
          {errors.other ?? Object.entries(errors.byField).map(([f, m]) => `${f}: ${m}`).join('; ')}
        </p>
      )}
      <DiscardPrompt guard={discard} id="task-new-discard" question="Discard this new task?" focusBack={() => formRef.current?.querySelector<HTMLElement>('input')?.focus()} />
      <div className="task-new-actions">
        <button type="submit" className="button primary" disabled={missingSubject || save.isPending}>
          {save.isPending ? 'Adding…' : 'Add task'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Tomorrow or next Monday at 09:00 local time, as an ISO instant. */
function nextMorning(days: number | 'monday'): string {
  const d = new Date();
  const add = days === 'monday' ? ((8 - d.getDay()) % 7 || 7) : days;
  d.setDate(d.getDate() + add);
  d.setHours(9, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Move a task's due date: tomorrow or next Monday morning in one click, or any date and time. */
function Reschedule({ task, onDone }: { task: Named; onDone: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [value, setValue] = useState(toLocalInput(typeof task.due_at === 'string' ? task.due_at : null));
  const save = useMutation({
    mutationFn: (due: string | null) => patchRecord('activities', task.id, { due_at: due }),
    onSuccess: (saved) => {
      toast.show(typeof saved.due_at === 'string' ? `Due ${formatDue(saved.due_at)}` : 'Due date removed', 'success');
      void qc.invalidateQueries({ queryKey: tasksKey });
      void qc.invalidateQueries({ queryKey: followUpKeys.home });
      onDone();
    },
    onError: (e) => toast.error(e),
  });
  const subject = typeof task.subject === 'string' && task.subject ? task.subject : 'task';
  return (
    <div className="task-reschedule" role="group" aria-label={`Reschedule: ${subject}`}>
      <button type="button" className="button small" disabled={save.isPending} onClick={() => save.mutate(nextMorning(1))}>
        Tomorrow 9:00
      </button>
      <button type="button" className="button small" disabled={save.isPending} onClick={() => save.mutate(nextMorning('monday'))}>
        Next Monday
      </button>
      <DateInput kind="datetime" aria-label="New due date and time" value={value} onChange={setValue} />
      <button type="button" className="button small primary" disabled={save.isPending || !fromLocalInput(value)} onClick={() => save.mutate(fromLocalInput(value))}>
        Save
      </button>
      <button type="button" className="button small" onClick={onDone}>
        Cancel
      </button>
    </div>
  );
}

export function TasksScreen() {
  const [search, setSearch] = useSearchParams();
  const status: Status = search.get('status') === 'done' ? 'done' : 'open';
  const can = useCan();
  const { status: session } = useSessionApi();
  const members = useMembers();
  const myId = session.state === 'signed-in' ? session.session.user.id : '';
  const isMember = !!members.data?.some((m) => m.id === myId);
  // Mine by default when I am a member (AUTH=off has nobody signed in: everyone's).
  const who = search.get('who') ?? (myId ? 'me' : 'all');
  const [adding, setAddingState] = useState(search.get('new') === '1');
  // Closing the form (added, cancelled, discarded) puts focus back on "+ New task": the next task is one Enter away.
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const setAdding = (on: boolean) => {
    returnFocus.current = !on;
    setAddingState(on);
  };
  useEffect(() => {
    if (!adding && returnFocus.current) newButtonRef.current?.focus();
    returnFocus.current = false;
  }, [adding]);
  const setParam = (key: string, value: string | null) =>
    setSearch(
      (s) => {
        const next = new URLSearchParams(s);
        if (value === null) next.delete(key);
        else next.set(key, value);
        next.delete('new');
        return next;
      },
      { replace: true },
    );

  const open = useQuery({ queryKey: [...tasksKey, 'open', who], queryFn: ({ signal }) => openTasks(who, signal), enabled: status === 'open' });
  const done = useQuery({ queryKey: [...tasksKey, 'done', who], queryFn: ({ signal }) => doneTasks(who, signal), enabled: status === 'done' });
  const rows = useMemo(() => (status === 'open' ? [...(open.data?.dated ?? []), ...(open.data?.undated ?? [])] : (done.data ?? [])), [status, open.data, done.data]);
  const named = useTaskNames(rows);

  // Ticked on this visit: stays listed (struck through, reopenable) until the next visit.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [askOutcome, setAskOutcome] = useState<ReadonlyMap<string, string>>(new Map());
  const [rescheduling, setRescheduling] = useState<string | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const toggle = useMutation({
    mutationFn: ({ task, complete }: { task: Named; complete: boolean }) => patchRecord('activities', task.id, { completed_at: complete ? nowIso() : null }),
    onMutate: ({ task, complete }) => setToggled((m) => new Map(m).set(task.id, complete)),
    onError: (e, { task }) => {
      setToggled((m) => {
        const next = new Map(m);
        next.delete(task.id);
        return next;
      });
      toast.error(e);
    },
    onSuccess: (saved, { task, complete }) => {
      toast.show(complete ? 'Task done' : 'Task reopened', 'success', complete ? { label: 'Undo', run: () => toggle.mutate({ task, complete: false }) } : undefined);
      void qc.invalidateQueries({ queryKey: followUpKeys.home });
      const rec = complete ? recommendationOf(saved) : null;
      setAskOutcome((m) => {
        const next = new Map(m);
        if (rec) next.set(task.id, rec);
        else next.delete(task.id);
        return next;
      });
    },
  });
  const isDone = (t: Named) => toggled.get(t.id) ?? (typeof t.completed_at === 'string' && t.completed_at !== '');
  const memberName = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, memberLabel(m)])), [members.data]);
  const ownerOf = (t: Named) => (who === 'all' || (who !== 'me' && who !== t.owner) ? (typeof t.owner === 'string' && t.owner ? ` · ${memberName.get(t.owner) ?? 'someone'}` : ' · nobody') : '');
  const completedOf = (t: Named) => (status === 'done' && typeof t.completed_at === 'string' && t.completed_at ? ` · done ${formatDateTime(t.completed_at)}` : '');
  const ownerNote = (t: Named) => ownerOf(t) + completedOf(t) || null;

  const renderList = (tasks: Named[], overdue = false) => (
    <ul className="home-tasks">
      {tasks.map((t) => {
        const asking = askOutcome.get(t.id);
        return (
          <TaskRow
            key={t.id}
            task={t}
            overdue={overdue && !isDone(t)}
            done={isDone(t)}
            canWrite={can.write}
            onToggle={() => toggle.mutate({ task: t, complete: !isDone(t) })}
            extra={
              <>
                {ownerNote(t)}
                {can.write && !isDone(t) && rescheduling !== t.id && (
                  <button type="button" className="link-button task-reschedule-open" onClick={() => setRescheduling(t.id)}>
                    Reschedule
                  </button>
                )}
              </>
            }
          >
            {rescheduling === t.id && <Reschedule task={t} onDone={() => setRescheduling(null)} />}
            {asking && (
              <OutcomeQuestion
                recommendationId={asking}
                contactId={typeof t.contact_id === 'string' ? t.contact_id : null}
                onAnswered={() =>
                  setAskOutcome((m) => {
                    const next = new Map(m);
                    next.delete(t.id);
                    return next;
                  })
                }
              />
            )}
          </TaskRow>
        );
      })}
    </ul>
  );

  const state = status === 'open' ? loadingOrError(open, 'Loading tasks…') : loadingOrError(done, 'Loading done tasks…');
  const openCount = status === 'open' ? named.filter((t) => !isDone(t)).length : null;
  const dated = named.filter((t) => typeof t.due_at === 'string' && t.due_at !== '');
  const undated = named.filter((t) => !(typeof t.due_at === 'string' && t.due_at !== ''));

  return (
    <section className="screen tasks-screen" aria-labelledby="tasks-title">
      <header className="screen-header">
        <h1 id="tasks-title">Tasks {openCount !== null && <span className="count">{openCount}</span>}</h1>
        {can.write && !adding && (
          <div className="header-actions">
            <button ref={newButtonRef} type="button" className="button primary" onClick={() => setAdding(true)}>
              + New task
            </button>
          </div>
        )}
      </header>
      <div className="tasks-filters">
        <div className="segmented" role="radiogroup" aria-label="Show">
          {(['open', 'done'] as const).map((s) => (
            <label key={s} className={status === s ? 'on' : ''}>
              <input type="radio" name="task-status" checked={status === s} onChange={() => setParam('status', s === 'open' ? null : s)} />
              {s === 'open' ? 'Open' : 'Done'}
            </label>
          ))}
        </div>
        <label className="tasks-who">
          <span className="muted small">Assigned to</span>
          <select aria-label="Assigned to" value={who} onChange={(e) => setParam('who', e.target.value)}>
            {myId && <option value="me">Me</option>}
            <option value="all">Everyone</option>
            {(members.data ?? [])
              .filter((m) => m.id !== myId || !isMember)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {memberLabel(m)}
                </option>
              ))}
          </select>
        </label>
      </div>
      {/* Keyed by me: the owner defaults to me once the member list has loaded. */}
      {adding && can.write && <NewTask key={isMember ? myId : ''} me={isMember ? myId : ''} onClose={() => setAdding(false)} />}
      {state ??
        (named.length === 0 ? (
          status === 'open' ? (
            <Empty title={who === 'me' ? 'No open tasks for you.' : 'No open tasks.'}>{can.write ? 'Add one with “+ New task”, or from any contact, company or deal (“Task” in its timeline).' : 'Tasks added by your team show here.'}</Empty>
          ) : (
            <Empty title="No completed tasks yet.">Tasks ticked off here, on Home or on a record show here.</Empty>
          )
        ) : status === 'open' ? (
          <div className="tasks-groups">
            {groupByDue(dated)
              .filter((g) => g.tasks.length > 0)
              .map((g) => (
                <section key={g.key} className="home-group" aria-label={g.title}>
                  <h3>
                    {g.title} <span className="count">{g.tasks.filter((t) => !isDone(t)).length}</span>
                  </h3>
                  {renderList(g.tasks, g.overdue)}
                </section>
              ))}
            {undated.length > 0 && (
              <section className="home-group" aria-label="No date">
                <h3>
                  No date <span className="count">{undated.filter((t) => !isDone(t)).length}</span>
                </h3>
                {renderList(undated)}
              </section>
            )}
            {open.data?.more && <p className="muted small">Showing the {DATED_LIMIT} soonest dated tasks; finish or reassign some to see the rest.</p>}
          </div>
        ) : (
          <div className="tasks-groups">
            <section className="home-group" aria-label="Completed">
              <h3>
                Completed <span className="count">{named.filter((t) => isDone(t)).length}</span>
              </h3>
              {renderList(named)}
            </section>
          </div>
        ))}
    </section>
  );
}

export default TasksScreen;
