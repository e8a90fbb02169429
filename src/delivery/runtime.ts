/** Opening the configured CRM for the server and the CLI: storage, migrations, default workspace, demo data. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage, type Crm } from '../crm/index.js';
import type { ImportOptions, ImportReport } from '../crm/import.service.js';
import { subscribeMemory } from '../intelligence/memory/embedding-queue.js';
import { openStorage, type StorageConfig } from '../storage/connect.js';
import type { AppConfig } from './config.js';

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
