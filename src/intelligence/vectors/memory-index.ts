/**
 * Semantic memory in process: one multi-scale index per (workspace, entity), loaded from the memory shards
 * in the database and kept current by polling the shards' commit-ordered `seq` — so it works the same on
 * SQLite and PostgreSQL, survives restarts, and sees vectors written by other processes (`crm worker`).
 * Each workspace gets a PCA projection fitted on its own vectors once it has enough of them, stored in the
 * database and refitted when the corpus has doubled since.
 */
import type { EntityName } from '../../core/entities.js';
import { systemClock, toTimestamp, type Clock } from '../../core/clock.js';
import type { MemoryShard, Storage } from '../../storage/index.js';
import type { VectorLookup } from '../similarity/index.js';
import type { VectorFilter } from './index.js';
import { MultiScaleIndex } from './multi-scale-index.js';
import { Projection } from './pca.js';

export interface MemoryIndexOptions {
  /** Width of the coarse scale. */
  coarseDimensions?: number;
  /** Vectors a workspace needs before a projection is fitted. */
  fitThreshold?: number;
  /** Most vectors sampled to fit a projection. */
  fitSample?: number;
  hnswThreshold?: number;
  pageSize?: number;
  /** Dates the stored projections (the CRM's clock). */
  clock?: Clock;
}

export interface MemoryIndexStats {
  model: string;
  vectors: number;
  lastSeq: number;
  collections: { workspace: string; entity: EntityName; vectors: number; coarseDimensions: number | null; hnsw: boolean }[];
}

export class MemoryIndex implements VectorLookup {
  private readonly collections = new Map<string, Map<EntityName, MultiScaleIndex>>();
  private readonly projections = new Map<string, { projection: Projection; sampleSize: number }>();
  private lastSeq = 0;
  /** Bumped whenever a vector is added, replaced or removed (callers cache what they derive from the index). */
  generation = 0;
  private polling: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly opts: Required<MemoryIndexOptions>;

  constructor(
    private readonly storage: Storage,
    readonly model: string,
    opts: MemoryIndexOptions = {},
  ) {
    this.opts = { coarseDimensions: 128, fitThreshold: 2000, fitSample: 5000, hnswThreshold: 20_000, pageSize: 5000, clock: systemClock, ...opts };
  }

  private collection(ws: string, entity: EntityName, dims?: number): MultiScaleIndex | undefined {
    let byEntity = this.collections.get(ws);
    if (!byEntity) {
      if (dims === undefined) return undefined;
      byEntity = new Map();
      this.collections.set(ws, byEntity);
    }
    let index = byEntity.get(entity);
    if (!index && dims !== undefined) {
      index = new MultiScaleIndex(dims, { hnswThreshold: this.opts.hnswThreshold });
      const p = this.projections.get(ws);
      if (p && p.projection.inputDimensions === dims) index.setProjection(p.projection);
      byEntity.set(entity, index);
    }
    return index;
  }

  /** Reads every shard of the model (startup), then fits or loads the projections. */
  async load(): Promise<void> {
    this.collections.clear();
    this.generation++;
    this.projections.clear();
    this.projectionChecked.clear();
    this.lastSeq = 0;
    await this.poll();
  }

  /** Applies shards committed since the last poll; returns how many changed. Concurrent calls share one run. */
  poll(): Promise<number> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<number> {
    let changed = 0;
    const touched = new Set<string>();
    // A big catch-up (startup) adds full vectors only and builds the coarse scale once at the end, in one
    // batch; small polls keep every scale current as they go.
    let bulk = false;
    for (;;) {
      const page = await this.storage.shards.changesSince(this.model, this.lastSeq, this.opts.pageSize);
      if (page.length === this.opts.pageSize) bulk = true;
      for (const shard of page) {
        if (!touched.has(shard.workspace_id)) {
          touched.add(shard.workspace_id);
          await this.ensureProjectionLoaded(shard.workspace_id, bulk);
        }
        this.apply(shard, bulk);
        this.lastSeq = Math.max(this.lastSeq, shard.seq);
      }
      changed += page.length;
      if (page.length < this.opts.pageSize) break;
    }
    for (const ws of touched) {
      if (bulk) {
        const p = this.projections.get(ws);
        if (p) this.setProjection(ws, p.projection, p.sampleSize);
      }
      await this.maybeFit(ws);
    }
    return changed;
  }

  private apply(shard: MemoryShard, bulk: boolean) {
    this.generation++;
    if (shard.vector) {
      const index = this.collection(shard.workspace_id, shard.entity, shard.vector.length)!;
      if (bulk && index.coarseDimensions !== undefined) index.setProjection(undefined); // rebuilt after the catch-up
      index.upsert(shard.record_id, shard.vector);
    } else this.collection(shard.workspace_id, shard.entity)?.remove(shard.record_id);
  }

