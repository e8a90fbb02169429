/**
 * The record's timeline, newest first: activities and changes (stage moves, edits, merges), paged by time.
 * Tasks show their due date (red when overdue) and owner and complete or reopen with one click (optimistic);
 * calls and meetings their outcome and duration; any activity can be edited (back-dated too) and deleted.
 */
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ENTITIES, fieldsOf } from '../../api/entities';
import { deleteRecord, patchRecord, timeline } from '../../api/endpoints';
import { followUpKeys, memberLabel, useMembers } from '../../api/follow-up';
import { keys, useRecordNames } from '../../api/hooks';
import { recommendationOf } from '../../api/nba';
import type { CrmRecord, Timeline as TimelinePage, TimelineItem } from '../../api/types';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { DiscardPrompt, useDiscardGuard } from '../../ui/DiscardPrompt';
import { OutcomeQuestion } from '../../ui/NextActionCard';
import { activityTypeIcon, formatDateTime, stageLabel, textOf } from '../../ui/format';
import { loadingOrError } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { formatDue, nowIso } from '../../ui/when';
import { useCan } from '../auth/session';
import { ActivityFields, bodyOf, draftOf, fieldErrors, outcomeLabel, type ActivityDraft } from './ActivityComposer';

function describeEvent(item: Extract<TimelineItem, { type: 'event' }>): string {
  const entity = ENTITIES[item.entity];
  switch (item.kind) {
    case 'created':
      // An import's "created" is when the record came in, not when it began (its Created field says that).
      return item.data?.source === 'import' ? `${entity.label} imported` : `${entity.label} created`;
    case 'deleted':
      return `${entity.label} deleted`;
    case 'merged':
      return `Merged ${entity.plural} into this ${entity.label.toLowerCase()}`;
    case 'stage_changed':
      return `Stage: ${stageLabel(String(item.data.from_stage ?? '—'))} → ${stageLabel(String(item.data.to_stage ?? '—'))}`;
    case 'updated': {
      const changes = Object.entries(item.data.changes ?? {}).filter(([k]) => k !== 'stage' && k !== 'closed_at');
      if (changes.length === 0) return `${entity.label} updated`;
      const fields = fieldsOf(entity);
      return changes
        .slice(0, 3)
        .map(([k, [, to]]) => {
          const f = fields.find((x) => x.name === k);
          return `${f?.label ?? k}: ${textOf(f, to) || '—'}`;
        })
        .join(' · ');
    }
    default: // erased, exported (a contact's data), imported
      return `${entity.label} ${item.kind}`;
  }
}

/** A stage move is recorded twice: its own event and an edit of stage (and closed_at) alone — "Deal updated", said nothing more. */
const STAGE_ONLY = new Set(['stage', 'closed_at']);
function isStageEcho(it: TimelineItem): boolean {
  if (it.type !== 'event' || it.kind !== 'updated') return false;
  const changed = Object.keys(it.data?.changes ?? {});
  return changed.length > 0 && changed.every((k) => STAGE_ONLY.has(k));
}

/** Replaces one activity in the cached timeline pages (optimistic updates), or drops it (`null`). */
function patchCached(data: InfiniteData<TimelinePage> | undefined, id: string, next: CrmRecord | null): InfiniteData<TimelinePage> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      items: p.items.flatMap((it) => (it.type === 'activity' && it.activity.id === id ? (next ? [{ ...it, activity: next }] : []) : [it])),
    })),
  };
}

function useActivityWrites(plural: string, recordId: string) {
  const qc = useQueryClient();
  const toast = useToast();
  const key = keys.timeline(plural, recordId);
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: key }), qc.invalidateQueries({ queryKey: keys.record(plural, recordId) }), qc.invalidateQueries({ queryKey: followUpKeys.home })]);
  const toggle = useMutation({
    mutationFn: (a: CrmRecord) => patchRecord('activities', a.id, { completed_at: a.completed_at ? null : nowIso() }),
    onMutate: async (a) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<InfiniteData<TimelinePage>>(key);
      qc.setQueryData<InfiniteData<TimelinePage>>(key, (d) => patchCached(d, a.id, { ...a, completed_at: a.completed_at ? null : nowIso() }));
      return { before };
    },
    onError: (e, _a, ctx) => {
      if (ctx?.before) qc.setQueryData(key, ctx.before);
      toast.error(e);
    },
    onSuccess: (saved) => {
      qc.setQueryData<InfiniteData<TimelinePage>>(key, (d) => patchCached(d, saved.id, saved));
      void qc.invalidateQueries({ queryKey: followUpKeys.home });
    },
  });
  const remove = useMutation({
    mutationFn: (a: CrmRecord) => deleteRecord('activities', a.id),
    onSuccess: (_r, a) => {
      qc.setQueryData<InfiniteData<TimelinePage>>(key, (d) => patchCached(d, a.id, null));
      toast.show(`${String(a.type)[0]!.toUpperCase()}${String(a.type).slice(1)} deleted`, 'success');
      void refresh();
    },
    onError: toast.error,
  });
  return { toggle, remove, refresh };
}

