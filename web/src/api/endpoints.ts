/** Typed calls to every HTTP route the web app uses — the one place that knows URLs and shapes. */
import type { MergePlural } from './entities';
import { request, uploadForm, type Params } from './http';
import type {
  CreateResult,
  CrmRecord,
  DealScore,
  DuplicatePair,
  Experiment,
  ExperimentResults,
  FlaggedDeal,
  FlaggedDeals,
  Forecast,
  IdleThreshold,
  ImportJob,
  LeadScore,
  LostReasons,
  ListPage,
  ModelsStatus,
  PipelineStage,
  QueryAnswer,
  RecordEnvelope,
  SavedView,
  ScoreTarget,
  SimilarResult,
  StageChange,
  StrategyName,
  Timeline,
  TrainResult,
} from './types';

const seg = encodeURIComponent;

export const listRecords = (plural: string, params: Params, signal?: AbortSignal) => request<ListPage>(`/api/${plural}`, { params, signal });

export const getRecord = async (plural: string, id: string) => (await request<RecordEnvelope>(`/api/${plural}/${seg(id)}`)).data;

export const patchRecord = async (plural: string, id: string, patch: Record<string, unknown>) =>
  (await request<RecordEnvelope>(`/api/${plural}/${seg(id)}`, { method: 'PATCH', json: patch })).data;

export const deleteRecord = (plural: string, id: string) => request<void>(`/api/${plural}/${seg(id)}`, { method: 'DELETE' });

export const createRecord = (plural: string, body: Record<string, unknown>) => request<CreateResult>(`/api/${plural}`, { method: 'POST', json: body });

/* ── create and link (issue 15, part A) ── */
/** Likely duplicates of a record before it is saved (POST /api/{plural}/duplicates/check): contacts and companies. */
export const checkDuplicates = async (plural: string, draft: Record<string, unknown>, signal?: AbortSignal) =>
  (await request<{ data: CreateResult['duplicates'] }>(`/api/${plural}/duplicates/check`, { method: 'POST', json: draft, signal })).data;

/** Children of a record: /api/contacts/:id/deals, /api/companies/:id/contacts … */
export const relatedRecords = (plural: string, id: string, child: string, params: Params = {}) =>
  request<ListPage>(`/api/${plural}/${seg(id)}/${child}`, { params });

export const timeline = (plural: string, id: string, params: { limit?: number; before?: string } = {}) =>
  request<Timeline>(`/api/${plural}/${seg(id)}/timeline`, { params });

export const stageHistory = async (dealId: string) => (await request<{ data: StageChange[] }>(`/api/deals/${seg(dealId)}/stage-history`)).data;

export const similarRecords = async (plural: string, id: string, limit = 6) =>
  (await request<{ results: SimilarResult[] }>(`/api/${plural}/${seg(id)}/similar`, { params: { limit } })).results;

export const dealScore = (id: string) => request<DealScore>(`/api/deals/${seg(id)}/score`);

export const leadScore = (id: string) => request<LeadScore>(`/api/contacts/${seg(id)}/score`);

export const modelsStatus = () => request<ModelsStatus>('/api/models');

/** Evaluates every strategy and trains the learned ones: tens of seconds on a real workspace. */
export const trainModels = () => request<TrainResult>('/api/models/train', { method: 'POST' });

/** Rolls a strategy out to the workspace for a target; null goes back to the evaluation's choice. Returns the default now. */
export const setRollout = async (target: ScoreTarget, strategy: StrategyName | null) =>
  (await request<{ target: ScoreTarget; default: StrategyName }>(`/api/models/${seg(target)}/rollout`, { method: 'PUT', json: { strategy } })).default;

export const experiments = async () => (await request<{ data: Experiment[] }>('/api/experiments')).data;

export const startExperiment = (body: { name?: string; target: ScoreTarget; variants: StrategyName[] }) =>
  request<Experiment>('/api/experiments', { method: 'POST', json: body });

export const experimentResults = (id: string) => request<ExperimentResults>(`/api/experiments/${seg(id)}`);

export const stopExperiment = (id: string) => request<Experiment>(`/api/experiments/${seg(id)}/stop`, { method: 'POST' });

export const savedViews = async (object: string) => (await request<{ data: SavedView[] }>('/api/views', { params: { object } })).data;

export const saveView = async (body: { name: string; object: string; query: string }) => (await request<{ data: SavedView }>('/api/views', { method: 'POST', json: body })).data;

export const deleteView = (id: string) => request<void>(`/api/views/${seg(id)}`, { method: 'DELETE' });

