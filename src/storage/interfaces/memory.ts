/** The durable per-record work queue and semantic memory's shards. */
import type { EntityName } from '../../core/entities.js';

export interface JobRef {
  workspace_id: string;
  entity: EntityName;
  record_id: string;
}

export interface ClaimedJob extends JobRef {
  queue: string;
  enqueued_at: string;
  attempts: number;
}

export interface QueueStats {
  /** Can be claimed now. */
  ready: number;
  /** Claimed by a worker whose lease has not run out. */
  leased: number;
  /** Scheduled for later (retries after a failure). */
  waiting: number;
  /** Whose last attempt failed (some of ready or waiting). */
  failing: number;
}

/** A durable queue of per-record work (embedding, scoring …); duplicates of a pending job coalesce. */
export interface JobQueueRepository {
  enqueue(queue: string, jobs: readonly JobRef[], now: string): Promise<void>;
  /** Leases up to `limit` ready jobs to `worker` until `leaseUntil`; concurrent claimers never get the same job. */
  claim(queue: string, worker: string, limit: number, now: string, leaseUntil: string): Promise<ClaimedJob[]>;
  /** Removes finished jobs, unless the record changed again since they were claimed (then they stay queued). */
  complete(jobs: readonly ClaimedJob[]): Promise<void>;
  /** Releases a job for a later retry, keeping the error. */
  fail(job: ClaimedJob, error: string, retryAt: string): Promise<void>;
  stats(queue: string, now: string): Promise<QueueStats>;
  /** Jobs in the queue in any state, counted up to `atMost` (a bounded count: is the backlog large?). */
  depth(queue: string, atMost: number): Promise<number>;
}

/** One record's text and vector in semantic memory, for one embedding model. */
export interface MemoryShard {
  workspace_id: string;
  entity: EntityName;
  record_id: string;
  model: string;
  model_version: string;
  content_hash: string;
  text: string;
  /** Null for a tombstone (the record was deleted). */
  vector: Float32Array | null;
  updated_at: string;
  seq: number;
}

export interface ShardRepository {
  /** content_hash of the live shards of these records (absent: never embedded, or deleted). */
  hashes(ws: string, model: string, entity: EntityName, ids: readonly string[]): Promise<Map<string, string>>;
  /** Writes shards (insert or replace); each gets a new seq, larger than every seq committed before it. */
  upsert(shards: readonly Omit<MemoryShard, 'seq'>[]): Promise<void>;
  /** Marks shards of deleted records (vector NULL) so other processes drop them from their indexes. */
  tombstone(ws: string, model: string, entity: EntityName, ids: readonly string[], now: string): Promise<void>;
  /** Tombstones these records' shards under every model, dropping their text now (GDPR erasure). Returns shards hit. */
  forget(ws: string, entity: EntityName, ids: readonly string[], now: string): Promise<number>;
  get(ws: string, model: string, entity: EntityName, ids: readonly string[]): Promise<MemoryShard[]>;
  /** Shards of a model written after `afterSeq`, in seq order, across workspaces (index loading and polling). */
  changesSince(model: string, afterSeq: number, limit: number): Promise<MemoryShard[]>;
  count(ws: string, model: string, entity: EntityName): Promise<number>;
  saveProjection(ws: string, model: string, data: string, sampleSize: number, now: string): Promise<void>;
  loadProjection(ws: string, model: string): Promise<{ data: string; sample_size: number; fitted_at: string } | undefined>;
}
