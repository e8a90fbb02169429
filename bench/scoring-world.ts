/**
 * A CRM data directory in the shared formats imported into a fresh SQLite workspace for the scoring benches,
 * stage history included: the CRM's import takes stage_history.csv; appendStageHistory stores it through the
 * storage interface where a workspace has none yet (a database imported before the import took the file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixedClock, type Clock } from '../src/core/clock.js';
import { createCrm, prepareStorage, type Crm } from '../src/crm/index.js';
import { openStorage } from '../src/storage/connect.js';
import type { Storage } from '../src/storage/index.js';

export interface ImportedWorkspace {
  storage: Storage;
  crm: Crm;
  clock: Clock;
  ws: string;
  /** Stage moves stored from stage_history.csv by the bench itself (0 when the import took them). */
  appendedMoves: number;
}

export async function importWorkspace(dir: string, dataDir: string, asOf: string): Promise<ImportedWorkspace> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const storage = await openStorage({ dataDir });
  const clock = fixedClock(asOf);
  await prepareStorage(storage, clock);
  const crm = createCrm({ storage, clock });
  const ws = 'default';
  await crm.importer.importDirectory(ws, dir);
  const appendedMoves = await appendStageHistory(storage, ws, dir);
  await storage.optimize();
  return { storage, crm, clock, ws, appendedMoves };
}

/**
 * Stores DIR/stage_history.csv as the workspace's stage history unless it has moves already (the CRM's import took
 * the file). Returns how many moves it stored.
 */
export async function appendStageHistory(storage: Storage, ws: string, dir: string): Promise<number> {
  const file = path.join(dir, 'stage_history.csv');
  if (!fs.existsSync(file) || (await hasRecordedMoves(storage, ws))) return 0;
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as { deal_id: string; from_stage: string; to_stage: string; changed_at: string }[];
  await storage.stageHistory.append(
    ws,
    rows.map((r) => ({ deal_id: r.deal_id, from_stage: r.from_stage || null, to_stage: r.to_stage, at: r.changed_at.replace(/\.\d+Z$/, 'Z'), source: 'import' as const, actor: null })),
  );
  return rows.length;
}

/** Whether the workspace has moves between stages (an import of deals alone records each deal's first stage only). */
async function hasRecordedMoves(storage: Storage, ws: string): Promise<boolean> {
  for await (const batch of storage.stageHistory.all(ws)) if (batch.some((c) => c.from_stage !== null)) return true;
  return false;
}
