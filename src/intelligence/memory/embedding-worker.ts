/**
 * Drains the embedding queue: claims a batch of jobs, builds the shard texts, skips texts whose content hash is
 * unchanged, embeds the rest in one call to the provider, writes the shards and completes the jobs. Deleted
 * records become tombstones. A failing batch is retried later with backoff and never touches CRM writes.
 *
 * Two scales (opt-in, `firstPass`): once a batch is claimed from a backlog larger than the threshold (a bulk
 * import), batches are embedded with the fast first-pass model (use-static) until `embed` is empty, so the whole
 * bulk is searchable at once, and the same records are queued on `embed-refine`; that queue is claimed only when
 * `embed` is empty and embeds with the main provider. A small backlog is embedded with the main provider directly.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import type { EntityName } from '../../core/entities.js';
import type { ClaimedJob, Storage } from '../../storage/index.js';
import type { EmbeddingProvider } from '../embeddings/index.js';
import { EMBED_QUEUE, REFINE_QUEUE } from './embedding-queue.js';
import { ShardTextBuilder } from './shard-text.js';

export interface WorkerReport {
  claimed: number;
  embedded: number;
  unchanged: number;
  removed: number;
  failed: number;
  /** Of `embedded`: shards written by the first-pass model (two scales only). */
  firstPass: number;
  /** Of `embedded`: shards written by the main provider for records claimed from the refine queue. */
  refined: number;
}

/** The fast model a large backlog is embedded with first (EMBEDDING_FIRST_PASS), and from what backlog on. */
export interface FirstPassOptions {
  provider: EmbeddingProvider;
  /** Jobs waiting in `embed` (the claimed batch included) above which a batch takes the first pass. */
  threshold: number;
  /**
   * Jobs claimed per batch once a bulk is under way (default 32, or the worker's batch size if smaller): a first-pass
   * batch's SQLite work (shard texts, hashes, writes) runs on the server's thread, and smaller ones keep requests
   * from waiting behind it (event-loop delay p99 about halved against 128 at the same rate, docs/embeddings.md "day
   * one"); the static model itself runs in USE lite's worker pool when there is one (createIntelligence).
   */
  batchSize?: number;
}

export interface EmbeddingWorkerOptions {
  storage: Storage;
  provider: EmbeddingProvider;
  clock: Clock;
  batchSize?: number;
  leaseMs?: number;
  workerId?: string;
  /**
   * Vectors kept by content hash (model, version and text), so a text already embedded for another record —
   * a re-import under new ids, a duplicate, an edit undone — is not embedded again; 0 turns it off.
   */
  cacheSize?: number;
  /** Two scales: embed large backlogs with this fast model first, then refine with `provider`. */
  firstPass?: FirstPassOptions;
  /**
   * On a server's event loop with SQLite (whose calls run synchronously on it): after each batch, pause in
   * proportion to the time the batch held the thread, longer while requests keep the loop busy. Off by default
   * (`crm worker`, `crm embed`, PostgreSQL: nothing of theirs holds a loop that serves requests).
   */
  dutyCycle?: DutyCycleOptions;
}

/**
 * The duty cycle of a worker sharing its thread with requests. A batch's steps (claims, shard texts, hashes, writes)
 * each hold the thread; their sum is the batch's hold. The pause after it is hold × a ratio that moves between
 * `quietRatio` and `busyRatio` with how busy other work (requests) kept the loop during the recent pauses: at
 * `busyRatio` 8 the worker takes at most a ninth of a loop that requests saturate (at 5, a sixth, get-by-id kept
 * 0.82× its idle throughput in one run: too close to issue 21's 0.8× once the index's polling and the pool's thread
 * take their share; docs/embeddings.md, "duty cycle").
 */
export interface DutyCycleOptions {
  /** Pause per ms held when nothing else wanted the loop (default 0.25). */
  quietRatio?: number;
  /** Pause per ms held when other work kept the loop busy (default 8). */
  busyRatio?: number;
  /** Loop utilisation during a pause at and above which the busy ratio applies (default 0.5; linear below). */
  busyUtilisation?: number;
  /** Longest pause, ms (default 2000). */
  maxPauseMs?: number;
}

type Pass = 'direct' | 'first' | 'refine';
const emptyReport = (): WorkerReport => ({ claimed: 0, embedded: 0, unchanged: 0, removed: 0, failed: 0, firstPass: 0, refined: 0 });

