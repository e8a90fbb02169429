/**
 * Response shapes of the HTTP API. The object declarations (fields, stages, labels) come from src/core/entities.ts
 * and most answers from the server's response schemas (src/delivery/api/contract.ts); what is written out below is
 * what the server documents only loosely (model evaluations and statuses, merge results, timelines).
 */
export type { CrmRecord, EntityName, FieldDef, EntityDef, DealStage } from '../../../src/core/entities';
import type { CrmRecord, EntityName } from '../../../src/core/entities';
import type { z } from 'zod';
import type * as Contract from '../../../src/delivery/api/contract';

// Typed from the schemas the server serializes its answers with (src/delivery/api/contract.ts), not restated.
export type ApiErrorBody = z.infer<typeof Contract.errorBody>;
export type SimilarResult = z.infer<typeof Contract.similarBody>['results'][number];
/** GET /api/deals/:id/score */
export type DealScore = z.infer<typeof Contract.dealScore>;
/** GET /api/contacts/:id/score: a lead score, 1–99 with a tier, `confident` when the interval stays in it, reasons in words. */
export type LeadScore = z.infer<typeof Contract.leadScore>;
/** A row's score in a list fetched with `?include=score` (null when the record could not be scored). */
export type BriefScore = z.infer<typeof Contract.briefScore>;
/** A factor in words ("2 meetings in the last 14 days") and its contribution to the log-odds. */
export type ScoreFactor = DealScore['factors'][number];
export type Tier = LeadScore['tier'];
export type Experiment = z.infer<typeof Contract.experiment>;
/** GET /api/experiments/:id */
export type ExperimentResults = z.infer<typeof Contract.experimentResults>;
/** The second variant against the first: difference (b − a), interval, p. */
export type Comparison = NonNullable<NonNullable<ExperimentResults['comparison']>['winRate']>;
/** A saved view of a list: its query string (filters, sort, columns) under a name, shared by the workspace. */
export type SavedView = z.infer<typeof Contract.savedView>;
export type PipelineStage = z.infer<typeof Contract.pipelineBody>['data'][number];
export type DuplicatePair = z.infer<typeof Contract.duplicatePair>;
/** POST /api/query; each hit is the record itself with its relevance (the server documents hits loosely). */
export type QueryAnswer = Omit<z.infer<typeof Contract.queryBody>, 'results'> & { results: (CrmRecord & { score: number; reasons?: string[] })[] };
export type ImportReport = z.infer<typeof Contract.importReport>;
export type ImportRowError = ImportReport['files'][number]['errors'][number];
/** A background import (POST /api/import answers with one; GET /api/import/jobs/{id} reports it). */
export type ImportJob = z.infer<typeof Contract.importJob>;
/** A calibration bin of an evaluation's reliability table. */
export type ReliabilityBin = StrategyEvaluation['reliability'][number];
export type FunnelEvidence = z.infer<typeof Contract.funnelEvidence>;

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

/** A scoring strategy's name (weighted, logistic, naive-bayes …): the server's list may grow, so it is a string here. */
export type StrategyName = string;
export type ScoreTarget = 'deal' | 'lead';
export type StrategyEvaluation = z.infer<typeof Contract.strategyReport>;
/** GET /api/models */
export type ModelsStatus = z.infer<typeof Contract.modelsStatus>;
/** One current model of a target, with the evaluation stored at training time. */
export type ModelInfo = ModelsStatus['targets'][number]['models'][number];
export type ModelVersion = ModelsStatus['versions'][number];
export type TrainResult = z.infer<typeof Contract.trainResult>;

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
