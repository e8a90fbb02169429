/**
 * Signing in for the browser tests: an API client that logs in like the web app does (the session cookie, and
 * the CSRF token on writes), a browser context that carries that cookie, and sign-in through the UI.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Credentials } from './server.js';

export type Json = Record<string, any>;

export interface SessionClient {
  session: Json;
  cookie: string;
  /** fetch with the session cookie (and the CSRF token on writes); JSON bodies as objects. */
  call: (path: string, init?: { method?: string; json?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; body: Json }>;
  /** GET/POST … answering the JSON body; throws on an error status. */
  api: (path: string, init?: { method?: string; json?: unknown; headers?: Record<string, string> }) => Promise<Json>;
}

export async function apiLogin(base: string, who: Credentials): Promise<SessionClient> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) });
  const session = (await res.json()) as Json;
  if (res.status !== 200) throw new Error(`sign-in as ${who.email} failed: ${res.status} ${JSON.stringify(session)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('crm_session='));
  if (!cookie) throw new Error('sign-in set no crm_session cookie');
  const pair = cookie.split(';')[0]!;
  const call: SessionClient['call'] = async (path, init = {}) => {
    const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = { cookie: pair, ...(init.headers ?? {}) };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = session.csrf_token as string;
    const r = await fetch(`${base}${path}`, { method, headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  return {
    session,
    cookie: pair.slice('crm_session='.length),
    call,
    api: async (path, init) => {
      const r = await call(path, init);
      if (r.status >= 400) throw new Error(`${init?.method ?? 'GET'} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
}

/** The browser context carries the session cookie: pages open signed in (the app reads its CSRF token itself). */
export async function useSessionCookie(context: BrowserContext, base: string, client: SessionClient): Promise<void> {
  await context.addCookies([{ name: 'crm_session', value: client.cookie, url: base, httpOnly: true, sameSite: 'Lax' }]);
}

/** Signs in through the sign-in page: the one the app sent this page to, or /signin on a blank page. */
export async function signInThroughUi(page: Page, base: string, who: Credentials): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(`${base}/signin`);
  await page.waitForURL((u) => u.pathname === '/signin');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname !== '/signin');
}
