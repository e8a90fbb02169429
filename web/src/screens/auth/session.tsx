/**
 * Who is signed in, in which workspace, with which role. Reads GET /api/auth/session once; a 401 from any call
 * afterwards (session expired, password changed elsewhere) sends the person to /signin with the page they were
 * on, so signing in brings them back there. The CSRF token and the chosen workspace (kept in localStorage) go
 * with every call through web/src/api/http.ts.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { currentSession, logout, type Role, type Session } from '../../api/auth';
import { ApiError, onUnauthorized, setCsrfToken, setWorkspaceHeader } from '../../api/http';

const WORKSPACE_KEY = 'crm.workspace';

export interface Permissions {
  /** Create, edit, delete records; import; save views (member and up). */
  write: boolean;
  /** Users, audit log, erasure, model training and rollout, experiments (admin and owner). */
  admin: boolean;
  /** Grants the owner role. */
  owner: boolean;
}

export function permissionsOf(role: Role): Permissions {
  return { write: role !== 'read-only', admin: role === 'admin' || role === 'owner', owner: role === 'owner' };
}

/** `to`: where a sign-out or an ended session sends the person (else the sign-in page, back to where they are). */
type Status = { state: 'loading' } | { state: 'signed-out'; to?: string } | { state: 'signed-in'; session: Session } | { state: 'error'; error: unknown };

interface SessionApi {
  status: Status;
  /** After a successful POST /api/auth/login. */
  signedIn: (s: Session) => Promise<void>;
  signOut: () => Promise<void>;
  switchWorkspace: (id: string) => Promise<void>;
  retry: () => void;
  /** Reads the session again (after a password change the server may hand out a new CSRF token). */
  refresh: () => Promise<void>;
  /** After POST /api/auth/sign-out-everywhere: this session is gone too. */
  signedOutEverywhere: () => void;
}

const SessionContext = createContext<SessionApi | null>(null);

function storedWorkspace(): string | null {
  try {
    return localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
}

function storeWorkspace(id: string | null) {
  try {
    if (id) localStorage.setItem(WORKSPACE_KEY, id);
    else localStorage.removeItem(WORKSPACE_KEY);
  } catch {
    /* private mode: the choice lasts this page only */
  }
}

/** A path to come back to after signing in: this app's own, never the sign-in page itself. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin')) return '/';
  return next;
}

export function signInPath(from: string): string {
  const next = safeNext(from);
  return next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef('/');
  here.current = `${location.pathname}${location.search}`;

  const apply = useCallback((s: Session) => {
    setCsrfToken(s.csrf_token ?? null);
    forgetStrangerWorkspace(s);
    // Every later call names the workspace this session answered for, so screens and roles agree.
    setWorkspaceHeader(s.workspace.id);
    setStatus({ state: 'signed-in', session: s });
  }, []);

  const load = useCallback(async () => {
    setStatus({ state: 'loading' });
    setWorkspaceHeader(storedWorkspace());
    try {
      apply(await currentSession());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setStatus({ state: 'signed-out' });
      // A stored workspace this person no longer belongs to: forget it and ask again for their default one.
      if (e instanceof ApiError && (e.status === 403 || e.status === 404) && storedWorkspace()) {
        storeWorkspace(null);
        setWorkspaceHeader(null);
        return load();
      }
      setStatus({ state: 'error', error: e });
    }
  }, [apply]);

  useEffect(() => {
    void load();
  }, [load]);

  const signedOut = useCallback(
    (from: string | null) => {
      setCsrfToken(null);
      setWorkspaceHeader(null);
      const to = from ? signInPath(from) : '/signin';
      // The screens behind the sign-in may render once more before the navigation lands: they go to `to` too.
      setStatus({ state: 'signed-out', to });
      navigate(to, { replace: true });
      qc.clear();
    },
    [qc, navigate],
  );

  useEffect(() => {
    onUnauthorized(() => {
      if (here.current.startsWith('/signin')) return;
      signedOut(here.current);
    });
    return () => onUnauthorized(null);
  }, [signedOut]);

  const api = useMemo<SessionApi>(
    () => ({
      status,
      signedIn: async (s) => {
        qc.clear();
        // Back to the workspace this browser last worked in, when this person belongs to it.
        const wanted = storedWorkspace();
        if (wanted && wanted !== s.workspace.id && s.workspaces.some((w) => w.id === wanted)) {
          setCsrfToken(s.csrf_token ?? null);
          setWorkspaceHeader(wanted);
          s = await currentSession().catch(() => s);
        }
        apply(s);
      },
      signOut: async () => {
        try {
          await logout();
        } finally {
          signedOut(null);
        }
      },
      switchWorkspace: async (id) => {
        const before = status.state === 'signed-in' ? status.session.workspace.id : null;
        setWorkspaceHeader(id);
        let s: Session;
        try {
          s = await currentSession();
        } catch (e) {
          setWorkspaceHeader(before); // refused (no longer a member …): stay where we were
          throw e;
        }
        storeWorkspace(id);
        qc.clear();
        apply(s);
        // A record of the workspace left behind is not in this one: go to the list it belonged to.
        const top = here.current.split(/[/?]/)[1] ?? '';
        navigate(`/${top}`);
      },
      signedOutEverywhere: () => signedOut(null),
      retry: () => void load(),
      refresh: async () => apply(await currentSession()),
    }),
    [status, qc, apply, signedOut, navigate, load],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

/** A stored workspace this person is not a member of (any more) is forgotten. */
function forgetStrangerWorkspace(s: Session) {
  const id = storedWorkspace();
  if (id && !s.workspaces.some((w) => w.id === id)) storeWorkspace(null);
}

export function useSessionApi(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSessionApi outside SessionProvider');
  return ctx;
}

/** The signed-in session: only under <RequireSession>, where there is one. */
export function useSession(): Session & { can: Permissions } {
  const { status } = useSessionApi();
  const session = status.state === 'signed-in' ? status.session : null;
  const value = useMemo(() => session && { ...session, can: permissionsOf(session.role) }, [session]);
  if (!value) throw new Error('useSession without a session');
  return value;
}

/** What the current role may do; nothing while no one is signed in. */
export function useCan(): Permissions {
  const ctx = useContext(SessionContext);
  return ctx?.status.state === 'signed-in' ? permissionsOf(ctx.status.session.role) : { write: false, admin: false, owner: false };
}
