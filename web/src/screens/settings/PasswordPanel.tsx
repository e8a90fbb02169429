/** Change one's own password: the current one, the new one twice. Other sessions of this person end. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { changePassword } from '../../api/auth';
import { errorMessage } from '../../api/http';
import { useToast } from '../../ui/Toasts';
import { useSessionApi } from '../auth/session';

const MIN_LENGTH = 10;

export function PasswordPanel() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const toast = useToast();
  const { refresh } = useSessionApi();
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setAgain('');
      toast.show('Password changed; your other sessions are signed out', 'success');
      void refresh().catch(() => undefined);
    },
  });
  const problem = next && next.length < MIN_LENGTH ? `At least ${MIN_LENGTH} characters.` : again && next !== again ? 'The two new passwords differ.' : null;
  return (
    <form
      className="panel settings-form"
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) change.mutate();
      }}
    >
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
      {(problem || change.error) && (
        <p className="form-error" role="alert">
          {problem ?? errorMessage(change.error)}
        </p>
      )}
      <p className="muted small">At least {MIN_LENGTH} characters. Signing in elsewhere with the old password stops working, and other sessions end.</p>
      <div>
        <button type="submit" className="button primary" disabled={change.isPending || !current || !next || next !== again || !!problem}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
