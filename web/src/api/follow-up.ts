/** Follow-up (issue 15): the home screen's figures and the member directory behind owner names and pickers. */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Contract from '../../../src/delivery/api/contract';
import { listRecords } from './endpoints';
import { request } from './http';
import type { CrmRecord } from './types';

/** GET /api/home: my tasks (overdue, today, this week), my deals closing soon or overdue, recent activity. */
export type Home = z.infer<typeof Contract.homeBody>;
export type HomeItem = Home['recent'][number];
/** A member as every role sees them: what `owner` holds (id) and shows (name or e-mail). */
export type MemberBrief = z.infer<typeof Contract.memberBrief>;

// Under 'home': whatever refreshes Home refreshes the tasks without a date too.
export const followUpKeys = { home: ['home'] as const, undatedTasks: ['home', 'undated-tasks'] as const, members: ['members'] as const };

/** The start of the browser's today (local midnight) as an instant: the server's "today" follows the user. */
export function localDayStart(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whose tasks and deals Home shows: the signed-in member's own, or the whole workspace's. */
export type HomeScope = 'mine' | 'everyone';
export const getHome = (scope: HomeScope = 'mine') => request<Home>('/api/home', { params: { day_start: localDayStart(), ...(scope === 'everyone' ? { scope } : {}) } });
export const listMembers = async () => (await request<{ data: MemberBrief[] }>('/api/members')).data;

/** Home's figures for one scope: under followUpKeys.home, so whatever refreshes Home refreshes both. */
export const homeKey = (scope: HomeScope) => [...followUpKeys.home, 'summary', scope] as const;

export function useHome(scope: HomeScope = 'mine') {
  return useQuery({ queryKey: homeKey(scope), queryFn: () => getHome(scope) });
}

/**
 * Open tasks without a due date (GET /api/activities: type=task, no due_at, not completed), newest first: mine
 * when someone is signed in, everyone's otherwise — as Home's own lists. /api/home groups tasks by due date only.
 */
export const undatedTasks = async (mine: boolean): Promise<CrmRecord[]> =>
  (await listRecords('activities', { type: 'task', 'due_at[empty]': 'true', 'completed_at[empty]': 'true', ...(mine ? { owner: 'me' } : {}), sort: '-occurred_at', limit: 50, total: false })).data;

export function useUndatedTasks(mine: boolean | undefined) {
  return useQuery({ queryKey: [...followUpKeys.undatedTasks, mine], queryFn: () => undatedTasks(!!mine), enabled: mine !== undefined });
}

/** The workspace's members, cached for a few minutes: owner cells and pickers all read this one list. */
export function useMembers() {
  return useQuery({ queryKey: followUpKeys.members, queryFn: listMembers, staleTime: 5 * 60_000 });
}

export const memberLabel = (m: MemberBrief) => m.name || m.email;
