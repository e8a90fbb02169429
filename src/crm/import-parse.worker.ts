/** Worker thread of import-parse.ts: parses and validates one CSV file, posting a batch at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { EntityName } from '../core/entities.js';
import { parseCsvFile, type ParseOptions } from './import-parse.js';

const port = parentPort!;
const { file, entityName, opts, ahead = 1 } = workerData as { file: string; entityName: EntityName; opts: ParseOptions; ahead?: number };
// Batches posted and not yet acknowledged: the worker parses on until `ahead` of them wait (bounded memory).
let unacked = 0;
let release: (() => void) | undefined;
port.on('message', (m) => {
  if (m !== 'ack') return;
  unacked--;
  release?.();
});

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
