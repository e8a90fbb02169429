/**
 * "Erase personal data" (GDPR, admins and owners): behind a confirmation that wants the contact's name or
 * ERASE typed; POST /api/contacts/:id/erase, then back to the contacts list with what was erased.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { eraseContact } from '../../api/auth';
import { errorMessage } from '../../api/http';
import { keys } from '../../api/hooks';
import { useToast } from '../../ui/Toasts';

/** "3 activities, 1 deal" from the counts the server answers with (numbers only; zeros left out). */
function countsText(counts: Record<string, unknown>): string {
  return Object.entries(counts)
    .filter(([, v]) => typeof v === 'number' && v > 0)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
    .join(', ');
}

export function EraseContact({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const matches = typed.trim() === 'ERASE' || (name.trim() !== '' && typed.trim().toLowerCase() === name.trim().toLowerCase());
  const erase = useMutation({
    mutationFn: () => eraseContact(id),
    onSuccess: (counts) => {
      const detail = countsText(counts);
      toast.show(`Erased the personal data of ${name}${detail ? ` (${detail})` : ''}`, 'success');
      qc.removeQueries({ queryKey: keys.record('contacts', id) });
      qc.removeQueries({ queryKey: keys.timeline('contacts', id) });
      void qc.invalidateQueries({ queryKey: keys.lists('contacts') });
      void qc.invalidateQueries({ queryKey: ['names'] });
      navigate('/contacts');
    },
  });
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  if (!open)
    return (
      <button type="button" className="button danger" onClick={() => setOpen(true)}>
        Erase personal data…
      </button>
    );
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !erase.isPending && setOpen(false)}>
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="erase-title"
        onKeyDown={(e) => e.key === 'Escape' && !erase.isPending && setOpen(false)}
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) erase.mutate();
        }}
      >
        <h2 id="erase-title">Erase personal data of {name}?</h2>
        <p>
          The right to erasure, for good: the contact record goes; their activities keep only their dates (no subject, text or custom fields); deals lose the link to them;
          their change history, outcomes and memory entries are redacted. An audit entry says that it happened. This cannot be undone.
        </p>
        <label className="stack-field">
          <span>
            Type <strong>{name}</strong> or <strong>ERASE</strong> to confirm
          </span>
          <input ref={input} aria-label="Type the contact's name or ERASE to confirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        {erase.isError && (
          <p className="form-error" role="alert">
            {errorMessage(erase.error)}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" disabled={erase.isPending} onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button type="submit" className="button danger-solid" disabled={!matches || erase.isPending}>
            {erase.isPending ? 'Erasing…' : 'Erase personal data'}
          </button>
        </div>
      </form>
    </div>
  );
}
