/**
 * Settings: the person's password and API tokens; for admins and owners also the workspace's users and the
 * audit log. Loaded in its own chunk. The server enforces every rule; this screen only hides what a role can't do.
 */
import { lazy, Suspense } from 'react';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { Empty, Loading } from '../../ui/States';
import { useSession } from '../auth/session';
import { AuditPanel } from './AuditPanel';
import { DealsPanel } from './DealsPanel';
import { OutreachPanel } from './OutreachPanel';
import { AccountPanel } from './PasswordPanel';
import { TokensPanel } from './TokensPanel';
import { UsersPanel } from './UsersPanel';

// Models (scoring strategies, training, rollout, experiments): admins only, in a chunk of its own.
const ModelsScreen = lazy(() => import('../models/ModelsScreen'));

export default function SettingsScreen() {
  const session = useSession();
  const admin = session.can.admin;
  const signedIn = session.auth === 'session';
  const tabs = [
    ...(admin ? [{ to: '/settings/users', label: 'Users' }] : []),
    // Without sign-in (AUTH=off) the API asks for no token, and there is no password.
    ...(signedIn ? [{ to: '/settings/tokens', label: 'API tokens' }] : []),
    ...(admin ? [{ to: '/settings/audit', label: 'Audit log' }] : []),
    ...(admin ? [{ to: '/settings/deals', label: 'Deals' }] : []),
    ...(admin ? [{ to: '/settings/outreach', label: 'Outreach' }] : []),
    ...(signedIn ? [{ to: '/settings/password', label: 'Password & sign-ins' }] : []),
    ...(admin ? [{ to: '/settings/models', label: 'Models' }] : []),
  ];
  const offNote = <Empty title="This server runs without sign-in (AUTH=off).">There are no sessions, passwords or API tokens to manage.</Empty>;
  const adminOnly = <Empty title="Only admins and owners can see this.">Ask an admin of {session.workspace.name} if you need it.</Empty>;
  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p className="muted small">
            {session.workspace.name} · signed in as {session.user.email}
          </p>
        </div>
      </header>
      <nav className="tabs" aria-label="Settings sections">
        {tabs.map((t) => (
          <NavLink key={t.to} to={t.to} className={({ isActive }) => `tab ${isActive ? 'active' : ''}`}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      {/* Absolute links: relative ones in a splat route resolve against the whole URL (React Router 7). */}
      <Routes>
        <Route index element={<Navigate to={admin ? '/settings/users' : '/settings/tokens'} replace />} />
        <Route path="users" element={admin ? <UsersPanel /> : adminOnly} />
        <Route path="tokens" element={signedIn ? <TokensPanel /> : offNote} />
        <Route path="audit" element={admin ? <AuditPanel /> : adminOnly} />
        <Route path="deals" element={admin ? <DealsPanel /> : adminOnly} />
        <Route path="outreach" element={admin ? <OutreachPanel /> : adminOnly} />
        <Route path="password" element={signedIn ? <AccountPanel /> : offNote} />
        <Route
          path="models"
          element={
            admin ? (
              <Suspense fallback={<Loading label="Loading models…" />}>
                <ModelsScreen />
              </Suspense>
            ) : (
              adminOnly
            )
          }
        />
        <Route path="*" element={<Navigate to="/settings" replace />} />
      </Routes>
    </section>
  );
}
