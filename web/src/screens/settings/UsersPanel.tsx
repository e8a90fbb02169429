/**
 * The workspace's people (admins and owners): invite someone by e-mail with a role (they accept it signed in, or
 * with the code shown once here, which also lets someone new choose a password; the answer is the same whether or
 * not the e-mail has an account), see and revoke pending invitations, change a role, remove someone from this
 * workspace. Only an owner may grant the owner role.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLES, ROLE_LABELS, inviteUser, listUsers, pendingInvitations, removeUser, revokeInvitation, setUserRole, type Invitation, type PendingInvitation, type Role, type WorkspaceUser } from '../../api/auth';
import { formatDateTime } from '../../ui/format';
import { QueryState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useSession } from '../auth/session';
import { SecretPanel } from './SecretPanel';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { SettingsForm } from './SettingsForm';
import { TimeOrNever } from './TimeOrNever';

const usersKey = ['settings', 'users'] as const;
const invitationsKey = ['settings', 'invitations'] as const;

export function UsersPanel() {
  const session = useSession();
  const qc = useQueryClient();
  const toast = useToast();
  const users = useQuery({ queryKey: usersKey, queryFn: listUsers });
  const invitations = useQuery({ queryKey: invitationsKey, queryFn: pendingInvitations });
  // Roles this person may hand out: an owner any, an admin all but owner.
  const grantable = ROLES.filter((r) => session.can.owner || r !== 'owner');
  const roleOptions = grantable.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [invited, setInvited] = useState<{ invitation: Invitation; code: string } | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: usersKey });
    void qc.invalidateQueries({ queryKey: invitationsKey });
  };

  const add = useMutation({
    mutationFn: () => inviteUser({ email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: (res) => {
      setInvited(res);
      toast.show(`Invited ${res.invitation.email} as ${ROLE_LABELS[res.invitation.role] ?? res.invitation.role}`, 'success');
      setEmail('');
      setName('');
      refresh();
    },
    onError: toast.error,
  });
  const revoke = useMutation({
    mutationFn: (i: PendingInvitation) => revokeInvitation(i.id),
    onSuccess: (_r, i) => {
      toast.show(`Invitation to ${i.email} revoked`, 'success');
      refresh();
    },
    onError: toast.error,
  });
  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: WorkspaceUser; role: Role }) => setUserRole(user.id, role),
    onSuccess: (_r, { user, role }) => {
      toast.show(`${user.email} is now ${ROLE_LABELS[role]}`, 'success');
      refresh();
    },
    onError: (e) => {
      toast.error(e);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (user: WorkspaceUser) => removeUser(user.id),
    onSuccess: (_r, user) => {
      toast.show(`Removed ${user.email} from ${session.workspace.name}`, 'success');
      refresh();
    },
    onError: toast.error,
  });

  return (
    <div className="settings-panel">
      <SettingsForm aria-label="Invite a user" ready={email.trim() !== ''} onSubmit={() => add.mutate()}>
        <h2>Invite a person to {session.workspace.name}</h2>
        <div className="form-row">
          <label className="stack-field">
            <span>E-mail</span>
            <input type="email" aria-label="New user e-mail" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="stack-field">
            <span>Name</span>
            <input aria-label="New user name" placeholder="optional" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="stack-field">
            <span>Role</span>
            <select aria-label="New user role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roleOptions}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={!email.trim() || add.isPending}>
            {add.isPending ? 'Inviting…' : 'Invite'}
          </button>
        </div>
        <p className="muted small">
          They join when they accept: after signing in (the invitation waits in their account menu), or with the code below, with which someone new chooses their password.
          Invitations expire after 7 days. Read-only: reads everything. Member: also edits records, imports, saves views. Admin: also manages people, reads the audit log,
          erases contacts, trains models and runs experiments. Owner: also makes owners.
        </p>
      </SettingsForm>

      {invited && (
        <SecretPanel
          region="Invitation code"
          title={`Invitation for ${invited.invitation.email}`}
          warning='Give them this code (it will not be shown again). They enter it on the sign-in page under "I have an invitation code".'
          copyLabel="Invitation code"
          secret={invited.code}
          dismissLabel="Done"
          onDismiss={() => setInvited(null)}
        />
      )}

      {invitations.data && invitations.data.length > 0 && (
        <table className="plain-table stack-table" aria-label="Pending invitations">
          <thead>
            <tr>
              <th>Invited</th>
              <th>Role</th>
              <th>By</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((i) => (
              <tr key={i.id} data-invitation-id={i.id}>
                <td>
                  {i.email} <span className="muted small">pending</span>
                </td>
                <td data-label="Role">{ROLE_LABELS[i.role] ?? i.role}</td>
                <td data-label="By">{i.created_by ?? ''}</td>
                <td data-label="Expires">{formatDateTime(i.expires_at)}</td>
                <td className="actions-cell">
                  {(i.role !== 'owner' || session.can.owner) && (
                    <ConfirmButton label="Revoke…" confirmLabel="Yes, revoke" ariaLabel={`Revoke the invitation to ${i.email}`} pending={revoke.isPending} onConfirm={() => revoke.mutate(i)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <QueryState query={users} loading="Loading users…">
        {(data) => (
          <table className="plain-table stack-table" aria-label="Users">
            <thead>
              <tr>
                <th>E-mail</th>
                <th>Name</th>
                <th>Role</th>
                <th>Joined</th>
                <th>Last sign-in here</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.map((u) => {
                const self = u.id === session.user.id;
                // An admin cannot change or remove an owner; nobody edits their own role here.
                const locked = self || (u.role === 'owner' && !session.can.owner);
                return (
                  <tr key={u.id} data-user-id={u.id}>
                    <td>
                      {u.email}
                      {self && <span className="muted small"> (you)</span>}
                    </td>
                    <td data-label="Name">{u.name ?? ''}</td>
                    <td data-label="Role">
                      {locked ? (
                        ROLE_LABELS[u.role] ?? u.role
                      ) : (
                        <select aria-label={`Role of ${u.email}`} value={u.role} disabled={changeRole.isPending} onChange={(e) => changeRole.mutate({ user: u, role: e.target.value as Role })}>
                          {roleOptions}
                        </select>
                      )}
                    </td>
                    <td data-label="Joined">{formatDateTime(u.joined_at)}</td>
                    <td data-label="Last sign-in here"><TimeOrNever at={u.last_login_at} /></td>
                    <td className="actions-cell">
                      {!locked && <ConfirmButton label="Remove…" confirmLabel="Yes, remove" ariaLabel={`Remove ${u.email}`} pending={remove.isPending} onConfirm={() => remove.mutate(u)} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
