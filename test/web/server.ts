/**
 * The real HTTP server for browser tests: a fresh SQLite database (the test helper's temp dir), the shared data
 * set (or the bundled sample when it is absent), semantic memory on the hashing provider, the built web app.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/delivery/api/app.js';
import { REPO_ROOT } from '../../src/delivery/web/paths.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { subscribeMemory } from '../../src/intelligence/memory/embedding-queue.js';
import { openTestCrm, SAMPLE_DIR, SHARED_CRM_DIR, type BackendContext } from '../support/backends.js';

export interface WebTestServer {
  base: string;
  ctx: BackendContext;
  dataDir: string;
  close: () => Promise<void>;
}

export async function startWebTestServer(): Promise<WebTestServer> {
  // A production build, in its own process (the test runner's NODE_ENV must not leak into the bundle).
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['src/delivery/web/build.ts', '--if-stale'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  process.env.EMBEDDING_PROVIDER = 'hashing';
  const { ctx, cleanup } = await openTestCrm('sqlite');
  subscribeMemory(ctx.crm);
  const dataDir = fs.existsSync(path.join(SHARED_CRM_DIR, 'companies.csv')) ? SHARED_CRM_DIR : SAMPLE_DIR;
  const report = await ctx.crm.importer.importDirectory('default', dataDir);
  if (!report.ok) throw new Error(`demo data did not import: ${JSON.stringify(report.files.flatMap((f) => f.errors).slice(0, 3))}`);
  const intelligence: Intelligence = createIntelligence(ctx.crm, { worker: false });
  await intelligence.worker.drain();
  await intelligence.memory.load();
  const app: FastifyInstance = await createApp({ crm: ctx.crm, intelligence });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    ctx,
    dataDir,
    close: async () => {
      await app.close();
      await intelligence.stop();
      await cleanup();
    },
  };
}
