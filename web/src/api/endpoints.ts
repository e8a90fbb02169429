/** Typed calls to every HTTP route the web app uses — the one place that knows URLs and shapes. */
import { request, type Params } from './http';
import type {
  CreateResult,
  CrmRecord,
  DealScore,
  DuplicatePair,
  ImportReport,
  ListPage,
  MergePreview,
  MergeResult,
  PipelineStage,
  QueryAnswer,
  RecordEnvelope,
  SimilarResult,
  StageChange,
  Timeline,
} from './types';

const seg = encodeURIComponent;

export const listRecords = (plural: string, params: Params, signal?: AbortSignal) => request<ListPage>(`/api/${plural}`, { params, signal });

export const getRecord = async (plural: string, id: string) => (await request<RecordEnvelope>(`/api/${plural}/${seg(id)}`)).data;

export const patchRecord = async (plural: string, id: string, patch: Record<string, unknown>) =>
  (await request<RecordEnvelope>(`/api/${plural}/${seg(id)}`, { method: 'PATCH', json: patch })).data;

export const deleteRecord = (plural: string, id: string) => request<void>(`/api/${plural}/${seg(id)}`, { method: 'DELETE' });

export const createRecord = (plural: string, body: Record<string, unknown>) => request<CreateResult>(`/api/${plural}`, { method: 'POST', json: body });

/** Children of a record: /api/contacts/:id/deals, /api/companies/:id/contacts … */
export const relatedRecords = (plural: string, id: string, child: string, params: Params = {}) =>
  request<ListPage>(`/api/${plural}/${seg(id)}/${child}`, { params });

export const timeline = (plural: string, id: string, params: { limit?: number; before?: string } = {}) =>
  request<Timeline>(`/api/${plural}/${seg(id)}/timeline`, { params });

export const stageHistory = async (dealId: string) => (await request<{ data: StageChange[] }>(`/api/deals/${seg(dealId)}/stage-history`)).data;

export const similarRecords = async (plural: string, id: string, limit = 6) =>
  (await request<{ results: SimilarResult[] }>(`/api/${plural}/${seg(id)}/similar`, { params: { limit } })).results;

export const dealScore = (id: string) => request<DealScore>(`/api/deals/${seg(id)}/score`);

export const pipeline = async (params: Params = {}) => (await request<{ data: PipelineStage[] }>('/api/pipeline', { params })).data;

export const naturalQuery = (text: string, limit = 50) => request<QueryAnswer>('/api/query', { method: 'POST', json: { text, limit } });

/** Upload CSV files; a 422 answer (rows with errors) arrives as an ApiError whose body is the report. */
export const importCsv = (files: File[], skipInvalid: boolean) => {
  const form = new FormData();
  for (const file of files) form.append(file.name.replace(/\.csv$/i, '').toLowerCase(), file, file.name);
  return request<ImportReport>('/api/import', { method: 'POST', body: form, params: { skip_invalid: skipInvalid || undefined } });
};

export const duplicatePairs = async (plural: 'contacts' | 'companies') => (await request<{ data: DuplicatePair[] }>(`/api/duplicates/${plural}`)).data;

export const mergePreview = async (plural: string, survivor: string, merged: string[]) =>
  (await request<{ data: MergePreview }>(`/api/${plural}/merge/preview`, { method: 'POST', json: { survivor, merged } })).data;

export const mergeRecords = async (plural: string, survivor: string, merged: string[]) =>
  (await request<{ data: MergeResult }>(`/api/${plural}/merge`, { method: 'POST', json: { survivor, merged } })).data;

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
