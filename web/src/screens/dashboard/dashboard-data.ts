/** The dashboard's figures from the list API: per-month counts come from `total` of tiny pages (stage totals: currency-sums.ts). */
import { ACTIVITY_TYPES } from '../../api/entities';
import { activityTypeLabel } from '../../ui/format';
import { listRecords } from '../../api/endpoints';
import type { CrmRecord } from '../../api/types';

export interface Month {
  key: string; // 2026-05
  label: string; // May 26
  start: string;
  end: string;
}

/** The months a dashboard covers, with their years in full and in the user's locale: "Jan 26 – Dec 26" read as two days. */
export function monthRange(months: Month[], locale?: string): string {
  const name = (m: Month) => new Date(`${m.start}T00:00:00Z`).toLocaleString(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return months.length === 0 ? '' : `${name(months[0]!)} – ${name(months[months.length - 1]!)}`;
}

/** The last n calendar months (UTC), oldest first, ending with the current one. */
export function lastMonths(n: number, now = new Date()): Month[] {
  const out: Month[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    out.push({
      key: start.toISOString().slice(0, 7),
      label: start.toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
      start: start.toISOString().slice(0, 10),
      end: end.toISOString().slice(0, 10),
    });
  }
  return out;
}

const count = async (plural: string, params: Record<string, string>) => (await listRecords(plural, { ...params, limit: 1 })).total ?? 0;

/** Runs tasks a few at a time, keeping the order of results. */
async function limited<T>(tasks: (() => Promise<T>)[], at = 6): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(at, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

export interface OutcomeMonth {
  month: string;
  won: number;
  lost: number;
  wonValue: number;
}

/** Deals closed in the window, fetched whole (a few pages) and counted per month. */
export async function outcomesByMonth(months: Month[]): Promise<OutcomeMonth[]> {
  const closed: CrmRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRecords('deals', { 'stage[in]': 'closed_won,closed_lost', 'closed_at[gte]': months[0]!.start, limit: 500, total: false, cursor });
    closed.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && closed.length < 20_000);
  return months.map((m) => {
    const inMonth = closed.filter((d) => String(d.closed_at ?? '').startsWith(m.key));
    const won = inMonth.filter((d) => d.stage === 'closed_won');
    return { month: m.label, won: won.length, lost: inMonth.length - won.length, wonValue: won.reduce((s, d) => s + Number(d.amount ?? 0), 0) };
  });
}

export async function activityByMonth(months: Month[]): Promise<{ month: string; count: number }[]> {
  const counts = await limited(months.map((m) => () => count('activities', { 'occurred_at[gte]': m.start, 'occurred_at[lt]': m.end })));
  return months.map((m, i) => ({ month: m.label, count: counts[i]! }));
}

export async function activityByType(since: string): Promise<{ label: string; value: number }[]> {
  const counts = await limited(ACTIVITY_TYPES.map((t) => () => count('activities', { type: t, 'occurred_at[gte]': since })));
  return ACTIVITY_TYPES.map((t, i) => ({ label: activityTypeLabel(t), value: counts[i]! })).filter((x) => x.value > 0);
}

