/**
 * The workspace's people (admins and owners): add someone with a role (and a password, or one the server makes
 * up and shows once), change a role, remove someone from this workspace. Only an owner may grant the owner role.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLES, ROLE_LABELS, addUser, listUsers, removeUser, setUserRole, type Role, type WorkspaceUser } from '../../api/auth';
import { formatDateTime } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useSession } from '../auth/session';
import { CopyField } from './CopyField';
import { ConfirmButton } from '../../ui/ConfirmButton';

const usersKey = ['settings', 'users'] as const;

export function UsersPanel() {
  const session = useSession();
  const qc = useQueryClient();
  const toast = useToast();
  const users = useQuery({ queryKey: usersKey, queryFn: listUsers });
  // Roles this person may hand out: an owner any, an admin all but owner.
  const grantable = ROLES.filter((r) => session.can.owner || r !== 'owner');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [password, setPassword] = useState('');
  const [added, setAdded] = useState<{ user: WorkspaceUser; password?: string } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: usersKey });

  const add = useMutation({
    mutationFn: () => addUser({ email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}), ...(password ? { password } : {}) }),
    onSuccess: (res) => {
      setAdded({ user: res.data, password: res.password });
      toast.show(`Added ${res.data.email} as ${ROLE_LABELS[res.data.role] ?? res.data.role}`, 'success');
      setEmail('');
      setName('');
      setPassword('');
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
      <form
        className="panel settings-form"
        aria-label="Add a user"
        onSubmit={(e) => {
          e.preventDefault();
          if (email.trim()) add.mutate();
        }}
      >
        <h2>Add a person to {session.workspace.name}</h2>
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
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label className="stack-field">
            <span>Password</span>
            <input type="password" aria-label="New user password" autoComplete="new-password" placeholder="empty: generate one" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="submit" className="button primary" disabled={!email.trim() || add.isPending}>
            {add.isPending ? 'Adding…' : 'Add user'}
          </button>
        </div>
        <p className="muted small">
          Read-only: reads everything. Member: also edits records, imports, saves views. Admin: also manages people, reads the audit log, erases contacts, trains models and runs
          experiments. Owner: also makes owners.
        </p>
      </form>

      {added?.password && (
        <div className="panel secret-panel" role="region" aria-label="Generated password">
          <strong>Password for {added.user.email}</strong>
          <p className="warning-text">Copy it now and give it to them: it will not be shown again.</p>
          <CopyField label="Generated password" value={added.password} />
          <div>
            <button type="button" className="button ghost" onClick={() => setAdded(null)}>
              Done
            </button>
          </div>
        </div>
      )}

      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <table className="plain-table" aria-label="Users">
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Name</th>
              <th>Role</th>
              <th>Added</th>
              <th>Last sign-in</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => {
              const self = u.id === session.user.id;
              // An admin cannot change or remove an owner; nobody edits their own role here.
              const locked = self || (u.role === 'owner' && !session.can.owner);
              return (
                <tr key={u.id} data-user-id={u.id}>
                  <td>
                    {u.email}
                    {self && <span className="muted small"> (you)</span>}
                  </td>
                  <td>{u.name ?? ''}</td>
                  <td>
                    {locked ? (
                      ROLE_LABELS[u.role] ?? u.role
                    ) : (
                      <select aria-label={`Role of ${u.email}`} value={u.role} disabled={changeRole.isPending} onChange={(e) => changeRole.mutate({ user: u, role: e.target.value as Role })}>
                        {grantable.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td>{formatDateTime(u.created_at)}</td>
                  <td>{u.last_login_at ? formatDateTime(u.last_login_at) : <span className="muted">never</span>}</td>
                  <td className="actions-cell">
                    {!locked && <ConfirmButton label="Remove…" confirmLabel="Yes, remove" ariaLabel={`Remove ${u.email}`} pending={remove.isPending} onConfirm={() => remove.mutate(u)} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
