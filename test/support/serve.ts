/**
 * A real listening server for API suites, with authentication on: an owner of the workspace and an API token for
 * them, and a JSON client that sends it. Suites that test access itself make more users with `member()`.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppOptions } from '../../src/delivery/api/app.js';
import { DEFAULT_WORKSPACE, type Crm } from '../../src/crm/index.js';
import type { Role, TokenScope } from '../../src/storage/index.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { SAMPLE_DIR, type BackendContext } from './backends.js';
import { jsonClient } from './http.js';

export type Call = ReturnType<typeof jsonClient>;

export interface TestServer {
  app: FastifyInstance;
  base: string;
  /** The owner's token. */
  token: string;
  /** JSON calls as the owner (extra headers override). */
  call: ReturnType<typeof jsonClient>;
  /** Plain fetch of a path as the owner (uploads, CSV downloads). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** JSON calls without credentials (extra headers are all that is sent). */
  anonymous: ReturnType<typeof jsonClient>;
  /** A member of `ws` with `role` (a new account per call) and a token of theirs; calls made as them. */
  member(role: Role, opts?: { ws?: string; scope?: TokenScope }): Promise<{ email: string; userId: string; token: string; call: ReturnType<typeof jsonClient> }>;
  close(): Promise<void>;
}

let serial = 0;

export async function serveForTest(opts: AppOptions & { workspace?: string }): Promise<TestServer> {
  const crm: Crm = opts.crm;
  // Generous API limits: suites send thousands of requests from one address (the rate-limit suite sets its own).
  const app = await createApp({ auth: { mode: 'on', apiRateLimit: false, loginRateLimit: { max: 10_000, windowMs: 60_000 } }, ...opts });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const bearer = (token: string) => {
    const plain = jsonClient(() => base);
    return ((method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => plain(method, url, body, { authorization: `Bearer ${token}`, ...headers })) as ReturnType<typeof jsonClient>;
  };
  const member: TestServer['member'] = async (role, o = {}) => {
    const ws = o.ws ?? opts.workspace ?? DEFAULT_WORKSPACE;
    const email = `${role}-${++serial}-${process.pid}@test.example`;
    const { user } = await crm.access.addUser(ws, { email, role, password: 'correct horse battery' }, { actor: null });
    const { token } = await crm.access.createToken(ws, user.id, { name: 'test', scope: o.scope ?? (role === 'read-only' ? 'read' : 'read-write') }, null);
    return { email, userId: user.id, token, call: bearer(token) };
  };
  const owner = await member('owner');
  const ownerFetch = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${owner.token}`, ...(init.headers as Record<string, string> | undefined) } });
  return { app, base, token: owner.token, call: owner.call, fetch: ownerFetch, anonymous: jsonClient(() => base), member, close: () => app.close() };
}

/**
 * The bundled sample imported into the default workspace, the intelligence layer on 16-d hashing vectors, and a
 * server for it: the set-up of the suites that go through every route. `close` stops both.
 */
export async function serveSample(crm: Crm): Promise<TestServer & { intelligence: Intelligence }> {
  await crm.importer.importDirectory(DEFAULT_WORKSPACE, SAMPLE_DIR);
  const intelligence = createIntelligence(crm, { provider: new HashingProvider(16), worker: false });
  await intelligence.start();
  const server = await serveForTest({ crm, intelligence });
  return {
    ...server,
    intelligence,
    close: async () => {
      await server.close();
      await intelligence.stop();
    },
  };
}

/**
 * The usual set-up of an API suite: a server for the suite's database, started before its tests and closed after
 * them. `call` sends as the owner; `server()` is the running server (members, uploads).
 */
export function serveSuite(ctx: () => BackendContext, opts: Omit<AppOptions, 'crm'> & { workspace?: string } = {}): { call: Call; server: () => TestServer } {
  let running: TestServer | undefined;
  beforeAll(async () => {
    running = await serveForTest({ crm: ctx().crm, ...opts });
  });
  afterAll(async () => {
    await running?.close();
  });
  const server = () => {
    if (!running) throw new Error('the suite\'s server is not started yet');
    return running;
  };
  return { call: ((...a: Parameters<Call>) => server().call(...a)) as Call, server };
}
