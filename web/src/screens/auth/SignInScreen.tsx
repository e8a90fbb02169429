/**
 * The sign-in page: e-mail and password (into the workspace last used in this browser); or an invitation code
 * with a password (someone new chooses theirs, someone with an account gives their own). Afterwards back to the
 * page that was asked for (`?next=`).
 */
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { login, redeemInvitation } from '../../api/auth';
import { errorMessage } from '../../api/http';
import { safeNext, useSessionApi } from './session';

export function SignInScreen() {
  const { status, signedIn } = useSessionApi();
  const [search] = useSearchParams();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (status.state === 'signed-in') return <Navigate to={next} replace />;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      let wanted: string | null = null;
      try {
        wanted = localStorage.getItem('crm.workspace');
      } catch {
        /* private mode */
      }
      await signedIn(code !== null ? await redeemInvitation(code.trim(), password) : await login(email.trim(), password, wanted));
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin-page">
      <form
        className="signin-card"
        aria-labelledby="signin-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          HoloLoom
        </div>
        <h1 id="signin-title">Sign in</h1>
        {next !== '/' && <p className="muted small">Sign in to continue to {next.split('?')[0]}.</p>}
        {code === null ? (
          <label className="stack-field">
            <span>E-mail</span>
            <input type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
        ) : (
          <>
            <label className="stack-field">
              <span>Invitation code</span>
              <input name="code" required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
            </label>
            <p className="muted small">New here: choose a password of a few unrelated words. Already have an account: give its password.</p>
          </>
        )}
        <label className="stack-field">
          <span>Password</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || (code === null ? !email.trim() : !code.trim()) || !password}>
          {busy ? 'Signing in…' : code === null ? 'Sign in' : 'Accept invitation'}
        </button>
        <button type="button" className="button ghost" onClick={() => setCode(code === null ? '' : null)}>
          {code === null ? 'I have an invitation code' : 'Sign in with e-mail instead'}
        </button>
      </form>
    </main>
  );
}
