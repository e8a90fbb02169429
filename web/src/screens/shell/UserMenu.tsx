/** The signed-in person at the foot of the sidebar (name, role; password, settings, sign out), and the workspace switcher. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usePopover } from '../../ui/usePopover';
import { Link } from 'react-router';
import { ROLE_LABELS, decideInvitation, myInvitations, type InvitationForMe } from '../../api/auth';
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
      {signedIn && <SecurityNotice />}
      {signedIn && <Invitations />}
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
              Password &amp; sign-ins
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

/** Failed sign-in attempts on this account since the previous sign-in, as the server told this session. */
function SecurityNotice() {
  const session = useSession();
  const [dismissed, setDismissed] = useState(false);
  const notice = session.security_notice;
  if (!notice || dismissed) return null;
  return (
    <div className="panel secret-panel" role="alert" aria-label="Security notice">
      <strong>
        {notice.failed_sign_ins} failed sign-in attempt{notice.failed_sign_ins === 1 ? '' : 's'} on your account since your last sign-in
      </strong>
      <span className="muted small">
        If that was not you, choose a stronger password. <Link to="/settings/password">See your sign-in history</Link>
      </span>
      <button type="button" className="button ghost" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}

/** Pending invitations to this person's e-mail: accept (join the workspace) or decline. */
function Invitations() {
  const { refresh } = useSessionApi();
  const toast = useToast();
  const qc = useQueryClient();
  const pending = useQuery({ queryKey: ['me', 'invitations'], queryFn: myInvitations });
  const decide = useMutation({
    mutationFn: ({ invitation, accept }: { invitation: InvitationForMe; accept: boolean }) => decideInvitation(invitation.id, accept),
    onSuccess: async (_r, { invitation, accept }) => {
      toast.show(accept ? `You joined ${invitation.workspace.name}` : `Invitation to ${invitation.workspace.name} declined`, 'success');
      await qc.invalidateQueries({ queryKey: ['me', 'invitations'] });
      if (accept) await refresh();
    },
    onError: toast.error,
  });
  if (!pending.data?.length) return null;
  return (
    <div className="panel secret-panel" role="region" aria-label="Invitations">
      {pending.data.map((i) => (
        <div key={i.id} data-invitation-id={i.id}>
          <span>
            {i.invited_by ?? 'Someone'} invites you to <strong>{i.workspace.name}</strong> as {ROLE_LABELS[i.role]}
          </span>
          <div>
            <button type="button" className="button primary" disabled={decide.isPending} onClick={() => decide.mutate({ invitation: i, accept: true })}>
              Accept
            </button>{' '}
            <button type="button" className="button ghost" disabled={decide.isPending} onClick={() => decide.mutate({ invitation: i, accept: false })}>
              Decline
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
