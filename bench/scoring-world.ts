/**
 * A CRM data directory in the shared formats imported into a fresh SQLite workspace for the scoring benches,
 * stage history included (the CRM's import takes stage_history.csv after deals).
 */
import fs from 'node:fs';
import { fixedClock, type Clock } from '../src/core/clock.js';
import { createCrm, prepareStorage, type Crm } from '../src/crm/index.js';
import { openStorage } from '../src/storage/connect.js';
import type { Storage } from '../src/storage/index.js';

export interface ImportedWorkspace {
  storage: Storage;
  crm: Crm;
  clock: Clock;
  ws: string;
}

export async function importWorkspace(dir: string, dataDir: string, asOf: string): Promise<ImportedWorkspace> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const storage = await openStorage({ dataDir });
  const clock = fixedClock(asOf);
  await prepareStorage(storage, clock);
  const crm = createCrm({ storage, clock });
  const ws = 'default';
  const report = await crm.importer.importDirectory(ws, dir);
  if (!report.ok) throw new Error(`${dir} did not import: ${JSON.stringify(report.files.flatMap((f) => f.errors).slice(0, 3))}`);
  await storage.optimize();
  return { storage, crm, clock, ws };
}
