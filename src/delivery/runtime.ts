/** Opening the configured CRM for the server and the CLI: storage, migrations, default workspace, demo data. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage, type Crm } from '../crm/index.js';
import type { ImportOptions, ImportReport } from '../crm/import.service.js';
import { subscribeMemory } from '../intelligence/memory/embedding-queue.js';
import { openStorage, type StorageConfig } from '../storage/connect.js';
import type { AppConfig } from './config.js';
import type { FastifyInstance } from 'fastify';
import type { Intelligence } from '../intelligence/index.js';
import type { MetricsOptions, Readiness } from './api/metrics.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE_DATA_DIR = path.join(repoRoot, 'demo');
export const SHARED_DATA_DIR = path.resolve(repoRoot, '../shared/data/crm');

/** Where the configured database is, for opening it again (a training worker thread opens its own connection). */
export function storageConfigOf(config: AppConfig): StorageConfig {
  return { databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgSchema: config.databaseSchema };
}

export async function openCrm(config: AppConfig): Promise<{ crm: Crm; freshDatabase: boolean }> {
  const storage = await openStorage(storageConfigOf(config));
  const applied = await prepareStorage(storage);
  const crm = createCrm({ storage, settings: config.crm, access: { authCacheMs: config.authCacheMs } });
  // Every write path (API, import, merge, CLI) queues embedding work in its own transaction, so semantic
  // memory catches up whether or not an embedding worker is running right now.
  subscribeMemory(crm);
  return { crm, freshDatabase: applied.includes('0001-core') };
}

/** The demo data set: CRM_DEMO_DIR, else the shared data set beside the repo, else the bundled sample. */
export function demoDataDir(config: AppConfig): string {
  if (config.demoDir) return config.demoDir;
  return fs.existsSync(path.join(SHARED_DATA_DIR, 'companies.csv')) ? SHARED_DATA_DIR : SAMPLE_DATA_DIR;
}

export async function loadDemoData(crm: Crm, dir: string, opts: ImportOptions = {}): Promise<ImportReport> {
  return crm.importer.importDirectory(DEFAULT_WORKSPACE, dir, { source: 'import', ...opts });
}

/** /metrics as configured: off, behind a token, or this machine only (never behind a proxy without a token). */
export function metricsOptionsOf(config: AppConfig): MetricsOptions | false {
  return config.metrics ? { token: config.metricsToken, behindProxy: config.trustProxy } : false;
}

/**
 * Graceful shutdown on SIGTERM (a service manager, Kubernetes) or Ctrl-C: readiness turns 503 so a load balancer
 * stops sending; the server stops accepting connections and finishes the requests it has (new requests on kept-alive
 * connections get 503); the embedding worker finishes the batch in hand and retraining stops; the database closes.
 * Past `graceMs` it exits anyway (code 1), as does a second signal.
 */
export function drainOnSignal(parts: { crm: Crm; app?: FastifyInstance; intelligence?: Intelligence; readiness?: Readiness; graceMs: number; log?: (line: string) => void }): void {
  const log = parts.log ?? ((line: string) => console.error(line));
  let draining = false;
  const drain = async (signal: string) => {
    if (draining) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    draining = true;
    if (parts.readiness) parts.readiness.draining = true;
    log(`${signal}: finishing running requests and jobs (up to ${Math.round(parts.graceMs / 1000)} s)`);
    const timer = setTimeout(() => {
      log(`shutdown took longer than ${Math.round(parts.graceMs / 1000)} s: exiting with work unfinished (queued jobs stay queued)`);
      process.exit(1);
    }, parts.graceMs);
    timer.unref();
    try {
      await parts.app?.close();
      await parts.intelligence?.stop();
      await parts.crm.storage.close();
      process.exit(0);
    } catch (e) {
      log(`shutdown failed: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void drain('SIGTERM'));
  process.on('SIGINT', () => void drain('SIGINT'));
}