/** One currency's part of the board: its sums per stage, its open pipeline and (asked with forecast) its weighted forecast. */
export interface CurrencyPipeline {
  currency: string;
  stages: PipelineStage[];
  open: { count: number; amount: number };
  weighted?: number;
}
/** The board's sums per currency, never one figure across two (`forecast: 'true'` adds each currency's weighted forecast). */
export const pipelineCurrencies = async (params: Params = {}) =>
  (await request<{ data: { workspace_currency: string; currencies: CurrencyPipeline[] } }>('/api/pipeline/currencies', { params })).data;

/** What the CRM gave a closed deal just before its close (null: nothing recorded, e.g. imported closed). */
export interface DealClosing {
  outcome: 'won' | 'lost';
  at: string;
  probability: number | null;
  strategy: string | null;
  model_version: number | null;
}
export const dealClosing = async (id: string) => (await request<{ data: DealClosing | null }>(`/api/deals/${seg(id)}/closing`)).data;

export const naturalQuery = (text: string, limit = 50) => request<QueryAnswer>('/api/query', { method: 'POST', json: { text, limit } });

/**
 * One file per object, sent as the part named after it, with upload progress (sent and total bytes). The server
 * answers 202 with a background job: follow it with `waitForImportJob`.
 */
export const importFiles = async (parts: { plural: string; file: Blob; name: string }[], skipInvalid: boolean, onProgress?: (sent: number, total: number) => void) => {
  const form = new FormData();
  for (const p of parts) form.append(p.plural, p.file, p.name);
  return (await uploadForm<{ job: ImportJob }>('/api/import', form, { params: { skip_invalid: skipInvalid || undefined }, onProgress })).job;
};

export const importJob = (id: string, signal?: AbortSignal) => request<ImportJob>(`/api/import/jobs/${seg(id)}`, { signal });

/** Polls an import job until it has finished, handing each state to `onUpdate` (progress per file). */
export async function waitForImportJob(job: ImportJob, onUpdate?: (job: ImportJob) => void, everyMs = 400): Promise<ImportJob> {
  let current = job;
  while (current.status === 'queued' || current.status === 'running') {
    await new Promise((r) => setTimeout(r, everyMs));
    current = await importJob(current.id);
    onUpdate?.(current);
  }
  return current;
}

/** Likely duplicates of a saved record (contacts and companies), with reasons. */
export const recordDuplicates = async (plural: string, id: string) => (await request<{ data: CreateResult['duplicates'] }>(`/api/${plural}/${seg(id)}/duplicates`)).data;

export const duplicatePairs = async (plural: MergePlural) => (await request<{ data: DuplicatePair[] }>(`/api/duplicates/${plural}`)).data;


/** Ids of every company in an industry (exact value), page after page of 500. */
export async function companyIdsInIndustry(industry: string, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRecords('companies', { industry, limit: 500, total: false, cursor }, signal);
    ids.push(...page.data.map((c) => c.id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}

/** Display names of referenced records, fetched in one list call per object. */
export async function recordsByIds(plural: string, ids: readonly string[]): Promise<CrmRecord[]> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out: CrmRecord[] = [];
  for (let i = 0; i < unique.length; i += 200) {
    const page = await listRecords(plural, { 'id[in]': unique.slice(i, i + 200).join(','), limit: 500, total: false });
    out.push(...page.data);
  }
  return out;
}

/* ── close (issue 15): lost reasons, idle threshold, flagged deals, forecast ── */
// The shapes are the contract's (types.ts, type-only: nothing of the server is bundled).
export type { DealFlag, FlaggedDeal, Forecast, ForecastLine } from './types';
export const lostReasons = async () => (await request<{ data: LostReasons }>('/api/settings/lost-reasons')).data.reasons;
export const saveLostReasons = async (reasons: string[]) => (await request<{ data: LostReasons }>('/api/settings/lost-reasons', { method: 'PUT', json: { reasons } })).data.reasons;
export const idleThreshold = async () => (await request<{ data: IdleThreshold }>('/api/settings/idle-threshold')).data.days;
export const forecast = async (params: Params = {}) => (await request<{ data: Forecast }>('/api/forecast', { params })).data;
export const flaggedDeals = (params: Params = {}) => request<Omit<FlaggedDeals, 'data'> & { data: FlaggedDeal[] }>('/api/deals/flagged', { params });
/** The workspace's currency (an ISO 4217 code): new deals start with it, sums are shown in it. */
export const currencyKey = ['workspace-currency'] as const;
export const workspaceCurrency = async () => (await request<{ data: { currency: string } }>('/api/settings/currency')).data.currency;
export const saveWorkspaceCurrency = async (currency: string) => (await request<{ data: { currency: string } }>('/api/settings/currency', { method: 'PUT', json: { currency } })).data.currency;
export const saveIdleThreshold = async (days: number) => (await request<{ data: IdleThreshold }>('/api/settings/idle-threshold', { method: 'PUT', json: { days } })).data.days;