/** An activity on the timeline: read, or edited in place. */
function ActivityItem({ activity: a, at, plural, recordId }: { activity: CrmRecord; at: string; plural: string; recordId: string }) {
  const can = useCan();
  const members = useMembers();
  const { toggle, remove, refresh } = useActivityWrites(plural, recordId);
  const [editing, setEditingState] = useState<ActivityDraft | null>(null);
  // Leaving the edit form (saved, cancelled, discarded) puts focus back on its Edit button, not on the page's top.
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const setEditing = (d: ActivityDraft | null) => {
    returnFocus.current = d === null;
    setEditingState(d);
  };
  useEffect(() => {
    if (editing === null && returnFocus.current) editButtonRef.current?.focus();
    returnFocus.current = false;
  }, [editing]);
  /** A task made from a suggested next action was just completed: ask for the suggestion's outcome. */
  const [askOutcomeOf, setAskOutcomeOf] = useState<string | null>(null);
  const toast = useToast();
  const save = useMutation({
    mutationFn: (d: ActivityDraft) => patchRecord('activities', a.id, bodyOf(d, false)),
    onSuccess: async () => {
      setEditing(null);
      toast.show('Saved', 'success');
      await refresh();
    },
  });
  const type = String(a.type);
  const isTask = type === 'task';
  const done = isTask && typeof a.completed_at === 'string';
  const due = typeof a.due_at === 'string' ? a.due_at : null;
  const overdue = isTask && !done && due !== null && due < nowIso();
  const owner = typeof a.owner === 'string' ? members.data?.find((m) => m.id === a.owner) : undefined;
  const subject = String(a.subject ?? '') || '(no subject)';
  const errors = fieldErrors(save.error);
  // Escape asks before it drops a changed edit (the Cancel button is the deliberate way out).
  const changed = editing !== null && JSON.stringify(editing) !== JSON.stringify(draftOf(a));
  const discard = useDiscardGuard(editing, changed, () => setEditing(null), save.isPending);
  const editRef = useRef<HTMLFormElement>(null);

  if (editing)
    return (
      <li className={`tl-item tl-${type} tl-editing`} data-activity-id={a.id}>
        <span className="tl-icon" aria-hidden="true">
          {activityTypeIcon(type)}
        </span>
        <form
          className="tl-edit"
          aria-label={`Edit ${type}`}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(editing);
          }}
          ref={editRef}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              discard.requestClose();
            }
          }}
        >
          <input aria-label="Subject" value={editing.subject} autoFocus onChange={(e) => setEditing({ ...editing, subject: e.target.value })} />
          <textarea aria-label="Details" rows={2} value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} />
          <ActivityFields draft={editing} set={(p) => setEditing({ ...editing, ...p })} errors={errors.byField} idPrefix={`edit-${a.id}`} />
          {errors.other && <p className="form-error">{errors.other}</p>}
          <DiscardPrompt guard={discard} id={`edit-${a.id}-discard`} question={`Discard your changes to this ${type}?`} focusBack={() => editRef.current?.querySelector<HTMLElement>('input')?.focus()} />
          <div className="composer-actions">
            <button type="button" className="button ghost" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      </li>
    );

  return (
    <li className={`tl-item tl-${type}${done ? ' tl-done' : ''}${overdue ? ' tl-overdue' : ''}`} data-activity-id={a.id}>
      {isTask && can.write ? (
        <span className="tl-icon tl-check">
          <input
            type="checkbox"
            checked={done}
            aria-label={done ? `Reopen task: ${subject}` : `Complete task: ${subject}`}
            onChange={() => toggle.mutate(a, { onSuccess: (saved) => setAskOutcomeOf(saved.completed_at ? recommendationOf(saved) : null) })}
          />
        </span>
      ) : (
        <span className="tl-icon" aria-hidden="true">
          {isTask && done ? '☑' : activityTypeIcon(type)}
        </span>
      )}
      <div className="tl-body">
        <div className="tl-head">
          <span className="tl-line">
            <span className="tl-type">{type}</span>
            <strong className="tl-subject">{subject}</strong>
            {typeof a.outcome === 'string' && <span className={`badge outcome-${a.outcome}`}>{outcomeLabel(a.outcome)}</span>}
            {typeof a.duration_minutes === 'number' && <span className="tl-meta">{a.duration_minutes} min</span>}
          </span>
          <time dateTime={at}>{formatDateTime(at)}</time>
        </div>
        {isTask && (
          <div className="tl-task-meta">
            {due ? (
              <span className={overdue ? 'due overdue' : 'due'}>
                {done ? 'Was due' : overdue ? 'Overdue ·' : 'Due'} <time dateTime={due}>{formatDue(due)}</time>
              </span>
            ) : (
              <span className="due muted">No due date</span>
            )}
            {owner && <span className="tl-meta">· {memberLabel(owner)}</span>}
            {done && <span className="tl-meta">· Done {formatDue(String(a.completed_at))}</span>}
          </div>
        )}
        {askOutcomeOf && <OutcomeQuestion recommendationId={askOutcomeOf} contactId={typeof a.contact_id === 'string' ? a.contact_id : null} onAnswered={() => setAskOutcomeOf(null)} />}
        {typeof a.body === 'string' && a.body !== '' && <p className="tl-text">{a.body}</p>}
        {can.write && (
          <div className="tl-actions">
            <button ref={editButtonRef} type="button" className="button ghost small" aria-label={`Edit ${type}: ${subject}`} onClick={() => setEditing(draftOf(a))}>
              Edit
            </button>
            <ConfirmButton label="Delete" confirmLabel={`Yes, delete this ${type}`} ariaLabel={`Delete ${type}: ${subject}`} pending={remove.isPending} onConfirm={() => remove.mutate(a)} />
          </div>
        )}
      </div>
    </li>
  );
}