/** A bounded map from content hash to vector, least recently used out first. */
export class VectorCache {
  private readonly map = new Map<string, Float32Array>();
  hits = 0;
  constructor(readonly capacity: number) {}
  get(hash: string): Float32Array | undefined {
    const v = this.map.get(hash);
    if (v) {
      this.map.delete(hash);
      this.map.set(hash, v);
      this.hits++;
    }
    return v;
  }
  set(hash: string, v: Float32Array): void {
    if (this.capacity <= 0) return;
    this.map.delete(hash);
    this.map.set(hash, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

export function shardHash(provider: EmbeddingProvider, text: string): string {
  return createHash('sha256').update(`${provider.model}\u0000${provider.version}\u0000${text}`).digest('hex');
}

/** Jobs per first-pass batch (see FirstPassOptions.batchSize). */
const FIRST_PASS_BATCH = 32;

const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/** What the last cycle measured (tests and the bench read it). */
export interface DutyCycleState {
  /** Ms the last batch's steps held the thread. */
  heldMs: number;
  /** The loop's utilisation during the recent pauses (0–1, recent ones weigh more): only other work (requests) ran then. */
  otherUtilisation: number;
  /** The pause after the last batch, ms. */
  pauseMs: number;
  /** Since the worker was made: batches, ms held by their steps, ms paused after them. */
  batches: number;
  totalHeldMs: number;
  totalPauseMs: number;
}

export class EmbeddingWorker {
  private readonly texts: ShardTextBuilder;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Two scales: a backlog above the threshold was seen and `embed` has not been empty since. */
  private bulk = false;
  /** Set by stop(): the batch in hand finishes, no further one is claimed. */
  private stopping = false;
  private readonly batchListeners: ((seconds: number, report: WorkerReport) => void)[] = [];
  readonly cache: VectorCache;
  /** Ms the current batch's steps have held the thread, and when the step in progress began. */
  private held = 0;
  private segmentFrom = 0;
  /** Ends the duty cycle's pause early (stop()). */
  private wake: (() => void) | undefined;
  /** The last cycle's figures (duty cycle only). */
  dutyState: DutyCycleState | undefined;

  constructor(private readonly opts: EmbeddingWorkerOptions) {
    this.texts = new ShardTextBuilder(opts.storage, () => this.between());
    this.batchSize = opts.batchSize ?? 128;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}`;
    this.cache = new VectorCache(opts.cacheSize ?? 10_000); // 512-d: ~20 MB at most
  }

  private now() {
    return this.opts.clock.now();
  }

  /** Tells `listener` how long each non-empty batch took and what it did (/metrics). */
  onBatchDone(listener: (seconds: number, report: WorkerReport) => void): void {
    this.batchListeners.push(listener);
  }

  /** Processes one batch; returns what it did (claimed 0 means the queues had nothing ready). */
  async runOnce(): Promise<WorkerReport> {
    const { storage, firstPass } = this.opts;
    this.held = 0;
    this.segmentFrom = performance.now();
    const claim = async (queue: string) => {
      const now = this.now();
      const size = queue === EMBED_QUEUE && this.bulk ? (firstPass?.batchSize ?? Math.min(FIRST_PASS_BATCH, this.batchSize)) : this.batchSize;
      const claimed = await storage.jobs.claim(queue, this.workerId, size, toTimestamp(now), toTimestamp(new Date(now.getTime() + this.leaseMs)));
      await this.between();
      return claimed;
    };
    let jobs = await claim(EMBED_QUEUE);
    let pass: Pass = 'direct';
    if (firstPass) {
      if (jobs.length === 0) {
        // The bulk is over once `embed` is empty.
        this.bulk = false;
        jobs = await claim(REFINE_QUEUE);
        pass = 'refine';
      } else {
        // A backlog above the threshold starts a bulk, and the first pass goes on until `embed` is empty: the tail
        // of an import is searchable as soon as its head.
        if (!this.bulk) {
          this.bulk = (await storage.jobs.depth(EMBED_QUEUE, firstPass.threshold + 1)) > firstPass.threshold;
          await this.between();
        }
        if (this.bulk) pass = 'first';
      }
    }
    const report: WorkerReport = { ...emptyReport(), claimed: jobs.length };
    if (jobs.length === 0) return report;
    const started = performance.now();
    const groups = new Map<string, ClaimedJob[]>();
    for (const j of jobs) {
      const key = `${j.workspace_id}\u0000${j.entity}`;
      groups.set(key, [...(groups.get(key) ?? []), j]);
    }
    for (const group of groups.values()) {
      const { workspace_id: ws, entity } = group[0]!;
      try {
        Object.assign(report, add(report, await this.processGroup(ws, entity, group, pass)));
        await storage.jobs.complete(group);
        await this.between();
      } catch (e) {
        report.failed += group.length;
        const attempts = Math.max(...group.map((j) => j.attempts));
        const retryAt = toTimestamp(new Date(this.now().getTime() + Math.min(3600_000, 5_000 * 2 ** attempts)));
        for (const j of group) await storage.jobs.fail(j, (e as Error).message ?? String(e), retryAt);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    for (const listener of this.batchListeners) listener(seconds, report);
    return report;
  }

  /**
   * Ends a step of a batch: requests that arrived meanwhile run before the next (SQLite answers synchronously, so a
   * batch would otherwise run its steps back to back on a server's thread). With a duty cycle the step's time counts
   * as held.
   */
  private async between(): Promise<void> {
    this.held += performance.now() - this.segmentFrom;
    await yieldToRequests();
    this.segmentFrom = performance.now();
  }

  /** Waits for work done off this thread (the embedding pool): not held. */
  private async offThread<T>(work: () => Promise<T>): Promise<T> {
    this.held += performance.now() - this.segmentFrom;
    try {
      return await work();
    } finally {
      this.segmentFrom = performance.now();
    }
  }

  private async processGroup(ws: string, entity: EntityName, jobs: ClaimedJob[], pass: Pass): Promise<Partial<WorkerReport>> {
    const { storage, provider, firstPass } = this.opts;
    const ids = jobs.map((j) => j.record_id);
    const texts = await this.texts.build(ws, entity, ids);
    await this.between();
    const gone = ids.filter((id) => !texts.has(id));
    const stamp = toTimestamp(this.now());
    // A deleted record leaves no shard in either space.
    if (gone.length > 0) {
      await storage.shards.tombstone(ws, provider.model, entity, gone, stamp);
      await this.between();
      if (firstPass) {
        await storage.shards.tombstone(ws, firstPass.provider.model, entity, gone, stamp);
        await this.between();
      }
    }
    const known = await storage.shards.hashes(ws, provider.model, entity, [...texts.keys()]);
    const todo = [...texts].map(([id, text]) => ({ id, text, hash: shardHash(provider, text) })).filter((t) => known.get(t.id) !== t.hash);
    await this.between();
    if (pass !== 'first' || !firstPass) {
      await this.embedAndWrite(ws, entity, provider, todo, stamp);
      return { embedded: todo.length, unchanged: texts.size - todo.length, removed: gone.length, refined: pass === 'refine' ? todo.length : 0 };
    }
    // First pass: what the main model has not embedded as it stands gets a fast shard now (unless it has a current
    // one already) and is queued for the main model.
    const fast = firstPass.provider;
    const fastKnown = await storage.shards.hashes(ws, fast.model, entity, todo.map((t) => t.id));
    const fastTodo = todo.map((t) => ({ ...t, hash: shardHash(fast, t.text) })).filter((t) => fastKnown.get(t.id) !== t.hash);
    await this.between();
    await this.embedAndWrite(ws, entity, fast, fastTodo, stamp);
    // A main shard of an older text would answer for the record until the refine pass: the fast shard of its
    // current text answers instead.
    const stale = todo.filter((t) => known.has(t.id)).map((t) => t.id);
    if (stale.length > 0) {
      await storage.shards.tombstone(ws, provider.model, entity, stale, stamp);
      await this.between();
    }
    await storage.jobs.enqueue(REFINE_QUEUE, todo.map((t) => ({ workspace_id: ws, entity, record_id: t.id })), stamp);
    await this.between();
    return { embedded: fastTodo.length, firstPass: fastTodo.length, unchanged: texts.size - fastTodo.length, removed: gone.length };
  }

  /** Embeds each distinct text not cached once, with `provider`, and writes the shards. */
  private async embedAndWrite(ws: string, entity: EntityName, provider: EmbeddingProvider, todo: { id: string; text: string; hash: string }[], stamp: string) {
    // Only texts neither cached nor already in this batch go to the model.
    const vectorOf = new Map<string, Float32Array>();
    const fresh = new Map<string, string>();
    for (const t of todo) {
      if (vectorOf.has(t.hash) || fresh.has(t.hash)) continue;
      const cached = this.cache.get(t.hash);
      if (cached) vectorOf.set(t.hash, cached);
      else fresh.set(t.hash, t.text);
    }
    const embedded = fresh.size > 0 ? await this.offThread(() => provider.embed([...fresh.values()])) : [];
    await this.between();
    [...fresh.keys()].forEach((hash, i) => {
      vectorOf.set(hash, embedded[i]!);
      this.cache.set(hash, embedded[i]!);
    });
    await this.opts.storage.shards.upsert(
      todo.map((t) => ({
        workspace_id: ws,
        entity,
        record_id: t.id,
        model: provider.model,
        model_version: provider.version,
        content_hash: t.hash,
        text: t.text,
        vector: vectorOf.get(t.hash)!,
        updated_at: stamp,
      })),
    );
    await this.between();
  }

  /** Runs batches until nothing is ready; `onBatch` sees each batch's report (progress bars). */
  async drain(onBatch?: (r: WorkerReport) => void): Promise<WorkerReport> {
    const total = emptyReport();
    for (;;) {
      // Stopping (SIGTERM): what is not claimed stays queued for the next start or another worker.
      if (this.stopping) return total;
      const r = await this.runOnce();
      if (r.claimed === 0) return total;
      Object.assign(total, add(total, r));
      onBatch?.(r);
      if (r.failed === r.claimed) return total; // everything failing: stop rather than spin; jobs retry later
      // Between batches, requests that arrived meanwhile run before the next claim.
      if (this.opts.dutyCycle) await this.pause(this.opts.dutyCycle);
      else await yieldToRequests();
    }
  }

  /**
   * The loop's active and total ms during the recent pauses, each pause halving the weight of those before (quiet
   * until measured): a pause of a millisecond or two alone is a noisy reading (a GC, a message).
   */
  private pauseActive = 0;
  private pauseWall = 0;

  /**
   * The duty cycle's pause after a batch: the batch's hold × a ratio set by how busy the loop was during the recent
   * pauses (then only other work — requests — can have run on it). Requests run meanwhile; on a quiet server the
   * pauses are short and cost little rate. (Utilisation measured over whole cycles counted the worker's own yields
   * as busy: each setImmediate keeps the loop out of its idle wait.)
   */
  private async pause(d: DutyCycleOptions): Promise<void> {
    const quiet = d.quietRatio ?? 0.25;
    const busy = d.busyRatio ?? 8;
    const busyAt = d.busyUtilisation ?? 0.5;
    const other = this.pauseWall > 0 ? this.pauseActive / this.pauseWall : 0;
    const ratio = quiet + (busy - quiet) * Math.min(1, other / busyAt);
    // At least 1 ms: the pause is also where the loop's business is read.
    const pauseMs = Math.max(1, Math.min(d.maxPauseMs ?? 2000, this.held * ratio));
    const before = this.dutyState;
    this.dutyState = {
      heldMs: this.held,
      otherUtilisation: other,
      pauseMs,
      batches: (before?.batches ?? 0) + 1,
      totalHeldMs: (before?.totalHeldMs ?? 0) + this.held,
      totalPauseMs: (before?.totalPauseMs ?? 0) + pauseMs,
    };
    await yieldToRequests();
    if (this.stopping) return;
    const mark = performance.eventLoopUtilization();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pauseMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    const elu = performance.eventLoopUtilization(mark);
    this.pauseActive = this.pauseActive / 2 + elu.active;
    this.pauseWall = this.pauseWall / 2 + elu.active + elu.idle;
  }

  /** Polls the queue in the background until stop(). */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.stopping = false;
    const tick = async () => {
      this.running = this.drain().catch(() => undefined);
      await this.running;
      if (this.timer) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Claims nothing more, waits for the batch in hand (not the whole queue) and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

function add(a: WorkerReport, b: Partial<WorkerReport>): WorkerReport {
  return {
    claimed: a.claimed + (b.claimed ?? 0),
    embedded: a.embedded + (b.embedded ?? 0),
    unchanged: a.unchanged + (b.unchanged ?? 0),
    removed: a.removed + (b.removed ?? 0),
    failed: a.failed + (b.failed ?? 0),
    firstPass: a.firstPass + (b.firstPass ?? 0),
    refined: a.refined + (b.refined ?? 0),
  };
}
