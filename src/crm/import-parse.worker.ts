/** Worker thread of import-parse.ts: parses and validates one CSV file, posting a batch at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { EntityName } from '../core/entities.js';
import { parseCsvFile, type ParseOptions } from './import-parse.js';

const port = parentPort!;
const { file, entityName, opts } = workerData as { file: string; entityName: EntityName; opts: ParseOptions };
let release: (() => void) | undefined;
port.on('message', (m) => {
  if (m === 'ack') release?.();
});

try {
  const outcome = await parseCsvFile(file, entityName, opts, async (batch) => {
    const acked = new Promise<void>((r) => (release = r));
    port.postMessage({ type: 'batch', batch });
    await acked;
  });
  port.postMessage({ type: 'done', outcome });
} catch (e) {
  const err = e as { message?: string; code?: string };
  port.postMessage({ type: 'error', message: err.message ?? String(e), code: err.code });
}
