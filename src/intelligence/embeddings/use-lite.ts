/**
 * The default embedding provider: Universal Sentence Encoder lite, run by a pool of worker threads (one per
 * core by default) so a 2-core machine embeds two batches at once and the server's event loop stays free.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../core/worker-thread.js';
import type { EmbeddingProvider, EmbedOptions } from './provider.js';
import type { SharedStaticTable, StaticPool } from './use-static.js';
import type { UseWorkerData, UseWorkerRequest, UseWorkerResponse } from './use-worker.js';

export const USE_DIMENSIONS = 512;
/** Query texts whose vectors are kept (see `recent`): a few questions' worth. */
const RECENT_QUERY_TEXTS = 256;

/** Starts use-worker in a worker thread (TypeScript or compiled, see worker-thread.ts). */
export function spawnUseWorker(data: UseWorkerData): Worker {
  return spawnModuleWorker(import.meta.url, 'use-worker', data);
}

export interface UseLiteOptions {
  /** Worker threads; default: one per core (EMBEDDING_WORKERS). */
  workers?: number;
  /** Texts per model call; larger batches amortise graph overhead, smaller ones spread better over workers. */
  batchSize?: number;
  /** Tokens kept per text: a cap keeps one long note from holding up a whole batch. */
  maxTokens?: number;
  /** Nice value of the worker threads (a server embedding in the background: requests first). */
  niceness?: number;
  /**
   * One more worker, at normal priority and started on the first query, that serves only texts someone is waiting
   * for (`priority: 'query'`): a server's niced pool may be busy with an import for minutes, and a question must
   * not wait behind it nor run at the background's priority.
   */
  queryWorker?: boolean;
}

interface PoolWorker {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  /** The model is loaded (ready resolved). */
  loaded?: boolean;
}

interface Job {
  texts: string[];
  tokenIds?: number[][];
  /** use-static's texts (StaticPool): embedded with this table, not by USE lite. */
  staticTable?: SharedStaticTable;
  resolve: (v: Float32Array) => void;
  reject: (e: Error) => void;
}

export class UseLiteProvider implements EmbeddingProvider, StaticPool {
  readonly model = 'use-lite';
  readonly version = '1';
  readonly dimensions = USE_DIMENSIONS;
  readonly workerCount: number;
  private readonly batchSize: number;
  private readonly maxTokens: number;
  private readonly niceness: number | undefined;
  private pool: PoolWorker[] | undefined;
  private queryEntry: PoolWorker | undefined;
  private readonly wantsQueryWorker: boolean;
  /** Background jobs, and before them (always served first) the jobs of a waiting request. */
  private readonly queue: Job[] = [];
  private readonly queryQueue: Job[] = [];
  /** use-static's batches (a first pass): milliseconds each, served after queries and before USE lite's background. */
  private readonly staticQueue: Job[] = [];
  private readonly pending = new Map<number, Job>();
  private nextId = 0;
  /** Model calls sent so far, by which thread took them (a call is one batch of texts). */
  readonly modelCalls = { pool: 0, queryWorker: 0 };
  /** use-static batches the pool ran (StaticPool). */
  staticCalls = 0;
  private failure: Error | undefined;

  constructor(opts: UseLiteOptions = {}) {
    this.workerCount = Math.max(1, opts.workers ?? os.availableParallelism());
    this.batchSize = Math.max(1, opts.batchSize ?? 8);
    this.maxTokens = Math.max(8, opts.maxTokens ?? 256);
    this.niceness = opts.niceness;
    this.wantsQueryWorker = opts.queryWorker ?? false;
  }

  private start(): void {
    this.pool ??= Array.from({ length: this.workerCount }, () => this.spawn(this.niceness));
    // The query worker loads with the pool, not on the first question: its model load (~0.7 s of a core, many
    // seconds at a high load) would otherwise fall on the first questions asked.
    if (this.wantsQueryWorker) this.queryEntry ??= this.spawn(undefined);
  }

  /** Whether the query worker has been started (with the pool, on the first use of either). */
  get queryWorkerStarted(): boolean {
    return this.queryEntry !== undefined;
  }

