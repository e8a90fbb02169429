/**
 * A reader worker (isolation.ts): network access is cut before any reader's module loads, then each message is one
 * file to read with the ingester its module exports; the answer is the extraction or the error.
 */
import { parentPort } from 'node:worker_threads';
import { cutNetwork } from './no-network.js';
import type { Ingester } from './types.js';
import type { ReaderJob, ReaderReply } from './isolation.js';

cutNetwork();
const port = parentPort!;
port.on('message', async (job: ReaderJob) => {
  let reply: ReaderReply;
  try {
    const mod = (await import(job.module)) as Record<string, Ingester | undefined>;
    const ingester = mod[job.name];
    if (!ingester || typeof ingester.extract !== 'function') throw new Error(`${job.module} exports no ingester ${job.name}`);
    reply = { id: job.id, ok: true, extraction: await ingester.extract(job.bytes, job.ctx) };
  } catch (e) {
    const err = e as { message?: string; code?: string; name?: string; ingestFileError?: boolean };
    reply = { id: job.id, ok: false, message: err.message ?? String(e), code: err.code, fileError: err.name === 'IngestFileError' || err.ingestFileError === true };
  }
  port.postMessage(reply);
});
