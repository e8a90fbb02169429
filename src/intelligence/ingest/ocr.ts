/**
 * Optical character recognition with tesseract.js and the English model shipped in the npm package
 * `@tesseract.js-data/eng`: `langPath` points at that package's folder so nothing is ever fetched from a CDN (the
 * server works with the network off). One worker is started on first use and reused for every image (starting one
 * costs ~1 s and ~100 MB); images are recognised one at a time, which also bounds CPU use on a shared machine.
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorker, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);

/** Where tesseract keeps its unpacked model: the data directory's tmp folder (CRM_DATA_DIR), else the system's. */
function cacheDir(): string {
  const base = process.env.CRM_DATA_DIR ? path.join(path.resolve(process.env.CRM_DATA_DIR), 'tmp') : os.tmpdir();
  const dir = path.join(base, 'hololoom-tesseract');
  mkdirSync(dir, { recursive: true });
  return dir;
}

let worker: Promise<Worker> | null = null;
/** Recognitions run one after another on the one worker. */
let queue: Promise<unknown> = Promise.resolve();

function ocrWorker(): Promise<Worker> {
  if (!worker) {
    const eng = require('@tesseract.js-data/eng') as { langPath: string; gzip: boolean };
    worker = createWorker('eng', 1, { langPath: eng.langPath, gzip: eng.gzip, cachePath: cacheDir() });
    worker.catch(() => { worker = null; });
  }
  return worker;
}

/** The text of an image (PNG, JPEG), lines separated by '\n', and tesseract's mean confidence (0–1). */
export function recogniseImage(bytes: Uint8Array): Promise<{ text: string; confidence: number }> {
  const run = queue.then(async () => {
    const w = await ocrWorker();
    const { data } = await w.recognize(Buffer.from(bytes));
    return { text: data.text.replace(/\r\n/g, '\n').trim(), confidence: Math.max(0, Math.min(1, data.confidence / 100)) };
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Stops the worker (tests, shutdown); the next recognition starts a new one. */
export async function stopOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await (await w).terminate();
}
