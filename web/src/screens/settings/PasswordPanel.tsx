/**
 * One's own account: change the password (the current one, the new one twice; other sessions end, API tokens too
 * when ticked), sign out everywhere (every session and API token), and one's own sign-in history.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { changePassword, mySignIns, signOutEverywhere, type AccountEvent } from '../../api/auth';
import { errorMessage } from '../../api/http';
import { formatDateTime } from '../../ui/format';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { QueryState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useSessionApi } from '../auth/session';
import { SettingsForm } from './SettingsForm';

const EVENT_LABELS: Record<AccountEvent['kind'], string> = {
  login: 'Signed in',
  login_failed: 'Failed sign-in',
  login_throttled: 'Sign-in refused (too many failures)',
  failures_burst: 'Many failed sign-ins',
  logout: 'Signed out',
  password_changed: 'Password changed',
  signed_out_everywhere: 'Signed out everywhere',
  invitation_accepted: 'Joined a workspace',
  invitation_declined: 'Declined an invitation',
};

export function AccountPanel() {
  return (
    <div className="settings-panel">
      <PasswordPanel />
      <SignOutEverywherePanel />
      <SignInHistory />
    </div>
  );
}

function SignOutEverywherePanel() {
  const { signedOutEverywhere } = useSessionApi();
  const toast = useToast();
  const run = useMutation({ mutationFn: signOutEverywhere, onSuccess: () => signedOutEverywhere(), onError: toast.error });
  return (
    <section className="panel settings-form" aria-label="Sign out everywhere">
      <h2>Sign out everywhere</h2>
      <p className="muted small">Ends every session of yours, this one too, and revokes all your API tokens in every workspace. Use it if a device or a token may be in the wrong hands.</p>
      <div>
        <ConfirmButton label="Sign out everywhere…" confirmLabel="Yes, sign out everywhere" ariaLabel="Sign out everywhere" pending={run.isPending} onConfirm={() => run.mutate()} />
      </div>
    </section>
  );
}

function SignInHistory() {
  const history = useQuery({ queryKey: ['settings', 'sign-ins'], queryFn: mySignIns });
  return (
    <section className="panel" aria-label="Your sign-in history">
      <h2>Your sign-in history</h2>
      <p className="muted small">Only you see this. A workspace's admins see your sign-ins into their workspace, never the others nor failed attempts.</p>
      <QueryState query={history} loading="Loading sign-ins…">
        {(data) => (
          <table className="plain-table" aria-label="Sign-ins">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>Address</th>
                <th>Workspace</th>
              </tr>
            </thead>
            <tbody>
              {data.map((e) => (
                <tr key={e.seq} data-kind={e.kind}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {EVENT_LABELS[e.kind] ?? e.kind}
                    {e.kind === 'failures_burst' && typeof e.detail.failures === 'number' ? ` (${e.detail.failures})` : ''}
                  </td>
                  <td>{e.ip ?? ''}</td>
                  <td>{e.workspace_name ?? e.workspace_id ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}

const MIN_LENGTH = 10;

function PasswordPanel() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [revokeTokens, setRevokeTokens] = useState(true);
  const toast = useToast();
  const { refresh } = useSessionApi();
  const change = useMutation({
    mutationFn: () => changePassword(current, next, revokeTokens),
    onSuccess: (res) => {
      setCurrent('');
      setNext('');
      setAgain('');
      const tokens = res.tokens_revoked ? ` and ${res.tokens_revoked} API token${res.tokens_revoked === 1 ? '' : 's'} revoked` : '';
      toast.show(`Password changed; your other sessions are signed out${tokens}`, 'success');
      void refresh().catch(() => undefined);
    },
  });
  const problem = next && next.length < MIN_LENGTH ? `At least ${MIN_LENGTH} characters.` : again && next !== again ? 'The two new passwords differ.' : null;
  return (
    <SettingsForm aria-label="Change password" ready={!problem} onSubmit={() => change.mutate()}>
      <h2>Change password</h2>
      <label className="stack-field">
        <span>Current password</span>
        <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="stack-field">
        <span>New password</span>
        <input type="password" autoComplete="new-password" required minLength={MIN_LENGTH} value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <label className="stack-field">
        <span>New password again</span>
        <input type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <input type="checkbox" checked={revokeTokens} onChange={(e) => setRevokeTokens(e.target.checked)} />
        <span>Also revoke my API tokens</span>
      </label>
      {(problem || change.error) && (
        <p className="form-error" role="alert">
          {problem ?? errorMessage(change.error)}
        </p>
      )}
      <p className="muted small">At least {MIN_LENGTH} characters, and not a common or guessable one: a few unrelated words work well. Signing in elsewhere with the old password stops working, and other sessions end.</p>
      <div>
        <button type="submit" className="button primary" disabled={change.isPending || !current || !next || next !== again || !!problem}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </SettingsForm>
  );
}
