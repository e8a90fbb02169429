/**
 * Log a note, email, call, meeting or task against this record (POST /api/activities); it then shows on the
 * timeline. Tasks take a due date and time and an owner (a member); calls and meetings an outcome and a duration;
 * anything but a task can be back-dated ("When"). After a call or meeting, "Schedule the next step" opens a task
 * prefilled from it. `ActivityFields` is also the timeline's edit form.
 */
import { DateInput } from '../../ui/DateInput';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ACTIVITY_TYPES, type EntityName } from '../../api/entities';
import { createRecord } from '../../api/endpoints';
import { followUpKeys, memberLabel, useMembers } from '../../api/follow-up';
import { ApiError } from '../../api/http';
import { keys } from '../../api/hooks';
import type { CrmRecord } from '../../api/types';
import { useToast } from '../../ui/Toasts';
import { fromLocalInput, nowIso, toLocalInput } from '../../ui/when';
import { OUTCOMES_BY_TYPE } from '../../../../src/core/entities';
import { useSessionApi } from '../auth/session';

/** Which references a new activity carries, from the record it is logged on. */
function refsOf(entity: EntityName, record: CrmRecord): Record<string, unknown> {
  const pick = (k: string) => (typeof record[k] === 'string' ? { [k]: record[k] } : {});
  if (entity === 'contact') return { contact_id: record.id, ...pick('company_id') };
  if (entity === 'company') return { company_id: record.id };
  return { deal_id: record.id, ...pick('company_id'), ...pick('contact_id') };
}

export const outcomeLabel = (o: string) => {
  const s = o.replace(/_/g, ' ');
  return s[0]!.toUpperCase() + s.slice(1);
};

/** The form's values, as typed (local date-times, minutes as text). */
export interface ActivityDraft {
  type: string;
  subject: string;
  body: string;
  /** datetime-local: when it happened (empty: now). */
  when: string;
  /** datetime-local: tasks only. */
  due: string;
  owner: string;
  outcome: string;
  duration: string;
}

export const emptyDraft = (type = 'note', owner = ''): ActivityDraft => ({ type, subject: '', body: '', when: '', due: '', owner, outcome: '', duration: '' });

export function draftOf(a: CrmRecord): ActivityDraft {
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  return {
    type: s('type'),
    subject: s('subject'),
    body: s('body'),
    when: toLocalInput(s('occurred_at')),
    due: toLocalInput(s('due_at')),
    owner: s('owner'),
    outcome: s('outcome'),
    duration: typeof a.duration_minutes === 'number' ? String(a.duration_minutes) : '',
  };
}

/** The request body of a draft: fields that do not apply to its type are sent empty (the server checks types). */
export function bodyOf(d: ActivityDraft, creating: boolean): Record<string, unknown> {
  const task = d.type === 'task';
  const hasOutcome = OUTCOMES_BY_TYPE[d.type as keyof typeof OUTCOMES_BY_TYPE] !== undefined;
  const duration = d.duration.trim();
  const body: Record<string, unknown> = {
    type: d.type,
    subject: d.subject.trim() || null,
    body: d.body.trim() || null,
    // Text the date field could not read goes as typed: the server refuses it beside the field, where the field
    // already says so, instead of the task going in with no due date.
    due_at: task ? (fromLocalInput(d.due) ?? (d.due.trim() || null)) : null,
    owner: d.owner || null,
    outcome: hasOutcome ? d.outcome || null : null,
    duration_minutes: hasOutcome && duration !== '' ? (Number.isInteger(Number(duration)) ? Number(duration) : duration) : null,
  };
  const when = fromLocalInput(d.when) ?? (d.when.trim() || null);
  if (when) body.occurred_at = when;
  else if (creating) body.occurred_at = nowIso();
  return body;
}

/** The field errors of a 400 (details naming a field), by field name; the rest as one message. */
export function fieldErrors(error: unknown): { byField: Record<string, string>; other: string | null } {
  if (!(error instanceof ApiError)) return { byField: {}, other: error ? String((error as Error).message ?? error) : null };
  const byField: Record<string, string> = {};
  // Beside its field a message need not repeat the field's name ("duration_minutes: must be …" → "Must be …").
  for (const d of error.details ?? []) if (d.field) byField[d.field] = d.message.replace(new RegExp(`^${d.field}: (.)`), (_m, c: string) => c.toUpperCase());
  return { byField, other: Object.keys(byField).length === 0 ? error.message : null };
}

