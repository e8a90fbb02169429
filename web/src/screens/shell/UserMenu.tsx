/** The signed-in person at the foot of the sidebar (name, role; password, settings, sign out), and the workspace switcher. */
import { usePopover } from '../../ui/usePopover';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../../api/auth';
import { useToast } from '../../ui/Toasts';
import { useSession, useSessionApi } from '../auth/session';

export function UserMenu() {
  const session = useSession();
  const { signOut } = useSessionApi();
  const toast = useToast();
  const { open, setOpen, ref } = usePopover();
  const name = session.user.name || session.user.email;
  // Without sign-in (AUTH=off) there is no one to sign out and no password to change.
  const signedIn = session.auth === 'session';
  return (
    <div className="user-menu popover-anchor" ref={ref}>
      <button type="button" className="user-button" aria-haspopup="true" aria-expanded={open} aria-label={`Account: ${name}, ${ROLE_LABELS[session.role]}`} onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-text">
          <span className="user-name">{name}</span>
          <span className="user-role" data-testid="current-role">
            {ROLE_LABELS[session.role]}
          </span>
        </span>
      </button>
      {open && (
        <div className="popover user-popover" role="menu" aria-label="Account" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="user-popover-head">
            <strong>{name}</strong>
            {session.user.name && <span className="muted small">{session.user.email}</span>}
            <span className="muted small">
              {ROLE_LABELS[session.role]} in {session.workspace.name}
            </span>
          </div>
          {signedIn && (
            <Link role="menuitem" className="menu-item" to="/settings/password" onClick={() => setOpen(false)}>
              Change password
            </Link>
          )}
          <Link role="menuitem" className="menu-item" to="/settings" onClick={() => setOpen(false)}>
            Settings
          </Link>
          {signedIn && (
            <button type="button" role="menuitem" className="menu-item" onClick={() => void signOut().catch(toast.error)}>
              Sign out
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Only when the person belongs to more than one workspace; the choice is remembered in this browser. */
export function WorkspaceSwitcher() {
  const session = useSession();
  const { switchWorkspace } = useSessionApi();
  const toast = useToast();
  if (session.workspaces.length < 2) return null;
  return (
    <label className="workspace-switcher">
      <span className="muted small">Workspace</span>
      <select
        aria-label="Workspace"
        value={session.workspace.id}
        onChange={(e) => {
          const w = session.workspaces.find((x) => x.id === e.target.value);
          switchWorkspace(e.target.value)
            .then(() => w && toast.show(`Switched to ${w.name}`, 'success'))
            .catch(toast.error);
        }}
      >
        {session.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} · {ROLE_LABELS[w.role]}
          </option>
        ))}
      </select>
    </label>
  );
}
