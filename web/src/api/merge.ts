/** Merges that keep data (issue 15): the preview's per-field candidates and choices, the merge, company matches for imports. */
import type { CrmRecord } from './types';
import { request } from './http';

export type MergeRule = 'kept' | 'filled' | 'chosen' | 'newest' | 'earliest' | 'concatenated' | 'united';

export interface MergeFieldPlan {
  field: string;
  label: string;
  rule: MergeRule;
  candidates: { from: string; from_name: string; value: unknown; label?: string }[];
  conflict: boolean;
  choice: string | null;
  value: unknown;
}

export interface MergePlan {
  survivor: CrmRecord;
  filled: Record<string, { value: unknown; from: string }>;
  fields: MergeFieldPlan[];
  records: { id: string; name: string }[];
}

export interface MergeDone {
  survivor: CrmRecord;
  merged: string[];
  filled: Record<string, { value: unknown; from: string }>;
  moved: Record<string, number>;
  fields: MergeFieldPlan[];
}

export type MergeChoices = Record<string, string>;

export const mergePlan = async (plural: string, survivor: string, merged: string[], choices: MergeChoices = {}) =>
  (await request<{ data: MergePlan }>(`/api/${plural}/merge/preview`, { method: 'POST', json: { survivor, merged, choices } })).data;

export const mergeWithChoices = async (plural: string, survivor: string, merged: string[], choices: MergeChoices = {}) =>
  (await request<{ data: MergeDone }>(`/api/${plural}/merge`, { method: 'POST', json: { survivor, merged, choices } })).data;

export interface CompanyMatch {
  value: string;
  company: { id: string; name: string } | null;
}

/** Which existing company each name or domain of an import's company column links to (null: it will be created). */
export const companyMatches = async (values: string[]) =>
  (await request<{ data: CompanyMatch[] }>('/api/import/company-matches', { method: 'POST', json: { values } })).data;
