/**
 * Parser isolation: readers of hostile-prone formats (PDF, Office zips, images, HTML, mail) run in worker threads
 * (reader.worker.ts), one file at a time per worker, each with
 *   - a time limit: past it the worker is terminated (a CPU-bound loop in a parser cannot be interrupted otherwise),
 *   - a heap cap (`resourceLimits`): a parser that balloons kills its worker, not the server,
 *   - no network: the worker replaces sockets, DNS and fetch with functions that throw before any reader loads.
 * A dead worker is replaced on the next file. Workers are long-lived (a reader's libraries load once), unref'd
 * while idle so they never keep a process alive, and stopped after a minute without work.
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../core/worker-thread.js';
import { IngestFileError, type ExtractContext, type Extraction, type Ingester } from './types.js';

/** What a worker is sent for one file (ctx without its functions: they cannot cross threads). */
export interface ReaderJob {
  id: number;
  module: string;
  name: string;
  bytes: Uint8Array;
  ctx: Omit<ExtractContext, 'vocabulary'>;
}

export type ReaderReply =
  | { id: number; ok: true; extraction: Extraction }
  | { id: number; ok: false; message: string; code?: string; fileError: boolean };

export interface ReaderPoolOptions {
  /** Workers at most (files beyond wait their turn). */
  size?: number;
  /** A worker without work for this long is stopped. */
  idleMs?: number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
  /** The heap cap the worker was started with (a job asking for another gets another worker). */
  memoryMb: number;
}

interface Waiting {
  start(slot: Slot): void;
  memoryMb: number;
}

/** The environment a reader worker sees (OCR caches its model under CRM_DATA_DIR; temp files; locale). */
const READER_ENV = ['CRM_DATA_DIR', 'TMPDIR', 'HOME', 'PATH', 'LANG'];

/** Reads in this thread within a time limit (an ingester that is not isolated: light parsers, child-process readers). */
export function readInProcess(ingester: Ingester, bytes: Uint8Array, ctx: ExtractContext, timeoutMs: number): Promise<Extraction> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(fileError(`reading the file took longer than ${Math.round(timeoutMs / 100) / 10} s`, 'timeout')), timeoutMs);
  });
  return Promise.race([ingester.extract(bytes, ctx), timeout]).finally(() => clearTimeout(timer));
}

function fileError(message: string, code: IngestFileError['code'] | 'timeout'): IngestFileError {
  // 'timeout' is reported like a corrupt file (a 400 naming the file) but keeps its own code for callers.
  return Object.assign(new IngestFileError(message, code === 'timeout' ? 'corrupt' : code), code === 'timeout' ? { reason: 'timeout' } : {});
}

export class ReaderPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Waiting[] = [];
  private readonly size: number;
  private readonly idleMs: number;
  private nextId = 1;
  private closed = false;

  constructor(opts: ReaderPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? 2);
    this.idleMs = opts.idleMs ?? 60_000;
  }

  /** Reads one file with `ingester` in a worker; rejects with an IngestFileError naming what went wrong. */
  read(ingester: Ingester & { isolate: { module: string; name: string } }, bytes: Uint8Array, ctx: ExtractContext, limits: { timeoutMs: number; memoryMb: number }): Promise<Extraction> {
    if (this.closed) return Promise.reject(new Error('the reader pool is closed'));
    const { vocabulary: _vocabulary, ...plainCtx } = ctx;
    const job: ReaderJob = { id: this.nextId++, module: ingester.isolate.module, name: ingester.isolate.name, bytes, ctx: plainCtx };
    return new Promise<Extraction>((resolve, reject) => {
      const start = (slot: Slot) => this.run(slot, job, limits.timeoutMs).then(resolve, reject);
      const slot = this.freeSlot(limits.memoryMb);
      if (slot) start(slot);
      else this.waiting.push({ start, memoryMb: limits.memoryMb });
    });
  }

  /** Stops every worker (shutdown, tests). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.slots];
    this.slots.clear();
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  /** An idle worker with this heap cap, or a new one when there is room (an idle one of another cap makes room). */
  private freeSlot(memoryMb: number): Slot | null {
    for (const s of this.slots) if (!s.busy && s.memoryMb === memoryMb) return s;
    if (this.slots.size >= this.size) {
      const idle = [...this.slots].find((s) => !s.busy);
      if (!idle) return null;
      this.retire(idle);
    }
    const worker = spawnModuleWorker(import.meta.url, 'reader.worker', null, {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb / 8)) },
      // A reader has no business with the server's secrets (tokens, database URLs): it gets the paths it needs only.
      env: Object.fromEntries(READER_ENV.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!])),
    });
    const slot: Slot = { worker, busy: false, idleTimer: null, memoryMb };
    this.slots.add(slot);
    return slot;
  }

  private retire(slot: Slot) {
    this.slots.delete(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    void slot.worker.terminate();
  }

  private run(slot: Slot, job: ReaderJob, timeoutMs: number): Promise<Extraction> {
    slot.busy = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.worker.ref();
    const { worker } = slot;
    return new Promise<Extraction>((resolve, reject) => {
      let done = false;
      const finish = (dead: boolean, settle: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (dead) this.retire(slot);
        else this.release(slot);
        settle();
      };
      const onMessage = (reply: ReaderReply) => {
        if (reply.id !== job.id) return;
        if (reply.ok) finish(false, () => resolve(reply.extraction));
        else if (reply.fileError) finish(false, () => reject(new IngestFileError(reply.message, (reply.code as IngestFileError['code']) ?? 'corrupt')));
        // Anything else a parser throws is the file's fault too: it is unreadable, not a server error.
        else finish(false, () => reject(new IngestFileError(`the reader failed on it (${reply.message})`)));
      };
      const onError = (e: Error & { code?: string }) => {
        const message = e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `reading it needed more than the reader's memory cap (${slot.memoryMb} MiB)`
          : `the reader crashed on it (${e.message})`;
        finish(true, () => reject(fileError(message, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_large' : 'corrupt')));
      };
      const onExit = (code: number) => finish(true, () => reject(fileError(`the reader stopped while reading it (exit code ${code})`, 'corrupt')));
      const timer = setTimeout(() => finish(true, () => reject(fileError(`reading the file took longer than ${Math.round(timeoutMs / 100) / 10} s`, 'timeout'))), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  private release(slot: Slot) {
    slot.busy = false;
    const same = this.waiting.findIndex((w) => w.memoryMb === slot.memoryMb);
    if (same >= 0) {
      slot.busy = true; // taken before the waiting file's run starts, so no other file claims it meanwhile
      return this.waiting.splice(same, 1)[0]!.start(slot);
    }
    const other = this.waiting.shift();
    if (other) {
      // Another heap cap is wanted: this worker makes room for one started with it.
      this.retire(slot);
      return other.start(this.freeSlot(other.memoryMb)!);
    }
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => this.retire(slot), this.idleMs);
    slot.idleTimer.unref();
  }
}
