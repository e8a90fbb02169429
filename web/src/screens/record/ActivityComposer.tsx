/** Log a note, email, call, meeting or task against this record (POST /api/activities); it then shows on the timeline. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ACTIVITY_TYPES, type EntityName } from '../../api/entities';
import { createRecord } from '../../api/endpoints';
import { keys } from '../../api/hooks';
import type { CrmRecord } from '../../api/types';
import { useToast } from '../../ui/Toasts';

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Which references a new activity carries, from the record it is logged on. */
function refsOf(entity: EntityName, record: CrmRecord): Record<string, unknown> {
  const pick = (k: string) => (typeof record[k] === 'string' ? { [k]: record[k] } : {});
  if (entity === 'contact') return { contact_id: record.id, ...pick('company_id') };
  if (entity === 'company') return { company_id: record.id };
  return { deal_id: record.id, ...pick('company_id'), ...pick('contact_id') };
}

export function ActivityComposer({ entity, plural, record }: { entity: EntityName; plural: string; record: CrmRecord }) {
  const [type, setType] = useState<string>('note');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [due, setDue] = useState('');
  const qc = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () =>
      createRecord('activities', {
        type,
        subject: subject.trim() || undefined,
        body: body.trim() || undefined,
        occurred_at: nowIso(),
        ...(type === 'task' && due ? { due_at: `${due}T00:00:00Z` } : {}),
        ...refsOf(entity, record),
      }),
    onSuccess: async () => {
      setSubject('');
      setBody('');
      setDue('');
      toast.show(`${type[0]!.toUpperCase()}${type.slice(1)} added`, 'success');
      await qc.invalidateQueries({ queryKey: keys.timeline(plural, record.id) });
    },
    onError: toast.error,
  });
  return (
    <form
      className="composer"
      aria-label="Add to timeline"
      onSubmit={(e) => {
        e.preventDefault();
        if (subject.trim() || body.trim()) create.mutate();
      }}
    >
      <div className="segmented" role="radiogroup" aria-label="Activity type">
        {ACTIVITY_TYPES.map((t) => (
          <label key={t} className={type === t ? 'on' : ''}>
            <input type="radio" name="activity-type" value={t} checked={type === t} onChange={() => setType(t)} />
            {t}
          </label>
        ))}
      </div>
      <input aria-label="Subject" placeholder="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
      <textarea aria-label="Details" placeholder={type === 'call' ? 'What was said?' : 'Details'} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      <div className="composer-actions">
        {type === 'task' && (
          <label>
            Due <input type="date" aria-label="Due date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
        )}
        <button type="submit" className="button primary" disabled={create.isPending || !(subject.trim() || body.trim())}>
          {create.isPending ? 'Saving…' : `Add ${type}`}
        </button>
      </div>
    </form>
  );
}