  /** Resolves when every thread started so far has loaded the model. */
  async whenLoaded(): Promise<void> {
    await Promise.all([...(this.pool ?? []), ...(this.queryEntry ? [this.queryEntry] : [])].map((e) => e.ready));
  }

  private spawn(niceness: number | undefined): PoolWorker {
    const worker = spawnUseWorker({ maxTokens: this.maxTokens, niceness });
    worker.unref();
    const entry: PoolWorker = { worker, busy: false, ready: Promise.resolve() };
    entry.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: UseWorkerResponse) => {
        if (m.id !== -1) return;
        worker.off('message', onReady);
        if ('error' in m) reject(new Error(m.error));
        else {
          entry.loaded = true;
          resolve();
          this.dispatch();
        }
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
    entry.ready.catch((e: Error) => this.fail(e));
    worker.on('message', (m: UseWorkerResponse) => this.onMessage(entry, m));
    worker.on('error', (e) => this.fail(e));
    // A worker that dies without an error event (e.g. out of memory) must not leave callers waiting.
    worker.on('exit', (code) => {
      if (this.pool?.includes(entry) || this.queryEntry === entry) this.fail(new Error(`a USE lite worker exited (code ${code})`));
    });
    return entry;
  }

  private fail(e: Error) {
    this.failure ??= e;
    for (const job of [...this.pending.values(), ...this.queryQueue.splice(0), ...this.staticQueue.splice(0), ...this.queue.splice(0), ...this.gathered.splice(0)]) job.reject(e);
    this.pending.clear();
    if (this.gathering) clearImmediate(this.gathering);
    this.gathering = undefined;
  }

  private onMessage(entry: PoolWorker, m: UseWorkerResponse) {
    if (m.id < 0 || 'ready' in m) return;
    const job = this.pending.get(m.id);
    this.pending.delete(m.id);
    entry.busy = false;
    if (job) {
      if ('error' in m) job.reject(new Error(`embedding failed: ${m.error}`));
      else job.resolve(m.vectors);
    }
    this.dispatch();
  }

  private dispatch() {
    // The query worker takes only query jobs; the pool takes them first, then the background's.
    // A question's texts go to the query worker once its model is loaded; until then the pool takes them.
    if (this.queryEntry?.loaded && !this.queryEntry.busy && this.queryQueue.length > 0) this.send(this.queryEntry, this.queryQueue.shift()!);
    for (const entry of this.pool ?? []) {
      if (entry.busy) continue;
      const job = this.queryQueue.shift() ?? this.staticQueue.shift() ?? this.queue.shift();
      if (!job) return;
      this.send(entry, job);
    }
  }

  private send(entry: PoolWorker, job: Job) {
    entry.busy = true;
    const id = this.nextId++;
    this.pending.set(id, job);
    if (job.staticTable) {
      // The static model needs no USE weights: posted now, it runs between the steps of the model's load.
      this.staticCalls++;
      entry.worker.postMessage({ id, texts: job.texts, staticTable: job.staticTable } satisfies UseWorkerRequest);
      return;
    }
    this.modelCalls[entry === this.queryEntry ? 'queryWorker' : 'pool']++;
    entry.ready.then(
      () => entry.worker.postMessage({ id, texts: job.texts, tokenIds: job.tokenIds } satisfies UseWorkerRequest),
      () => undefined, // fail() already rejected the job
    );
  }