  private readonly projectionChecked = new Set<string>();

  private async ensureProjectionLoaded(ws: string, deferApply: boolean) {
    if (this.projectionChecked.has(ws)) return;
    this.projectionChecked.add(ws);
    const saved = await this.storage.shards.loadProjection(ws, this.model);
    if (!saved) return;
    try {
      const projection = Projection.deserialize(saved.data);
      if (deferApply) this.projections.set(ws, { projection, sampleSize: saved.sample_size });
      else this.setProjection(ws, projection, saved.sample_size);
    } catch {
      // A corrupt or foreign projection is refitted below rather than trusted.
    }
  }

  private setProjection(ws: string, projection: Projection, sampleSize: number) {
    this.projections.set(ws, { projection, sampleSize });
    for (const index of this.collections.get(ws)?.values() ?? []) {
      if (index.dimensions === projection.inputDimensions) index.setProjection(projection);
    }
  }

  /** Workspaces whose projection is being fitted (the fit yields; a second poll must not start another). */
  private readonly fitting = new Set<string>();

  private async maybeFit(ws: string) {
    if (this.fitting.has(ws)) return;
    this.fitting.add(ws);
    try {
      await this.fitNow(ws);
    } finally {
      this.fitting.delete(ws);
    }
  }

  private async fitNow(ws: string) {
    const byEntity = this.collections.get(ws);
    if (!byEntity) return;
    const total = [...byEntity.values()].reduce((n, i) => n + i.size, 0);
    const current = this.projections.get(ws);
    if (total < this.opts.fitThreshold || (current && total < 2 * current.sampleSize)) return;
    // An even sample across the workspace's collections (every n-th vector), deterministic.
    const step = Math.max(1, Math.ceil(total / this.opts.fitSample));
    const sample: Float32Array[] = [];
    let i = 0;
    let dims: number | undefined;
    for (const index of byEntity.values()) {
      for (const [, v] of index.entries()) {
        if (i++ % step !== 0) continue;
        dims ??= v.length;
        if (v.length === dims) sample.push(v);
      }
    }
    if (sample.length < 2 || dims === undefined) return;
    // Seconds of arithmetic at thousands of vectors: done in slices so requests keep being answered meanwhile.
    const projection = await Projection.fitYielding(sample, Math.min(this.opts.coarseDimensions, dims));
    this.setProjection(ws, projection, total);
    await this.storage.shards.saveProjection(ws, this.model, projection.serialize(), total, toTimestamp(this.opts.clock.now()));
  }

  startPolling(intervalMs = 1000): void {
    if (this.timer) return;
    const tick = () => {
      this.poll()
        .catch(() => undefined) // the database may be briefly unavailable; the next tick retries
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Whether the record has a vector here. */
  has(ws: string, entity: EntityName, id: string): boolean {
    return this.collection(ws, entity)?.has(id) ?? false;
  }

  /** The records with a vector in one collection. */
  *ids(ws: string, entity: EntityName): IterableIterator<string> {
    const index = this.collection(ws, entity);
    if (index) for (const [id] of index.entries()) yield id;
  }

  /** The workspace's collections that hold vectors. */
  entitiesOf(ws: string): EntityName[] {
    return [...(this.collections.get(ws)?.entries() ?? [])].filter(([, i]) => i.size > 0).map(([e]) => e);
  }

  vectorOf(ws: string, entity: EntityName, id: string): Float32Array | undefined {
    return this.collection(ws, entity)?.get(id);
  }

  /** Cosine of `query` with one stored vector, without copying it out. */
  scoreOf(ws: string, entity: EntityName, query: Float32Array, id: string): number | undefined {
    return this.collection(ws, entity)?.score(query, id);
  }

  search(ws: string, entity: EntityName, query: Float32Array, k: number, filter?: VectorFilter): { id: string; score: number }[] {
    return this.collection(ws, entity)?.search(query, k, filter) ?? [];
  }

  stats(): MemoryIndexStats {
    const collections: MemoryIndexStats['collections'] = [];
    for (const [workspace, byEntity] of this.collections) {
      for (const [entity, index] of byEntity) collections.push({ workspace, entity, vectors: index.size, coarseDimensions: index.coarseDimensions ?? null, hnsw: index.usesHnsw });
    }
    return { model: this.model, vectors: collections.reduce((n, c) => n + c.vectors, 0), lastSeq: this.lastSeq, collections };
  }
}
