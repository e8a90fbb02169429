/**
 * Next-best action (issue 18): a contact's suggested outreach with its expected response rate and how sure the
 * model is, the outcome of a recommendation, the workspace's outreach catalog — endpoints and React Query hooks.
 *
 * A task made from a suggestion (POST /api/recommendations/{id}/act) carries the recommendation's id in
 * `custom.recommendation_id`, so completing it — on the timeline or on Home — asks for the outcome.
 */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Contract from '../../../src/delivery/api/contract';
import { request } from './http';

const seg = encodeURIComponent;

/** GET /api/contacts/{id}/next-action: the chosen action, how sure, why; every GET logs a new recommendation. */
export type NextAction = z.infer<typeof Contract.nextAction>;
/** One action's expected response rate, its interval and its probability of being the best. */
export type ActionEstimate = z.infer<typeof Contract.actionEstimate>;
export type RecommendationOutcome = z.infer<typeof Contract.outcomeInput>['outcome'];
/** A row of GET /api/recommendations: what was suggested, when, whether someone acted on it, and its outcome. */
export type Recommendation = z.infer<typeof Contract.recommendation>;
/** GET /api/settings/outreach: the catalog of actions, the response window, fatigue, the default policy. */
export type OutreachSettings = z.infer<typeof Contract.outreachSettings>;
export type OutreachSettingsInput = z.input<typeof Contract.outreachSettingsInput>;
export type ActResult = z.infer<typeof Contract.actResult>;

/** The built-in policies (the contract's list, checked by type: the contract itself is not bundled); `fixed:<action>` besides. */
export const POLICIES = ['thompson', 'greedy', 'epsilon-greedy', 'random'] as const satisfies readonly (typeof Contract.POLICY_NAMES)[number][];
export const FIXED_POLICY_PREFIX: typeof Contract.FIXED_POLICY_PREFIX = 'fixed:';

export const nbaKeys = {
  all: ['nba'] as const,
  nextAction: (contactId: string) => ['nba', 'next-action', contactId] as const,
  recommendations: (contactId: string) => ['nba', 'recommendations', contactId] as const,
  outreach: ['nba', 'outreach'] as const,
};

export const nextAction = (contactId: string, policy?: string) => request<NextAction>(`/api/contacts/${seg(contactId)}/next-action`, { params: { policy } });

/** 204; 409 when the recommendation already has an outcome (posted, or inferred from a logged reply). */
export const recordOutcome = (recommendationId: string, outcome: RecommendationOutcome) =>
  request<void>(`/api/recommendations/${seg(recommendationId)}/outcome`, { method: 'POST', json: { outcome } });

/** Turns a recommendation into a task (due later) or logs it as done; the activity carries `custom.recommendation_id`. */
export const actOn = (recommendationId: string, body: z.input<typeof Contract.actInput>) =>
  request<ActResult>(`/api/recommendations/${seg(recommendationId)}/act`, { method: 'POST', json: body });

/** The contact's recommendations, newest first: pages (oldest first) are followed to the end, at most `maxPages`. */
export async function recommendations(contactId: string, maxPages = 4): Promise<Recommendation[]> {
  const all: Recommendation[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const body = await request<z.infer<typeof Contract.recommendationList>>('/api/recommendations', { params: { contact_id: contactId, after, limit: 500 } });
    all.push(...body.data);
    if (!body.next) break;
    after = body.next;
  }
  return all.reverse();
}

export const outreachSettings = () => request<OutreachSettings>('/api/settings/outreach');

export const saveOutreachSettings = (settings: OutreachSettingsInput) => request<OutreachSettings>('/api/settings/outreach', { method: 'PUT', json: settings });

/**
 * A contact's next action. Every GET logs a recommendation on the server, so one is kept for the visit (no refetch
 * on focus or remount) and a new one is asked only when the person wants another suggestion.
 */
export function useNextAction(contactId: string, enabled = true) {
  return useQuery({
    queryKey: nbaKeys.nextAction(contactId),
    queryFn: () => nextAction(contactId),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function useRecommendations(contactId: string, enabled = true) {
  return useQuery({ queryKey: nbaKeys.recommendations(contactId), queryFn: () => recommendations(contactId), enabled, retry: false });
}

/** The workspace's catalog (labels of custom actions), cached for a few minutes. */
export function useOutreachSettings() {
  return useQuery({ queryKey: nbaKeys.outreach, queryFn: outreachSettings, staleTime: 5 * 60_000 });
}

/** The recommendation a task or activity was made from (the server sets `custom.recommendation_id`); null otherwise. */
export function recommendationOf(activity: { custom?: unknown }): string | null {
  const custom = activity.custom;
  if (!custom || typeof custom !== 'object') return null;
  const id = (custom as Record<string, unknown>).recommendation_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/* ── actions in words ── */
const ACTION_VERBS: Record<string, { verb: string; dueInDays: number }> = {
  email: { verb: 'Send an e-mail', dueInDays: 1 },
  call: { verb: 'Call', dueInDays: 1 },
  linkedin_message: { verb: 'Send a LinkedIn message', dueInDays: 1 },
  meeting_invite: { verb: 'Invite to a meeting', dueInDays: 1 },
  event_invite: { verb: 'Invite to an event', dueInDays: 1 },
  case_study: { verb: 'Share a case study', dueInDays: 1 },
  // Waiting is the action: the task is a reminder to look again in a week.
  wait: { verb: 'Wait, and check again in a week', dueInDays: 7 },
};

/** "linkedin_message" → "Linkedin message": a key in words, as the server labels an action it was given no label for. */
const keyInWords = (action: string) => {
  const words = action.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : action;
};

/**
 * An action as a thing to do: the label the workspace's catalog gives it when an admin wrote one ("Send the retail
 * case study"), else the default catalog's actions as verbs ("linkedin_message" → "Send a LinkedIn message"), else
 * the key in words.
 */
export function actionLabel(action: string, catalog?: OutreachSettings['actions']): string {
  const label = catalog?.find((a) => a.key === action)?.label;
  if (label && label !== keyInWords(action)) return label;
  return ACTION_VERBS[action]?.verb ?? label ?? keyInWords(action);
}

/** When a task made from the action is due: 09:00 local time, tomorrow (a week ahead for waiting). */
export function dueFor(action: string, now = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + (ACTION_VERBS[action]?.dueInDays ?? 1));
  d.setHours(9, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How sure the model is that the action is the best, in plain words. */
export function confidenceWords(probabilityBest: number): string {
  if (probabilityBest >= 0.9) return 'Very likely the best option';
  if (probabilityBest >= 0.7) return 'Probably the best option';
  if (probabilityBest >= 0.4) return 'Possibly the best — others are close';
  return 'No option is clearly best yet';
}

/**
 * Too little evidence to tell: no outcome has been learned from yet (model version 0), or the interval still
 * spans most of the range — the suggestion is then a guess that is also there to learn.
 */
export const notEnoughEvidence = (n: Pick<NextAction, 'interval' | 'modelVersion'>) => n.modelVersion === 0 || n.interval[1] - n.interval[0] > 0.4;

/**
 * Nothing learned yet (a new workspace): every action still has the same prior, so every estimate is identical —
 * the first outcome of any action moves that action's own estimate. The expected rate shown then would be the
 * prior's guess, not something learned, and the card says so instead of showing it as a figure.
 */
export const nothingLearnedYet = (n: Pick<NextAction, 'expected' | 'interval' | 'alternatives'>) =>
  n.alternatives.length > 0 && n.alternatives.every((a) => a.expected === n.expected && a.interval[0] === n.interval[0] && a.interval[1] === n.interval[1]);
