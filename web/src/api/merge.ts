/** Merges that keep data (issue 15): the preview's per-field candidates and choices, the merge, company matches for imports. */
import type { CompanyMatch, MergeFieldPlan, MergePreview, MergeResult } from './types';
import { request } from './http';

// The shapes are the contract's (types.ts).
export type { CompanyMatch, MergeFieldPlan };
export type MergeRule = MergeFieldPlan['rule'];
export type MergePlan = MergePreview;
export type MergeDone = MergeResult;

export type MergeChoices = Record<string, string>;

export const mergePlan = async (plural: string, survivor: string, merged: string[], choices: MergeChoices = {}) =>
  (await request<{ data: MergePlan }>(`/api/${plural}/merge/preview`, { method: 'POST', json: { survivor, merged, choices } })).data;

export const mergeWithChoices = async (plural: string, survivor: string, merged: string[], choices: MergeChoices = {}) =>
  (await request<{ data: MergeDone }>(`/api/${plural}/merge`, { method: 'POST', json: { survivor, merged, choices } })).data;

/** Which existing company each name or domain of an import's company column links to (null: it will be created). */
export const companyMatches = async (values: string[]) =>
  (await request<{ data: CompanyMatch[] }>('/api/import/company-matches', { method: 'POST', json: { values } })).data;
