/** The app behind the sign-in: a session, or the sign-in page with the way back to where the person was. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { signInPath, useCan, useSessionApi } from './session';

export function RequireSession({ children }: { children: ReactNode }) {
  const { status, retry } = useSessionApi();
  const location = useLocation();
  if (status.state === 'loading') return <Loading label="Loading…" />;
  if (status.state === 'error') return <ErrorState error={status.error} onRetry={retry} />;
  if (status.state === 'signed-out') return <Navigate to={status.to ?? signInPath(`${location.pathname}${location.search}`)} replace />;
  return <>{children}</>;
}

/** A screen that only changes data (import): a read-only role is told so instead. */
export function RequireWrite({ children }: { children: ReactNode }) {
  const can = useCan();
  if (!can.write) return <Empty title="Your role in this workspace is read-only.">Ask an admin for the member role to import or change records.</Empty>;
  return <>{children}</>;
}
