/** Learned models, the outcome log they learn from, and experiments comparing them. */
import type { EntityName } from '../../core/entities.js';
import type { OutcomeKind } from '../../core/events.js';
import type { StageChange } from './history.js';

export interface StoredModel {
  workspace_id: string;
  strategy: string;
  version: number;
  trained_at: string;
  active: boolean;
  /** The fitted model, JSON. */
  data: string;
  /** Its evaluation when trained, JSON. */
  metrics: string;
}

export interface ModelRepository {
  /** Stores a new version (one above the highest so far) as the active one; returns the version. */
  save(ws: string, strategy: string, data: string, metrics: string, trainedAt: string): Promise<number>;
  /** The newest active version of a strategy. */
  current(ws: string, strategy: string): Promise<StoredModel | undefined>;
  /** The same without the model data (which can be large): for checking a cache or reading metrics. */
  currentInfo(ws: string, strategy: string): Promise<Omit<StoredModel, 'data'> | undefined>;
  /**
   * Versions of one strategy after `afterVersion` with their data, oldest first, at most `limit` (active or not):
   * for a model stored as a series of parts (the next-best-action contacts' outcomes, written as deltas).
   */
  versionsAfter(ws: string, strategy: string, afterVersion: number, limit: number): Promise<StoredModel[]>;
  /**
   * Deletes the versions of a strategy older than its `keep` newest active ones (the current one and the rollback
   * targets behind it stay); returns how many went. For models stored often (the next-best-action posterior).
   */
  prune(ws: string, strategy: string, keep: number): Promise<number>;
  /** Deletes these versions of a strategy; returns how many went (for parts merged into one, as the NBA contacts' rows). */
  remove(ws: string, strategy: string, versions: readonly number[]): Promise<number>;
  /** The version numbers of one strategy, oldest first (read from the key alone: no model data or metrics). */
  versionNumbers(ws: string, strategy: string): Promise<number[]>;
  /** Every version, newest first, without the model data. */
  list(ws: string): Promise<Omit<StoredModel, 'data'>[]>;
  /** Retires the current version so the previous active one scores again; returns the version now current. */
  rollback(ws: string, strategy: string): Promise<number | undefined>;
}

/** One entry of the reflection buffer (see migration 0005). */
export interface OutcomeEvent {
  kind: OutcomeKind;
  entity: EntityName;
  record_id: string;
  at: string;
  source: StageChange['source'];
  actor: string | null;
  /** What happened: from/to stage or status, amount. */
  detail: Record<string, unknown>;
  /** The features as they were just before it happened and the score given then; null when not known (imports). */
  context: Record<string, unknown> | null;
}

export interface OutcomeRepository {
  append(ws: string, events: readonly OutcomeEvent[]): Promise<void>;
  /** Entries (of these kinds, when given) after `afterSeq`, oldest first. */
  since(ws: string, afterSeq: number, limit: number, kinds?: readonly OutcomeKind[]): Promise<(OutcomeEvent & { seq: number })[]>;
  /** How many entries (of these kinds, when given) came after `afterSeq`, and the newest seq of them (0 for an empty log). */
  countSince(ws: string, afterSeq: number, kinds?: readonly OutcomeKind[]): Promise<{ count: number; lastSeq: number }>;
  /** Every entry about one record, oldest first. */
  forRecord(ws: string, entity: EntityName, id: string): Promise<(OutcomeEvent & { seq: number })[]>;
  /** Removes every entry about these records (GDPR erasure: the log is append-only otherwise). */
  deleteForRecords(ws: string, entity: EntityName, ids: readonly string[]): Promise<number>;
}

/** An experiment comparing scoring strategies on one target (see intelligence/learning/experiments.ts). */
export interface StoredExperiment {
  id: string;
  name: string;
  target: string;
  /** JSON: [{strategy, share}] */
  variants: string;
  status: 'running' | 'stopped';
  started_at: string;
  stopped_at: string | null;
}

export interface ExperimentRepository {
  create(ws: string, e: StoredExperiment): Promise<void>;
  get(ws: string, id: string): Promise<StoredExperiment | undefined>;
  list(ws: string): Promise<StoredExperiment[]>;
  stop(ws: string, id: string, at: string): Promise<void>;
}
