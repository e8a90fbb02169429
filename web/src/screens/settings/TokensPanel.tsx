/**
 * API tokens: one's own (admins see the workspace's), created with a name and a scope, shown once in full when
 * created, revoked by id. A token acts as its person with at most its scope.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createToken, listTokens, revokeToken, type ApiToken, type TokenScope } from '../../api/auth';
import { formatDateTime } from '../../ui/format';
import { QueryState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useSession } from '../auth/session';
import { SecretPanel } from './SecretPanel';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { SettingsForm } from './SettingsForm';
import { TimeOrNever } from './TimeOrNever';

const tokensKey = ['settings', 'tokens'] as const;

export function TokensPanel() {
  const session = useSession();
  const qc = useQueryClient();
  const toast = useToast();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: listTokens });
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>(session.can.write ? 'read-write' : 'read');
  const [created, setCreated] = useState<{ token: string; data: ApiToken } | null>(null);

  const create = useMutation({
    mutationFn: () => createToken(name.trim(), scope),
    onSuccess: (res) => {
      setCreated(res);
      setName('');
      void qc.invalidateQueries({ queryKey: tokensKey });
    },
    onError: toast.error,
  });
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => revokeToken(t.id),
    onSuccess: (_r, t) => {
      toast.show(`Revoked token "${t.name}"`, 'success');
      void qc.invalidateQueries({ queryKey: tokensKey });
    },
    onError: toast.error,
  });

  const others = session.can.admin;
  return (
    <div className="settings-panel">
      <SettingsForm inline aria-label="Create an API token" ready={name.trim() !== ''} onSubmit={() => create.mutate()}>
        <h2>New API token</h2>
        <div className="form-row">
          <label className="stack-field">
            <span>Name</span>
            <input aria-label="Token name" placeholder="e.g. Reporting script" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="stack-field">
            <span>Scope</span>
            <select aria-label="Token scope" value={scope} onChange={(e) => setScope(e.target.value as TokenScope)}>
              <option value="read">Read</option>
              {session.can.write && <option value="read-write">Read and write</option>}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={!name.trim() || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
        <p className="muted small">Send it as <code>Authorization: Bearer crm_…</code>. It acts as you, in {session.workspace.name}, with at most its scope.</p>
      </SettingsForm>

      {created && (
        <SecretPanel
          region="New token"
          title={`Token "${created.data.name}" created`}
          warning="Copy it now: it will not be shown again."
          copyLabel="New API token"
          secret={created.token}
          dismissLabel="I have copied it"
          onDismiss={() => setCreated(null)}
        />
      )}

      <h2 className="section-title">{others ? 'Tokens in this workspace' : 'Your tokens'}</h2>
      <QueryState query={tokens} loading="Loading tokens…" empty={<p className="muted">No tokens yet.</p>}>
        {(data) => (
          <table className="plain-table" aria-label="API tokens">
            <thead>
              <tr>
                <th>Name</th>
                <th>Scope</th>
                <th>Token</th>
                {others && <th>Person</th>}
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.map((t) => (
                <tr key={t.id} data-token-id={t.id} className={t.revoked_at ? 'muted' : ''}>
                  <td>{t.name}</td>
                  <td>{t.scope === 'read' ? 'Read' : 'Read and write'}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  {others && <td>{t.user_email ?? t.user_id}</td>}
                  <td>{formatDateTime(t.created_at)}</td>
                  <td><TimeOrNever at={t.last_used_at} /></td>
                  <td>{t.revoked_at ? <span className="badge badge-closed_lost">revoked</span> : <span className="badge badge-customer">active</span>}</td>
                  <td className="actions-cell">
                    {!t.revoked_at && <ConfirmButton label="Revoke…" confirmLabel="Yes, revoke" ariaLabel={`Revoke token ${t.name}`} pending={revoke.isPending} onConfirm={() => revoke.mutate(t)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
