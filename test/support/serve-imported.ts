/**
 * A server for a data directory: its CSV files imported into the default workspace, the intelligence layer on
 * 32-d hashing vectors (no model to load), and a server for both — the set-up of the suites that train and score
 * on the shared data set. `start: true` also starts the intelligence layer's background work (embedding, retrain);
 * the scoring suites leave it off so nothing trains behind their backs. `close` stops both.
 */
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_WORKSPACE, type Crm } from '../../src/crm/index.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import type { BackendContext } from './backends.js';
import { serveForTest, type Call, type TestServer } from './serve.js';

export type ImportedServer = TestServer & { intelligence: Intelligence };

export async function serveImported(crm: Crm, dir: string, opts: { start?: boolean } = {}): Promise<ImportedServer> {
  const report = await crm.importer.importDirectory(DEFAULT_WORKSPACE, dir);
  if (!report.ok) throw new Error(`${dir} did not import: ${JSON.stringify(report.files.flatMap((f) => f.errors).slice(0, 3))}`);
  const intelligence = createIntelligence(crm, { provider: new HashingProvider(32), worker: false });
  if (opts.start) await intelligence.start();
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

/** serveImported for a suite: imported and served before its tests (`dir()` is read then), closed after them. */
export function serveImportedSuite(ctx: () => BackendContext, dir: () => string, opts: { start?: boolean } = {}): { call: Call; server: () => ImportedServer } {
  let running: ImportedServer | undefined;
  beforeAll(async () => {
    running = await serveImported(ctx().crm, dir(), opts);
  }, 120_000);
  afterAll(async () => {
    await running?.close();
  });
  const server = () => {
    if (!running) throw new Error("the suite's server is not started yet");
    return running;
  };
  return { call: ((...a: Parameters<Call>) => server().call(...a)) as Call, server };
}
