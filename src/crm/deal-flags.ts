/**
 * Flags on open deals, computed on the server so cards, lists and the home screen agree (issue 15):
 *   overdue  expected_close is before today (UTC)
 *   idle     no activity logged on the deal and no stage move for longer than the workspace's threshold
 *            (setting `deals.idle_days`, 30 by default); a deal's creation counts as its first touch.
 * Closed deals have no flags.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { ENTITIES, OPEN_STAGES, type CrmRecord } from '../core/entities.js';
import type { Filter, Storage } from '../storage/index.js';
import { readIdleDays } from './deal-settings.js';
import { isClosedStage } from './pipeline.js';

export const DEAL_FLAGS = ['overdue', 'idle'] as const;
export type DealFlag = (typeof DEAL_FLAGS)[number];

export interface DealFlags {
  flags: DealFlag[];
  /** The latest of: created, an activity on the deal, a stage move. */
  last_touch_at: string | null;
}

const CHUNK = 400;
const DAY_MS = 86_400_000;

export class DealFlagService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** Flags of these deals (any stage; closed ones get none). */
  async flagsFor(ws: string, deals: readonly CrmRecord[], idleDays?: number): Promise<Map<string, DealFlags>> {
    const days = idleDays ?? (await readIdleDays(this.storage.settings, ws));
    const now = this.clock.now();
    const today = toTimestamp(now).slice(0, 10);
    const idleBefore = toTimestamp(new Date(now.getTime() - days * DAY_MS));
    const open = deals.filter((d) => !isClosedStage(d.stage));
    const touch = new Map<string, string>();
    const bump = (id: string, at: unknown) => {
      if (typeof at === 'string' && at > (touch.get(id) ?? '')) touch.set(id, at);
    };
    for (const d of open) bump(d.id, d.created_at);
    for (let i = 0; i < open.length; i += CHUNK) {
      const ids = open.slice(i, i + CHUNK).map((d) => d.id);
      const [activity, moves] = await Promise.all([
        this.storage.records.aggregate(ws, ENTITIES.activity, { fn: 'max', field: 'occurred_at', groupBy: 'deal_id', filters: [{ field: 'deal_id', op: 'in', value: ids }] }),
        this.storage.stageHistory.forDeals(ws, ids),
      ]);
      for (const row of activity) if (typeof row.group === 'string') bump(row.group, row.value);
      for (const m of moves) bump(m.deal_id, m.at);
    }
    const out = new Map<string, DealFlags>();
    for (const d of deals) {
      if (isClosedStage(d.stage)) {
        out.set(d.id, { flags: [], last_touch_at: null });
        continue;
      }
      const flags: DealFlag[] = [];
      if (typeof d.expected_close === 'string' && d.expected_close < today) flags.push('overdue');
      const last = touch.get(d.id) ?? null;
      if (last !== null && last < idleBefore) flags.push('idle');
      out.set(d.id, { flags, last_touch_at: last });
    }
    return out;
  }

  /**
   * Every open deal (matching `filters`) with a flag, or with `flag` when given: overdue ones by expected close,
   * then idle ones by last touch, oldest first; `limit` rows and the counts of each flag. Reads the open deals page
   * by page (the number of open deals bounds the work, not the workspace's history).
   */
  async flagged(ws: string, opts: { flag?: DealFlag; filters?: Filter[]; limit: number }): Promise<{ rows: (CrmRecord & DealFlags)[]; counts: Record<DealFlag, number> }> {
    const idleDays = await readIdleDays(this.storage.settings, ws);
    const filters: Filter[] = [...(opts.filters ?? []), { field: 'stage', op: 'in', value: [...OPEN_STAGES] }];
    const found: (CrmRecord & DealFlags)[] = [];
    const counts: Record<DealFlag, number> = { overdue: 0, idle: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.storage.records.list(ws, ENTITIES.deal, { filters, limit: 500, cursor, sort: { field: 'created_at', direction: 'asc' } });
      const flags = await this.flagsFor(ws, page.records, idleDays);
      for (const d of page.records) {
        const f = flags.get(d.id)!;
        for (const x of f.flags) counts[x]++;
        if (opts.flag ? f.flags.includes(opts.flag) : f.flags.length > 0) found.push({ ...d, ...f });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const rank = (d: CrmRecord & DealFlags) => (d.flags.includes('overdue') && opts.flag !== 'idle' ? `0${String(d.expected_close)}` : `1${d.last_touch_at ?? ''}`);
    found.sort((a, b) => rank(a).localeCompare(rank(b)) || a.id.localeCompare(b.id));
    return { rows: found.slice(0, opts.limit), counts };
  }
}
