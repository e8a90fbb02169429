/**
 * Worker thread of import-parse.ts: parses and validates CSV files, one at a time, posting a batch at a time. It
 * stays up between files (import-parse.ts keeps idle workers for a while): starting one costs more CPU than
 * parsing 30,000 rows.
 */
import { parentPort } from 'node:worker_threads';
import type { EntityName } from '../core/entities.js';
import { parseCsvFile, type ParseOptions } from './import-parse.js';

const port = parentPort!;
/** Batches posted and not yet acknowledged: the worker parses on until `ahead` of them wait (bounded memory). */
let unacked = 0;
let release: (() => void) | undefined;

async function parse(file: string, entityName: EntityName, opts: ParseOptions, ahead: number) {
  unacked = 0;
  try {
    const outcome = await parseCsvFile(file, entityName, opts, async (batch) => {
      while (unacked >= ahead) await new Promise<void>((r) => (release = r));
      unacked++;
      port.postMessage({ type: 'batch', batch });
    });
    port.postMessage({ type: 'done', outcome });
  } catch (e) {
    const err = e as { message?: string; code?: string };
    port.postMessage({ type: 'error', message: err.message ?? String(e), code: err.code });
  }
}

port.on('message', (m: 'ack' | { type: 'parse'; file: string; entityName: EntityName; opts: ParseOptions; ahead: number }) => {
  if (m === 'ack') {
    unacked--;
    release?.();
  } else if (m.type === 'parse') void parse(m.file, m.entityName, m.opts, m.ahead);
});
