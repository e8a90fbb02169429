/**
 * Watched mailboxes (admins): the mailboxes `crm serve` syncs when due, with the last message synced, and a form to
 * add one by address and the name of the server's environment variable holding its password (never the password).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type * as Contract from '../../../../src/delivery/api/contract';
import { request } from '../../api/http';
import { useToast } from '../../ui/Toasts';

type MailboxList = z.infer<typeof Contract.mailboxList>;
const mailboxesKey = ['ingest-mailboxes'] as const;

export function Mailboxes() {
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: mailboxesKey, queryFn: () => request<MailboxList>('/api/settings/mailboxes') });
  const [url, setUrl] = useState('');
  const [passwordEnv, setPasswordEnv] = useState('CRM_IMAP_PASSWORD');
  const [everyMinutes, setEveryMinutes] = useState(15);
  const add = useMutation({
    mutationFn: () => request<MailboxList>('/api/settings/mailboxes', { method: 'POST', json: { url: url.trim(), passwordEnv: passwordEnv.trim(), everyMinutes } }),
    onSuccess: (list) => {
      qc.setQueryData(mailboxesKey, list);
      toast.show('Mailbox added: it is synced when the server next looks', 'success');
      setUrl('');
    },
    onError: toast.error,
  });
  return (
    <section className="ingest-mailboxes" aria-labelledby="mailboxes-title">
      <h2 id="mailboxes-title" className="section-title">Watched mailboxes</h2>
      {q.data && q.data.mailboxes.length > 0 ? (
        <ul className="review-list" aria-label="Watched mailboxes">
          {q.data.mailboxes.map((m) => (
            <li key={m.url} className="review-item">
              <strong>{m.url}</strong>
              <div className="muted">
                every {m.everyMinutes} min · password in {m.passwordEnv} · {m.lastUid === null ? 'not synced yet' : `synced up to message ${m.lastUid}`}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No mailbox is watched.</p>
      )}
      <form
        className="review-change"
        aria-label="Add a mailbox"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <label>
          <span>Address</span>
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="imap://sales@mail.example.com/INBOX" required />
        </label>
        <label>
          <span>Password environment variable (on the server)</span>
          <input value={passwordEnv} onChange={(e) => setPasswordEnv(e.target.value)} required pattern="[A-Z_][A-Z0-9_]*" />
        </label>
        <label>
          <span>Every (minutes)</span>
          <input type="number" min={1} max={1440} value={everyMinutes} onChange={(e) => setEveryMinutes(Number(e.target.value))} required />
        </label>
        <div className="review-actions">
          <button type="submit" className="primary" disabled={add.isPending}>Add mailbox</button>
        </div>
      </form>
    </section>
  );
}