const Err = ({ text, id }: { text?: string; id: string }) =>
  text ? (
    <span className="field-error" id={id} role="alert">
      {text}
    </span>
  ) : null;

/** Type-dependent fields: due and owner for tasks, outcome and duration for calls and meetings, when for the rest. */
export function ActivityFields({ draft, set, errors, idPrefix, children }: { draft: ActivityDraft; set: (patch: Partial<ActivityDraft>) => void; errors: Record<string, string>; idPrefix: string; children?: ReactNode }) {
  const members = useMembers();
  const outcomes = OUTCOMES_BY_TYPE[draft.type as keyof typeof OUTCOMES_BY_TYPE];
  const err = (f: string) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `${idPrefix}-${f}-error` } : {});
  return (
    <div className="activity-fields">
      {draft.type === 'task' ? (
        <>
          <label className="af-field">
            <span>Due</span>
            <DateInput kind="datetime" aria-label="Due date and time" value={draft.due} onChange={(due) => set({ due })} {...err('due_at')} />
            <Err text={errors.due_at} id={`${idPrefix}-due_at-error`} />
          </label>
          <label className="af-field">
            <span>Owner</span>
            <select aria-label="Owner" value={draft.owner} onChange={(e) => set({ owner: e.target.value })} {...err('owner')}>
              <option value="">Nobody</option>
              {(members.data ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {memberLabel(m)}
                </option>
              ))}
              {draft.owner && members.data && !members.data.some((m) => m.id === draft.owner) && <option value={draft.owner}>{draft.owner}</option>}
            </select>
            <Err text={errors.owner} id={`${idPrefix}-owner-error`} />
          </label>
        </>
      ) : (
        <label className="af-field">
          <span>When</span>
          <DateInput kind="datetime" aria-label="When it happened" placeholder="Now" value={draft.when} max={toLocalInput(nowIso()) || undefined} onChange={(when) => set({ when })} {...err('occurred_at')} />
          <Err text={errors.occurred_at} id={`${idPrefix}-occurred_at-error`} />
        </label>
      )}
      {outcomes && (
        <>
          <label className="af-field">
            <span>Outcome</span>
            <select aria-label="Outcome" value={draft.outcome} onChange={(e) => set({ outcome: e.target.value })} {...err('outcome')}>
              <option value="">—</option>
              {outcomes.map((o) => (
                <option key={o} value={o}>
                  {outcomeLabel(o)}
                </option>
              ))}
            </select>
            <Err text={errors.outcome} id={`${idPrefix}-outcome-error`} />
          </label>
          <label className="af-field af-duration">
            <span>Minutes</span>
            <input type="number" min={0} step={1} inputMode="numeric" aria-label="Duration in minutes" value={draft.duration} onChange={(e) => set({ duration: e.target.value })} {...err('duration_minutes')} />
            <Err text={errors.duration_minutes} id={`${idPrefix}-duration_minutes-error`} />
          </label>
        </>
      )}
      {children}
    </div>
  );
}

/** Tomorrow at 09:00 local time, as a datetime-local value: the default due of a next step. */
function tomorrowMorning(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return toLocalInput(d.toISOString());
}

/**
 * A half-written activity is kept per record for the browser tab (sessionStorage): opening another record, or a
 * reload, neither loses it nor carries it over to the next record's page, where it would be logged against the wrong one.
 */
const draftKey = (plural: string, id: string) => `hololoom.activity-draft.${plural}.${id}`;
function loadDraft(key: string): ActivityDraft | null {
  try {
    const raw = sessionStorage.getItem(key);
    const d = raw ? (JSON.parse(raw) as Partial<ActivityDraft>) : null;
    return d && typeof d.type === 'string' ? { ...emptyDraft(d.type), ...d } : null;
  } catch {
    return null;
  }
}
function saveDraft(key: string, d: ActivityDraft) {
  try {
    if (d.subject.trim() || d.body.trim()) sessionStorage.setItem(key, JSON.stringify(d));
    else sessionStorage.removeItem(key);
  } catch {
    /* storage full or off: the draft lives as long as the page */
  }
}