export function Timeline({ plural, id }: { plural: string; id: string }) {
  const q = useInfiniteQuery({
    queryKey: keys.timeline(plural, id),
    queryFn: ({ pageParam }) => timeline(plural, id, { limit: 30, before: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_before ?? undefined,
  });
  // Pages split on a timestamp can repeat an item at the boundary.
  const items = useMemo(() => {
    const seen = new Set<string>();
    return (q.data?.pages ?? []).flatMap((p) => p.items).filter((it) => {
      const key = it.type === 'activity' ? it.activity.id : `e${it.seq}`;
      if (seen.has(key) || isStageEcho(it)) return false;
      seen.add(key);
      return true;
    });
  }, [q.data]);
  // Events of other records (a contact's timeline holds its deals' "Deal created") name the record, with a link:
  // "Deal created" alone did not say which deal.
  const otherIds = (entity: string) => items.flatMap((it) => (it.type === 'event' && it.entity === entity && it.record_id !== id ? [it.record_id] : []));
  const names: Record<string, Map<string, string>> = {
    deal: useRecordNames('deal', otherIds('deal')),
    contact: useRecordNames('contact', otherIds('contact')),
    company: useRecordNames('company', otherIds('company')),
  };
  // Events name their actor by e-mail; a member is called by name, as everywhere else in the app.
  const members = useMembers();
  const actorName = (actor: string) => {
    const m = members.data?.find((x) => x.email === actor);
    return m ? memberLabel(m) : actor;
  };
  const state = loadingOrError(q, 'Loading timeline…');
  if (state || !q.data) return state;
  if (items.length === 0) return <p className="muted">Nothing has happened here yet.</p>;
  return (
    <>
      <ol className="timeline" aria-label="Timeline">
        {items.map((it) =>
          it.type === 'activity' ? (
            <ActivityItem key={it.activity.id} activity={it.activity} at={it.at} plural={plural} recordId={id} />
          ) : (
            <li key={`e${it.seq}`} className="tl-item tl-event">
              <span className="tl-icon" aria-hidden="true">
                ◦
              </span>
              <div className="tl-body">
                <div className="tl-head">
                  <span className="tl-line">
                    <span>
                      {describeEvent(it)}
                      {it.record_id !== id && names[it.entity]?.get(it.record_id) && (
                        <>
                          {': '}
                          <Link to={`/${ENTITIES[it.entity].plural}/${encodeURIComponent(it.record_id)}`}>{names[it.entity]!.get(it.record_id)}</Link>
                        </>
                      )}
                    </span>
                    {it.actor && <span className="tl-actor" title={it.actor}>by {actorName(it.actor)}</span>}
                  </span>
                  <time dateTime={it.at}>{formatDateTime(it.at)}</time>
                </div>
              </div>
            </li>
          ),
        )}
      </ol>
      {q.hasNextPage && (
        <button type="button" className="button ghost" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          {q.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </>
  );
}