  /**
   * StaticPool: use-static's texts embedded in this pool's threads (a server's: niced, one core left to requests)
   * with `table`, split over the threads, in order. The caller's thread does none of the model's work.
   */
  async embedStatic(texts: readonly string[], table: SharedStaticTable): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    if (this.failure) throw this.failure;
    this.start();
    const per = Math.ceil(texts.length / this.workerCount);
    const parts: Promise<Float32Array>[] = [];
    for (let i = 0; i < texts.length; i += per) {
      const part = texts.slice(i, i + per);
      parts.push(new Promise((resolve, reject) => this.staticQueue.push({ texts: part, staticTable: table, resolve, reject })));
    }
    this.dispatch();
    const out: Float32Array[] = [];
    for (const flat of await Promise.all(parts)) {
      for (let j = 0; j < flat.length; j += USE_DIMENSIONS) out.push(flat.slice(j, j + USE_DIMENSIONS));
    }
    return out;
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    if (opts.priority === 'query') return this.embedForQuery(texts);
    // The model pads every text of a batch to the longest one: batching texts of similar length
    // (by characters, a good proxy for tokens) saves that work; the output goes back in input order.
    return this.run(texts.map((t) => t.length), (rows) => ({ texts: rows.map((r) => texts[r]!) }), false);
  }

  /**
   * A question's texts wait one turn of the event loop for the others asked with it (a persona query embeds its
   * search topic and its concern from two places): one model call for all of them costs little more than one text,
   * where separate calls cost one each. A vector does not depend on its batch's other texts.
   */
  private embedForQuery(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    if (this.failure) return Promise.reject(this.failure);
    const asked = texts.map((text) => {
      const known = this.recent.get(text);
      return known ? Promise.resolve(known) : new Promise<Float32Array>((resolve, reject) => this.gathered.push({ text, resolve, reject }));
    });
    if (this.gathered.length > 0) this.gathering ??= setImmediate(() => this.flushGathered());
    return Promise.all(asked);
  }

  /**
   * The latest query texts' vectors. One question's text is often asked from two places one after the other (the
   * parser's unknown phrase is the memory search's topic): each keeps a cache of its own, and this one spares the
   * second model call. A vector depends only on its text.
   */
  private readonly recent = new Map<string, Float32Array>();

  private remember(text: string, v: Float32Array): void {
    this.recent.delete(text);
    if (this.recent.size >= RECENT_QUERY_TEXTS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(text, v);
  }

  private readonly gathered: { text: string; resolve: (v: Float32Array) => void; reject: (e: Error) => void }[] = [];
  private gathering: NodeJS.Immediate | undefined;

  private flushGathered(): void {
    this.gathering = undefined;
    const items = this.gathered.splice(0);
    const byText = new Map<string, typeof items>();
    for (const it of items) {
      const same = byText.get(it.text);
      if (same) same.push(it);
      else byText.set(it.text, [it]);
    }
    const distinct = [...byText.keys()];
    this.run(distinct.map((t) => t.length), (rows) => ({ texts: rows.map((r) => distinct[r]!) }), true).then(
      (vectors) =>
        distinct.forEach((t, i) => {
          this.remember(t, vectors[i]!);
          byText.get(t)!.forEach((it) => it.resolve(vectors[i]!));
        }),
      (e: Error) => items.forEach((it) => it.reject(e)),
    );
  }

  /** Embeds token id sequences of USE's own vocabulary as they are (the static model's vocabulary pass). */
  async embedTokenIds(sequences: readonly number[][]): Promise<Float32Array[]> {
    return this.run(sequences.map((s) => s.length), (rows) => ({ texts: [], tokenIds: rows.map((r) => sequences[r]!) }), false);
  }

  private async run(lengths: number[], part: (rows: number[]) => Pick<Job, 'texts' | 'tokenIds'>, query: boolean): Promise<Float32Array[]> {
    if (lengths.length === 0) return [];
    if (this.failure) throw this.failure;
    this.start();
    const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
    const batches: { rows: number[]; vectors: Promise<Float32Array> }[] = [];
    const queue = query ? this.queryQueue : this.queue;
    for (let i = 0; i < order.length; i += this.batchSize) {
      const rows = order.slice(i, i + this.batchSize);
      batches.push({ rows, vectors: new Promise((resolve, reject) => queue.push({ ...part(rows), resolve, reject })) });
    }
    this.dispatch();
    const out = new Array<Float32Array>(lengths.length);
    const done = await Promise.all(batches.map((b) => b.vectors));
    batches.forEach((b, i) => {
      const flat = done[i]!;
      b.rows.forEach((row, j) => (out[row] = flat.slice(j * USE_DIMENSIONS, (j + 1) * USE_DIMENSIONS)));
    });
    return out;
  }

  async close(): Promise<void> {
    const workers = [...(this.pool ?? []), ...(this.queryEntry ? [this.queryEntry] : [])];
    this.pool = undefined;
    this.queryEntry = undefined;
    await Promise.all(workers.map((p) => p.worker.terminate()));
    this.fail(new Error('the embedding provider is closed'));
    this.failure = undefined;
    this.recent.clear();
  }
}
