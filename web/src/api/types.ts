/**
 * Response shapes of the HTTP API, inferred from the schemas the server serializes its answers with
 * (src/delivery/api/contract.ts; type-only, so nothing of the server is bundled). Answers about records take the
 * record's own schema on the server; here a record is a `CrmRecord` (src/core/entities.ts).
 */
export type { CrmRecord, EntityName, FieldDef, EntityDef, DealStage, ScoreTarget } from '../../../src/core/entities';
import type { CrmRecord } from '../../../src/core/entities';
import type { z } from 'zod';
import type * as Contract from '../../../src/delivery/api/contract';

/** A record schema as the web app reads it: every answer's records are `CrmRecord`s. */
type AnyRecord = z.ZodType<CrmRecord>;

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

/** A page of a list (GET /api/{objects}). */
export type ListPage<T extends CrmRecord = CrmRecord> = z.infer<ReturnType<typeof Contract.listPage<z.ZodType<T>>>>;
export type RecordEnvelope<T extends CrmRecord = CrmRecord> = z.infer<ReturnType<typeof Contract.recordEnvelope<z.ZodType<T>>>>;
/** POST /api/{objects}: the record and its likely duplicates. */
export type CreateResult = z.infer<ReturnType<typeof Contract.createResult<AnyRecord>>>;
export type DuplicateCandidate = z.infer<typeof Contract.duplicateCandidate>;
/** GET /api/{objects}/:id/timeline */
export type Timeline = z.infer<ReturnType<typeof Contract.timelinePage<AnyRecord>>>;
export type TimelineItem = Timeline['items'][number];
export type StageChange = z.infer<typeof Contract.stageChange>;
export type MergePreview = z.infer<ReturnType<typeof Contract.mergePreview<AnyRecord>>>['data'];
export type MergeResult = z.infer<ReturnType<typeof Contract.mergeResult<AnyRecord>>>['data'];
export type MergeFieldPlan = MergePreview['fields'][number];

/** A scoring strategy's name (weighted, logistic, naive-bayes …): the server's list may grow, so it is a string here. */
export type StrategyName = z.infer<typeof Contract.strategyReport>['strategy'];
export type StrategyEvaluation = z.infer<typeof Contract.strategyReport>;
/** GET /api/models */
export type ModelsStatus = z.infer<typeof Contract.modelsStatus>;
/** One current model of a target, with the evaluation stored at training time. */
export type ModelInfo = ModelsStatus['targets'][number]['models'][number];
export type ModelVersion = ModelsStatus['versions'][number];
export type TrainResult = z.infer<typeof Contract.trainResult>;
export type RolloutResult = z.infer<typeof Contract.rolloutResult>;

/* ── deals: lost reasons, idle threshold, flagged deals, forecast ── */
export type LostReasons = z.infer<typeof Contract.lostReasons>['data'];
export type IdleThreshold = z.infer<typeof Contract.idleThreshold>['data'];
export type FlaggedDeals = z.infer<typeof Contract.flaggedDeals>;
export type DealFlag = FlaggedDeals['data'][number]['flags'][number];
/** A deal as GET /api/deals/flagged answers it: the record with its flags and last touch. */
export type FlaggedDeal = CrmRecord & Pick<FlaggedDeals['data'][number], 'flags' | 'last_touch_at'>;
export type Forecast = z.infer<typeof Contract.forecastBody>['data'];
export type ForecastLine = Forecast['total'];
/** Each value of an import's company column with the company it links to (null: one will be created). */
export type CompanyMatch = z.infer<typeof Contract.companyMatches>['data'][number];
