/**
 * The live CRM the bench drives: the shared data set imported once into a base SQLite database (contact and
 * company shards embedded as a server would; kept in bench/.data/nba-base and reused while the data directory and
 * the embedding model stay the same: embedding takes minutes on a busy 2-core machine), then, for each policy run, a copy of that base (a fresh workspace
 * whose learner starts from nothing) behind the real HTTP app on a free port, wired as `crm serve` wires it. The
 * server's clock is the simulation's: the bench moves it forward before every step, so "recent touches" and
 * outcome times on the server follow simulated time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock, toTimestamp } from '../../src/core/clock.js';
import { generatePassword } from '../../src/crm/access/passwords.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage, type Crm } from '../../src/crm/index.js';
import { createApp } from '../../src/delivery/api/app.js';
import { loadConfig } from '../../src/delivery/config.js';
import { createEmbeddingProvider } from '../../src/intelligence/embeddings/index.js';
import type { IntelligenceSettings } from '../../src/core/config.js';
import { createIntelligence } from '../../src/intelligence/index.js';
import { enqueueAll } from '../../src/intelligence/memory/embedding-queue.js';
import { openStorage } from '../../src/storage/connect.js';
import { BENCH_AUTH } from '../credentials.js';

export interface LiveServer {
  base: string;
  headers: Record<string, string>;
  /** Moves the server's clock (ms since epoch). */
  setTime(ms: number): void;
  close(): Promise<void>;
}

const BASE_MARKER = 'nba-base.json';

/**
 * Imports `dataDir` into a new SQLite database in `dir` and embeds its contacts and companies, unless `dir` already
 * holds a base made from the same data directory (kept between runs with --base).
 */
export async function prepareBase(dir: string, dataDir: string, asOf: number, log: (s: string) => void, settings: IntelligenceSettings = loadConfig().intelligence): Promise<void> {
  const marker = path.join(dir, BASE_MARKER);
  const made = { dataDir, provider: createEmbeddingProvider(settings.embedding).model };
  if (fs.existsSync(marker)) {
    const was = JSON.parse(fs.readFileSync(marker, 'utf8')) as { dataDir?: string; provider?: string };
    if (was.dataDir === made.dataDir && was.provider === made.provider) {
      log(`reusing the base database in ${dir} (${dataDir} imported, embedded with ${made.provider})`);
      return;
    }
  }
  log(`making the base database in ${dir}: importing ${dataDir} and embedding its contacts and companies with ${made.provider} (once; later runs reuse it)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const clock = fixedClock(new Date(asOf).toISOString());
  const storage = await openStorage({ dataDir: dir });
  try {
    await prepareStorage(storage, clock);
    const crm = createCrm({ storage, clock });
    let t = performance.now();
    const report = await crm.importer.importDirectory(DEFAULT_WORKSPACE, dataDir);
    if (!report.ok) throw new Error(`${dataDir} did not import: ${JSON.stringify(report.files.flatMap((f) => f.errors).slice(0, 3))}`);
    log(`imported ${dataDir} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const intelligence = createIntelligence(crm, { settings, worker: false });
    try {
      // The features the next action may read from semantic memory are about contacts and their companies.
      await enqueueAll(storage, DEFAULT_WORKSPACE, toTimestamp(clock.now()), ['company', 'contact']);
      t = performance.now();
      const done = await intelligence.worker.drain();
      log(`embedded ${done.embedded} contact and company shards with ${intelligence.provider.model} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } finally {
      await intelligence.stop();
    }
    await storage.optimize();
  } finally {
    await storage.close();
  }
  fs.writeFileSync(marker, JSON.stringify({ ...made, at: new Date().toISOString() }));
}

/** An owner of the workspace and a read-write API token for them: the bench posts outcomes. */
async function ownerHeaders(crm: Crm): Promise<Record<string, string>> {
  const { user } = await crm.access.addUser(DEFAULT_WORKSPACE, { email: 'nba-bench@localhost', role: 'owner', password: generatePassword() }, { actor: 'bench' });
  const { token } = await crm.access.createToken(DEFAULT_WORKSPACE, user.id, { name: 'nba bench', scope: 'read-write' }, 'bench');
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** A copy of the base in `runDir` (replaced), served on a free port with the simulation's clock starting at `start`. */
export async function startServer(baseDir: string, runDir: string, start: number, settings: IntelligenceSettings = loadConfig().intelligence): Promise<LiveServer> {
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.cpSync(baseDir, runDir, { recursive: true });
  const clock = fixedClock(new Date(start).toISOString());
  const storage = await openStorage({ dataDir: runDir });
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(runDir, { recursive: true, force: true }), () => storage.close()];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    await prepareStorage(storage, clock);
    const crm = createCrm({ storage, clock });
    const intelligence = createIntelligence(crm, { settings, worker: false });
    // The deal strategy's exploration draws follow DEAL_STRATEGY_SEED (bench:deals sets it to the run's seed).
    const app = await createApp({ crm, intelligence, auth: BENCH_AUTH, strategySeed: loadConfig().strategySeed });
    cleanups.push(() => app.close());
    await intelligence.start();
    cleanups.push(() => intelligence.stop());
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    return { base, headers: await ownerHeaders(crm), setTime: (ms) => clock.set(new Date(ms).toISOString()), close };
  } catch (e) {
    await close();
    throw e;
  }
}
