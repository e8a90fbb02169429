/**
 * Signing in for the browser tests: an API client that logs in like the web app does (the session cookie, and
 * the CSRF token on writes), a browser context that carries that cookie, sign-in through the UI — and
 * `browserSuite()`, the set-up every suite shares (server, browser, a signed-in page, page helpers).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { artifactPath, launchBrowser } from './browser.js';
import { startWebTestServer, type Credentials, type WebTestServer } from './server.js';

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

/** What every browser suite starts with: a server, a browser, one signed-in page, the API as the owner. */
export interface BrowserSuite {
  server: WebTestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The API as the owner (session cookie and CSRF token), to set up data and check what the browser did. */
  owner: SessionClient;
  /** Uncaught errors of the page: a suite ends by expecting none. */
  pageErrors: string[];
  /** The owner's call's JSON body, whatever the status. */
  api: (path: string, init?: { method?: string; json?: unknown }) => Promise<Json>;
  goto: (path: string) => Promise<void>;
  /** A screenshot of the viewport into test/web/artifacts/<name>.png. */
  shot: (name: string) => Promise<void>;
  /** 390 × 844 (after the layout's own transition) and back to 1440 × 900. */
  phone: () => Promise<void>;
  desktop: () => Promise<void>;
  /** Another browser context (its own size or time zone), signed in with the owner's cookie unless `signedIn: false`. */
  newPage: (options?: BrowserContextOptions, opts?: { signedIn?: boolean }) => Promise<Page>;
}

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface BrowserSuiteOptions {
  /** 'cookie' (default): the page starts signed in; 'ui': through the sign-in page, as a person would. */
  signIn?: 'cookie' | 'ui';
  auth?: 'on' | 'off';
  context?: BrowserContextOptions;
  timeout?: number;
}

/**
 * Registers the suite's beforeAll/afterAll and answers an object whose fields are there once beforeAll has run
 * (read them inside tests, not at collection time).
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const server = await startWebTestServer({ auth: options.auth });
    const browser = await launchBrowser();
    const owner = options.auth === 'off' ? (null as unknown as SessionClient) : await apiLogin(server.base, server.owner);
    const pageErrors: string[] = [];
    const newPage = async (contextOptions: BrowserContextOptions = {}, { signedIn = options.signIn !== 'ui' } = {}) => {
      const context = await browser.newContext({ viewport: DESKTOP, ...contextOptions });
      contexts.push(context);
      if (owner && signedIn) await useSessionCookie(context, server.base, owner);
      const page = await context.newPage();
      page.setDefaultTimeout(options.timeout ?? 15_000);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      return page;
    };
    const page = await newPage(options.context);
    if (owner && options.signIn === 'ui') {
      // The app asks for a sign-in first; the session then lasts for every test of the suite.
      await page.goto(`${server.base}/`);
      await page.waitForURL(/\/signin/);
      await signInThroughUi(page, server.base, server.owner);
    }
    Object.assign(suite, {
      server,
      browser,
      context: page.context(),
      page,
      owner,
      pageErrors,
      newPage,
      api: async (path: string, init?: { method?: string; json?: unknown }) => (await owner.call(path, init)).body,
      goto: async (path: string) => void (await suite.page.goto(`${server.base}${path}`)),
      shot: async (name: string) => void (await suite.page.screenshot({ path: artifactPath(`${name}.png`), fullPage: false })),
      phone: async () => {
        await suite.page.setViewportSize(PHONE);
        await suite.page.waitForTimeout(500); // the layout's own transition settles
      },
      desktop: () => suite.page.setViewportSize(DESKTOP),
    } satisfies BrowserSuite);
  }, 300_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** Drops a CSV file of `text` on the Import screen's drop zone, as a user dragging it from their desktop would. */
export async function dropCsv(page: Page, name: string, text: string): Promise<void> {
  const drop = await page.evaluateHandle(
    ([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t!], n!, { type: 'text/csv' }));
      return dt;
    },
    [name, text],
  );
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: drop });
}
