/**
 * The weighted forecast (issue 15): each open deal's amount times its win probability, per stage and per month of
 * expected close, with totals. The probability is the deal's learned score when the scoring layer gives one
 * (`basis: 'score'`), otherwise its stage's default weight (`basis: 'stage'`). Closed deals are not in it.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { ENTITIES, OPEN_STAGES, type CrmRecord, type DealStage } from '../core/entities.js';
import type { Filter, Storage } from '../storage/index.js';

/** Default win probability of an open deal by stage (Pipedrive's and HubSpot's defaults are of this order). */
export const STAGE_PROBABILITY: Readonly<Record<string, number>> = { lead: 0.1, qualified: 0.25, proposal: 0.5, negotiation: 0.75 };

/** Win probabilities of open deals by id (the scoring layer); a deal missing from the answer gets its stage's weight. */
export type ProbabilitySource = (ws: string, deals: readonly CrmRecord[]) => Promise<Map<string, number>>;

export interface ForecastLine {
  count: number;
  /** Sum of the open amounts (deals without an amount count as 0). */
  amount: number;
  /** Sum of amount × probability. */
  weighted: number;
}

export interface Forecast {
  basis: 'score' | 'stage';
  stages: (ForecastLine & { stage: DealStage; probability: number })[];
  /** By month of expected close (YYYY-MM), oldest first; `month: null` for deals without one, last. */
  months: (ForecastLine & { month: string | null; past: boolean })[];
  total: ForecastLine;
  stage_probabilities: Record<string, number>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const line = (): ForecastLine => ({ count: 0, amount: 0, weighted: 0 });

export class ForecastService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async forecast(ws: string, opts: { filters?: Filter[]; probabilities?: ProbabilitySource } = {}): Promise<Forecast> {
    const filters: Filter[] = [...(opts.filters ?? []), { field: 'stage', op: 'in', value: [...OPEN_STAGES] }];
    const stages = new Map<string, ForecastLine>(OPEN_STAGES.map((s) => [s, line()]));
    const months = new Map<string | null, ForecastLine>();
    const total = line();
    let cursor: string | undefined;
    do {
      const page = await this.storage.records.list(ws, ENTITIES.deal, { filters, limit: 500, cursor, sort: { field: 'created_at', direction: 'asc' } });
      const scores = opts.probabilities && page.records.length > 0 ? await opts.probabilities(ws, page.records) : new Map<string, number>();
      for (const d of page.records) {
        const amount = typeof d.amount === 'number' ? d.amount : 0;
        const p = scores.get(d.id) ?? STAGE_PROBABILITY[String(d.stage)] ?? 0;
        const month = typeof d.expected_close === 'string' ? d.expected_close.slice(0, 7) : null;
        if (!months.has(month)) months.set(month, line());
        for (const l of [stages.get(String(d.stage))!, months.get(month)!, total]) {
          l.count++;
          l.amount += amount;
          l.weighted += amount * p;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const thisMonth = toTimestamp(this.clock.now()).slice(0, 7);
    const done = (l: ForecastLine): ForecastLine => ({ count: l.count, amount: round2(l.amount), weighted: round2(l.weighted) });
    return {
      basis: opts.probabilities ? 'score' : 'stage',
      stages: OPEN_STAGES.map((stage) => {
        const l = stages.get(stage)!;
        // With scores, the stage's probability is the amount-weighted mean of its deals' scores.
        const probability = !opts.probabilities ? STAGE_PROBABILITY[stage]! : l.amount > 0 ? l.weighted / l.amount : STAGE_PROBABILITY[stage]!;
        return { stage, probability: Math.round(probability * 1000) / 1000, ...done(l) };
      }),
      months: [...months.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
        .map(([month, l]) => ({ month, past: month !== null && month < thisMonth, ...done(l) })),
      total: done(total),
      stage_probabilities: { ...STAGE_PROBABILITY },
    };
  }
}
