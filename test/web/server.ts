/**
 * The real HTTP server for browser tests: a fresh SQLite database (the test helper's temp dir), the shared data
 * set (or the bundled sample when it is absent), semantic memory on the hashing provider, the built web app,
 * and authentication ON with one owner (`owner`) to sign in as.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/delivery/api/app.js';
import { REPO_ROOT } from '../../src/delivery/web/paths.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { subscribeMemory } from '../../src/intelligence/memory/embedding-queue.js';
import { openTestCrm, SAMPLE_DIR, SHARED_CRM_DIR, type BackendContext } from '../support/backends.js';

export interface Credentials {
  email: string;
  password: string;
}

/** The workspace's owner, made before the server starts (the CLI's `ensureFirstOwner` path). */
export const OWNER: Credentials & { name: string } = { email: 'olive.owner@example.test', password: 'correct horse battery staple', name: 'Olive Owner' };

export interface WebTestServer {
  base: string;
  owner: Credentials;
  ctx: BackendContext;
  /** The intelligence layer the server runs (scoring, memory); not started: suites subscribe what they need. */
  intelligence: Intelligence;
  dataDir: string;
  close: () => Promise<void>;
}

/** `auth: 'off'` serves the app as AUTH=off does (no sign-in; every request acts as the workspace's owner). */
export async function startWebTestServer({ auth = 'on' }: { auth?: 'on' | 'off' } = {}): Promise<WebTestServer> {
  // A production build, in its own process (the test runner's NODE_ENV must not leak into the bundle).
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['src/delivery/web/build.ts', '--if-stale'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  const { ctx, cleanup } = await openTestCrm('sqlite');
  subscribeMemory(ctx.crm);
  const dataDir = fs.existsSync(path.join(SHARED_CRM_DIR, 'companies.csv')) ? SHARED_CRM_DIR : SAMPLE_DIR;
  const report = await ctx.crm.importer.importDirectory('default', dataDir);
  if (!report.ok) throw new Error(`demo data did not import: ${JSON.stringify(report.files.flatMap((f) => f.errors).slice(0, 3))}`);
  const intelligence: Intelligence = createIntelligence(ctx.crm, { worker: false, provider: new HashingProvider() });
  // Next action's outcome inference, as `intelligence.start()` subscribes it: an activity made from a recommendation marks it acted on.
  intelligence.nextAction.subscribe(ctx.crm);
  await intelligence.worker.drain();
  await intelligence.memory.load();
  // The test clock stands still at TEST_NOW, which lies in the past for a real browser: a session cookie's
  // Expires (seven idle days from "now") would be dropped as already expired. Stand it still at today instead.
  ctx.clock.set(new Date().toISOString());
  await ctx.crm.access.addUser('default', { email: OWNER.email, name: OWNER.name, role: 'owner', password: OWNER.password }, { actor: null });
  // Auth on, as in production; no API-wide rate limit (a browser test makes thousands of calls a minute), and
  // room for the sign-ins of several suites from one address.
  const app: FastifyInstance = await createApp({
    crm: ctx.crm,
    intelligence,
    auth: { mode: auth, apiRateLimit: false, loginRateLimit: { max: 1000, windowMs: 60_000 } },
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    owner: OWNER,
    ctx,
    intelligence,
    dataDir,
    close: async () => {
      await app.close();
      await intelligence.stop();
      await cleanup();
    },
  };
}
