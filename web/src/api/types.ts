/**
 * Response shapes of the HTTP API, as the routes in src/delivery/api/*.routes.ts return them. The object
 * declarations themselves (fields, stages, labels) are imported from src/core/entities.ts, not copied.
 */
export type { CrmRecord, EntityName, FieldDef, EntityDef, DealStage } from '../../../src/core/entities';
import type { CrmRecord, EntityName } from '../../../src/core/entities';

export interface ApiErrorBody {
  error: string;
  message: string;
  details?: { field?: string; message: string }[];
}

export interface ListPage<T = CrmRecord> {
  data: T[];
  next_cursor: string | null;
  total?: number | null;
}

export interface RecordEnvelope<T = CrmRecord> {
  data: T;
}

export interface CreateResult {
  data: CrmRecord;
  duplicates: { id: string; name: string; reasons: string[] }[];
}

export type TimelineItem =
  | { type: 'activity'; at: string; activity: CrmRecord }
  | {
      type: 'event';
      seq: number;
      entity: EntityName;
      record_id: string;
      kind: 'created' | 'updated' | 'deleted' | 'stage_changed' | 'merged';
      at: string;
      actor: string | null;
      data: { changes?: Record<string, [unknown, unknown]>; from_stage?: string; to_stage?: string; [k: string]: unknown };
    };

export interface Timeline {
  items: TimelineItem[];
  next_before: string | null;
}

export interface StageChange {
  deal_id: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
  source?: string;
}

export interface SimilarResult {
  id: string;
  score: number;
  reasons: string[];
}

/** A scoring strategy's name (weighted, logistic, naive-bayes …): the server's list may grow, so it is a string here. */
export type StrategyName = string;
export type ScoreTarget = 'deal' | 'lead';
export type Tier = 'hot' | 'warm' | 'cold';

export interface ScoreFactor {
  /** The factor in words ("2 meetings in the last 14 days"). */
  feature: string;
  /** Contribution to the log-odds. */
  effect: number;
  key: string;
}

/** GET /api/deals/:id/score */
export interface DealScore {
  id: string;
  target?: ScoreTarget;
  probability: number;
  strategy: StrategyName;
  modelVersion: number;
  interval: [number, number];
  experiment?: { id: string; variant: number };
  factors: ScoreFactor[];
  notes: string[];
}

/** GET /api/contacts/:id/score: a lead score, 1–99 with a tier and reasons in words. */
export interface LeadScore extends DealScore {
  score: number;
  tier: Tier;
  /** Both ends of the interval in the same tier; otherwise there is not enough evidence for the tier. */
  confident: boolean;
  reasons: { positive: string[]; negative: string[] };
}

/** A row's score in a list fetched with `?include=score` (null when the record could not be scored). */
export interface BriefScore {
  probability: number;
  interval: [number, number];
  strategy: StrategyName;
  score?: number;
  tier?: Tier;
  confident?: boolean;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

export interface StrategyEvaluation {
  strategy: StrategyName;
  auc: number;
  brier: number;
  logLoss: number;
  ece: number;
  reliability: ReliabilityBin[];
  trainSeconds?: number;
}

/** One current model of a target, with the evaluation stored at training time. */
export interface ModelInfo {
  strategy: StrategyName;
  version: number;
  trained_at: string;
  evaluation: StrategyEvaluation | null;
  best?: StrategyName;
  warnings?: string[];
  won?: number;
  lost?: number;
  throughSeq?: number | null;
}

export interface ModelVersion {
  strategy: string;
  version: number;
  trained_at: string;
  active: boolean | number;
  [k: string]: unknown;
}

/** GET /api/models */
export interface ModelsStatus {
  targets: { target: ScoreTarget; default: StrategyName; models: ModelInfo[] }[];
  versions: ModelVersion[];
  retrain: { due: boolean; reason: string; newOutcomes: number; throughSeq?: number };
}

export interface TrainResult {
  trained: { target: ScoreTarget; strategy: StrategyName; version: number }[];
  seconds: number;
  evaluations: { target: ScoreTarget; outcomes: number; won: number; lost: number; best: StrategyName; warnings: string[]; strategies: StrategyEvaluation[] }[];
}

export interface Experiment {
  id: string;
  name: string;
  target: ScoreTarget;
  variants: { strategy: StrategyName; share: number }[];
  status: 'running' | 'stopped';
  started_at: string;
  stopped_at: string | null;
}

export interface Comparison {
  /** b − a */
  difference: number;
  interval: [number, number];
  p: number;
}

/** GET /api/experiments/:id */
export interface ExperimentResults extends Omit<Experiment, 'variants'> {
  variants: {
    strategy: StrategyName;
    share: number;
    outcomes: number;
    won: number;
    winRate: number | null;
    winRateInterval: [number, number] | null;
    meanPredicted: number | null;
    brier: number | null;
    logLoss: number | null;
  }[];
  comparison: { winRate: Comparison | null; brier: Comparison | null } | null;
  verdict: string;
}

/** A saved view of a list: its query string (filters, sort, columns) under a name, shared by the workspace. */
export interface SavedView {
  id: string;
  name: string;
  object: 'companies' | 'contacts' | 'deals';
  query: string;
  created_at: string;
}

export interface PipelineStage {
  stage: string;
  count: number;
  amount: number;
}

export interface QueryAnswer {
  intent: 'filter' | 'top' | 'aggregate' | 'similar' | 'semantic';
  entity: EntityName;
  interpretation: {
    filters: { field: string; op: string; value: unknown; label: string }[];
    sort: { field: string; direction: 'asc' | 'desc' } | null;
    limit: number | null;
    aggregate: { fn: string; field: string | null; groupBy: string | null } | null;
    semantic: { topic: string; fallback: boolean } | null;
    similar: { seed: string; id: string | null; name: string | null } | null;
    unparsed: string[];
    notes: string[];
    explanation: string;
  };
  total: number;
  results: (CrmRecord & { score: number; reasons?: string[] })[];
  value?: number | null;
  groups?: { key: unknown; label: string; value: number | null; count: number }[];
}

export interface ImportRowError {
  file: string;
  line: number;
  id?: string;
  field?: string;
  message: string;
}

export interface ImportReport {
  files: {
    file: string;
    entity: EntityName;
    rows: number;
    inserted: number;
    updated: number;
    unchanged: number;
    skipped: number;
    errors: ImportRowError[];
    more_errors: number;
    rolled_back: boolean;
    duplicates: number;
    seconds: number;
  }[];
  not_imported: string[];
  ok: boolean;
}

export interface DuplicatePair {
  a: string;
  b: string;
  a_name: string;
  b_name: string;
  reasons: string[];
}

export interface MergePreview {
  survivor: CrmRecord;
  filled: Record<string, { value: unknown; from: string }>;
}

export interface MergeResult {
  survivor: CrmRecord;
  merged: string[];
  filled: Record<string, { value: unknown; from: string }>;
  moved: Record<string, number>;
}
