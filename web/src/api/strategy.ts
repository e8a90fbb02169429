/**
 * Deal strategy (issue 19): a deal's suggested action this week with its reasons and the action probabilities, and
 * logging it — a task or a done activity carrying `recommendation_id`, which spends the deal's effort budget.
 */
import type { z } from 'zod';
import type * as Strategy from '../../../src/delivery/api/contract/strategy';
import { request } from './http';

/** GET /api/deals/{id}/next-action; every GET records a recommendation, so the card asks once per visit. */
export type DealNextAction = z.infer<typeof Strategy.dealNextAction>;
export type DealStrategySettings = z.infer<typeof Strategy.strategySettings>;
/** GET /api/deals/next-actions: the board's suggestions, recorded only when a deal's page asks. */
export type DealPreview = z.infer<typeof Strategy.dealPreviews>['data'][number];

export const strategyKeys = {
  nextAction: (dealId: string) => ['deal-strategy', 'next-action', dealId] as const,
  settings: ['deal-strategy', 'settings'] as const,
  previews: (ids: readonly string[]) => ['deal-strategy', 'previews', ids] as const,
};

export const dealNextAction = (dealId: string) => request<DealNextAction>(`/api/deals/${encodeURIComponent(dealId)}/next-action`);
export const dealPreviews = async (ids: readonly string[], signal?: AbortSignal) =>
  (await request<{ data: DealPreview[] }>('/api/deals/next-actions', { params: { ids: ids.join(',') }, signal })).data;
export const dealStrategySettings = () => request<DealStrategySettings>('/api/settings/deal-strategy');

/** The activity an action is logged as once done. */
const TYPE_OF: Record<string, string> = { email: 'email', call: 'call', meeting: 'meeting', demo: 'meeting' };

/** Logs a suggestion as a task due tomorrow at 09:00 (local) or as done now; the activity names the recommendation. */
export function logSuggestion(dealId: string, suggestion: DealNextAction, label: string, as: 'task' | 'done') {
  const now = new Date();
  const tomorrow9 = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9);
  return request<{ data: { id: string } }>('/api/activities', {
    method: 'POST',
    json: {
      type: as === 'task' ? 'task' : (TYPE_OF[suggestion.action] ?? 'note'),
      deal_id: dealId,
      occurred_at: now.toISOString(),
      ...(as === 'task' ? { due_at: tomorrow9.toISOString() } : {}),
      subject: `${label} (suggested next action)`,
      recommendation_id: suggestion.recommendationId,
    },
  });
}