export function ActivityComposer({ entity, plural, record }: { entity: EntityName; plural: string; record: CrmRecord }) {
  const { status } = useSessionApi();
  const members = useMembers();
  const myId = status.state === 'signed-in' ? status.session.user.id : '';
  // Tasks are mine by default (when I am a member: AUTH=off has no signed-in member).
  const me = members.data?.some((m) => m.id === myId) ? myId : '';
  const key = draftKey(plural, record.id);
  const [draft, setDraft] = useState<ActivityDraft>(() => loadDraft(key) ?? emptyDraft('note'));
  useEffect(() => saveDraft(key, draft), [key, draft]);
  const set = (patch: Partial<ActivityDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (create.isError) create.reset(); // a refusal's messages go once the user changes what was refused
  };
  /** After a call or meeting: its subject, for "Schedule the next step". */
  const [nextStepOf, setNextStepOf] = useState<{ type: string; subject: string } | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    // A logged call or e-mail is the logger's; a task is whoever the form names.
    mutationFn: (d: ActivityDraft) => createRecord('activities', { ...bodyOf({ ...d, owner: d.type === 'task' ? d.owner : me }, true), ...refsOf(entity, record) }),
    onSuccess: async (_res, d) => {
      setDraft(emptyDraft(d.type === 'task' ? 'task' : d.type, d.type === 'task' ? me : ''));
      toast.show(`${d.type[0]!.toUpperCase()}${d.type.slice(1)} added`, 'success');
      setNextStepOf(d.type === 'call' || d.type === 'meeting' ? { type: d.type, subject: d.subject.trim() } : null);
      setLogged((n) => n + 1);
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.timeline(plural, record.id) }),
        qc.invalidateQueries({ queryKey: keys.record(plural, record.id) }),
        qc.invalidateQueries({ queryKey: followUpKeys.home }),
      ]);
    },
  });
  // After logging, focus goes where work goes on — "Schedule the next step" after a call or meeting, else the empty
  // Subject for the next entry — not to the page (the disabled Add button it was on lets go of it).
  const formRef = useRef<HTMLFormElement>(null);
  const [logged, setLogged] = useState(0);
  useEffect(() => {
    if (logged === 0) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('.next-step .button.primary') ?? form?.querySelector<HTMLElement>('input[aria-label="Subject"]'))?.focus();
  }, [logged]);
  const errors = fieldErrors(create.error);
  const type = draft.type;
  const ready = draft.subject.trim() !== '' || draft.body.trim() !== '';
  const chooseType = (t: string) => {
    create.reset();
    set({ type: t, owner: t === 'task' && !draft.owner ? me : draft.owner });
  };
  const scheduleNext = () => {
    if (!nextStepOf) return;
    const what = nextStepOf.subject || (nextStepOf.type === 'call' ? 'the call' : 'the meeting');
    setDraft({ ...emptyDraft('task', me), subject: `Follow up on ${what}`, due: tomorrowMorning() });
    setNextStepOf(null);
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.composer input[aria-label="Subject"]')?.focus());
  };
  return (
    <form
      ref={formRef}
      className="composer"
      aria-label="Add to timeline"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) create.mutate(draft);
      }}
    >
      {nextStepOf && (
        <div className="next-step" role="status">
          <span>Logged. What happens next?</span>
          <button type="button" className="button primary" onClick={scheduleNext}>
            Schedule the next step
          </button>
          <button type="button" className="button ghost" aria-label="Dismiss" onClick={() => setNextStepOf(null)}>
            ✕
          </button>
        </div>
      )}
      <div className="segmented" role="radiogroup" aria-label="Activity type">
        {ACTIVITY_TYPES.map((t) => (
          <label key={t} className={type === t ? 'on' : ''}>
            <input type="radio" name="activity-type" value={t} checked={type === t} onChange={() => chooseType(t)} />
            {t}
          </label>
        ))}
      </div>
      <input aria-label="Subject" placeholder={type === 'task' ? 'What needs doing?' : 'Subject'} value={draft.subject} onChange={(e) => set({ subject: e.target.value })} />
      <textarea aria-label="Details" placeholder={type === 'call' ? 'What was said?' : 'Details'} rows={type === 'task' ? 2 : 3} value={draft.body} onChange={(e) => set({ body: e.target.value })} />
      <ActivityFields draft={draft} set={set} errors={errors.byField} idPrefix="composer" />
      {errors.other && <p className="form-error">{errors.other}</p>}
      <div className="composer-actions">
        <button type="submit" className="button primary" disabled={create.isPending || !ready}>
          {create.isPending ? 'Saving…' : `Add ${type}`}
        </button>
      </div>
    </form>
  );
}
