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

export interface DealScore {
  id: string;
  probability: number;
  strategy: string;
  modelVersion: number;
  interval: [number, number];
  factors: { feature: string; effect: number; key: string }[];
  notes: string[];
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
