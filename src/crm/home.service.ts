/**
 * The home screen's figures (issue 15): my open tasks — overdue, due today, due later this week —, my open deals
 * closing within 14 days or overdue, and the workspace's recent activity. "My" is the signed-in member (the owner
 * field holds user ids); without one (AUTH=off) everyone's. "Today" is the caller's day: the client sends where it
 * starts (its local midnight as an instant), else the server's UTC day.
 */
import { toTimestamp } from '../core/clock.js';
import { displayName, ENTITIES, OPEN_STAGES, type CrmRecord } from '../core/entities.js';
import type { Filter, Storage } from '../storage/index.js';
import type { RecordService } from './records.service.js';

export const CLOSING_SOON_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;

export interface HomeItem extends CrmRecord {
  /** Display names of the related records, so a list needs no further request. */
  contact_name?: string | null;
  company_name?: string | null;
  deal_name?: string | null;
}

export interface Home {
  me: string | null;
  day_start: string;
  tasks: { overdue: HomeItem[]; today: HomeItem[]; this_week: HomeItem[] };
  deals: { overdue: HomeItem[]; closing_soon: HomeItem[] };
  recent: HomeItem[];
}

export class HomeService {
  constructor(
    private readonly records: RecordService,
    private readonly storage: Storage,
  ) {}

  async home(ws: string, opts: { me: string | null; now: Date; dayStart?: Date }): Promise<Home> {
    const { me, now } = opts;
    const dayStart = opts.dayStart ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const todayEnd = new Date(dayStart.getTime() + DAY);
    const weekEnd = new Date(dayStart.getTime() + 7 * DAY);
    const mine: Filter[] = me ? [{ field: 'owner', op: 'eq', value: me }] : [];

    const tasks = (
      await this.records.list(ws, 'activity', {
        filters: [...mine, { field: 'type', op: 'eq', value: 'task' }, { field: 'completed_at', op: 'empty', value: true }, { field: 'due_at', op: 'lt', value: toTimestamp(weekEnd) }],
        sort: { field: 'due_at', direction: 'asc' },
        limit: 200,
        withTotal: false,
      })
    ).records;
    const nowTs = toTimestamp(now);
    const todayEndTs = toTimestamp(todayEnd);
    const overdue = tasks.filter((t) => (t.due_at as string) < nowTs);
    const today = tasks.filter((t) => (t.due_at as string) >= nowTs && (t.due_at as string) < todayEndTs);
    const thisWeek = tasks.filter((t) => (t.due_at as string) >= todayEndTs);

    // expected_close is a date: compare with the caller's calendar day.
    // The caller's date: noon after their midnight, read in UTC (right for every offset within ±12 hours).
    const todayDate = new Date(dayStart.getTime() + DAY / 2).toISOString().slice(0, 10);
    const soonDate = new Date(Date.parse(`${todayDate}T00:00:00Z`) + CLOSING_SOON_DAYS * DAY).toISOString().slice(0, 10);
    const deals = (
      await this.records.list(ws, 'deal', {
        filters: [...mine, { field: 'stage', op: 'in', value: [...OPEN_STAGES] }, { field: 'expected_close', op: 'lte', value: soonDate }],
        sort: { field: 'expected_close', direction: 'asc' },
        limit: 100,
        withTotal: false,
      })
    ).records;

    const recent = (
      await this.records.list(ws, 'activity', {
        // Up to an hour ahead: a client clock running fast still shows what was just logged; planned ones wait.
        filters: [{ field: 'occurred_at', op: 'lte', value: toTimestamp(new Date(now.getTime() + 60 * 60 * 1000)) }, { field: 'type', op: 'ne', value: 'task' }],
        sort: { field: 'occurred_at', direction: 'desc' },
        limit: 10,
        withTotal: false,
      })
    ).records;

    const named = await this.withNames(ws, [...tasks, ...deals, ...recent]);
    const pick = (rs: CrmRecord[]) => rs.map((r) => named.get(r.id)!);
    return {
      me,
      day_start: toTimestamp(dayStart),
      tasks: { overdue: pick(overdue), today: pick(today), this_week: pick(thisWeek) },
      deals: { overdue: pick(deals.filter((d) => (d.expected_close as string) < todayDate)), closing_soon: pick(deals.filter((d) => (d.expected_close as string) >= todayDate)) },
      recent: pick(recent),
    };
  }

  /** Adds contact_name, company_name and deal_name for the records' references (one read per object). */
  private async withNames(ws: string, rows: CrmRecord[]): Promise<Map<string, HomeItem>> {
    const refs = [
      ['contact_id', 'contact_name', ENTITIES.contact],
      ['company_id', 'company_name', ENTITIES.company],
      ['deal_id', 'deal_name', ENTITIES.deal],
    ] as const;
    const out = new Map<string, HomeItem>(rows.map((r) => [r.id, { ...r }]));
    for (const [field, nameField, entity] of refs) {
      const ids = [...new Set(rows.map((r) => r[field]).filter((v): v is string => typeof v === 'string'))];
      if (ids.length === 0) continue;
      const names = new Map((await this.storage.records.getMany(ws, entity, ids)).map((r) => [r.id, displayName(entity, r)]));
      for (const item of out.values()) if (field in item) item[nameField] = typeof item[field] === 'string' ? (names.get(item[field] as string) ?? null) : null;
    }
    return out;
  }
}
