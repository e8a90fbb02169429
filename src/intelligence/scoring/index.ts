/**
 * Deal win probability: training (every strategy, versioned in the model store), evaluation, and scoring one
 * deal now with the workspace's best trained strategy or the one asked for.
 */
import type { Clock } from '../../core/clock.js';
import { ENTITIES, type CrmRecord } from '../../core/entities.js';
import { notFound, validationError } from '../../core/errors.js';
import type { Storage } from '../../storage/index.js';
import { closedDeals, evaluate, fitOn, MIN_OUTCOMES_PER_CLASS, type EvaluationReport } from './evaluate.js';
import { isClosed, loadDealWorld, snapshot, type DealWorld } from './features.js';
import { STRATEGIES, STRATEGY, type DealModel, type StrategyName } from './strategies.js';

export { STRATEGIES, type StrategyName } from './strategies.js';
export type { EvaluationReport } from './evaluate.js';

export interface DealScore {
  dealId: string;
  probability: number;
  strategy: StrategyName;
  /** The stored model's version; 0 for the hand-set baseline. */
  modelVersion: number;
  interval: [number, number];
  factors: { feature: string; effect: number }[];
  notes: string[];
}

export interface TrainReport {
  evaluation: EvaluationReport;
  trained: { strategy: StrategyName; version: number }[];
  seconds: number;
}

export class DealScoringService {
  private readonly models = new Map<string, { version: number; model: DealModel }>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  evaluate(ws: string): Promise<EvaluationReport> {
    return loadDealWorld(this.storage, ws).then((world) => evaluate(world));
  }

  /** Evaluates every strategy, then trains each learned one on all closed deals and stores it as a new version. */
  async train(ws: string): Promise<TrainReport> {
    const t0 = performance.now();
    const world = await loadDealWorld(this.storage, ws);
    const evaluation = evaluate(world);
    const closed = closedDeals(world);
    const trained: TrainReport['trained'] = [];
    const now = this.clock.now().toISOString();
    for (const name of STRATEGIES) {
      if (!STRATEGY[name].learns || closed.length < 20) continue;
      const model = fitOn(world, name, closed, true);
      const metrics = { evaluation: evaluation.strategies.find((s) => s.strategy === name) ?? null, best: evaluation.best, warnings: evaluation.warnings, won: evaluation.won, lost: evaluation.lost };
      const version = await this.storage.models.save(ws, name, JSON.stringify(model.toJSON()), JSON.stringify(metrics), now);
      trained.push({ strategy: name, version });
    }
    this.models.clear();
    return { evaluation, trained, seconds: (performance.now() - t0) / 1000 };
  }

  /** What scores in this workspace: stored versions, their evaluation and warnings. */
  async status(ws: string) {
    const versions = await this.storage.models.list(ws);
    const current = versions.filter((v) => v.active);
    const latest = new Map<string, (typeof versions)[number]>();
    for (const v of current) if (!latest.has(v.strategy)) latest.set(v.strategy, v);
    const metrics = [...latest.values()].map((v) => ({ strategy: v.strategy, version: v.version, trained_at: v.trained_at, ...(JSON.parse(v.metrics) as Record<string, unknown>) }));
    return { default: await this.defaultStrategy(ws), models: metrics, versions: versions.map(({ metrics: _m, ...v }) => v) };
  }

  async rollback(ws: string, strategy: StrategyName): Promise<number | undefined> {
    const v = await this.storage.models.rollback(ws, strategy);
    this.models.clear();
    return v;
  }

  /** The workspace's best evaluated learned strategy, or the hand-set prior while outcomes are too few. */
  private async defaultStrategy(ws: string): Promise<StrategyName> {
    for (const name of STRATEGIES) {
      if (!STRATEGY[name].learns) continue;
      const m = await this.storage.models.current(ws, name);
      if (!m) continue;
      const metrics = JSON.parse(m.metrics) as { best?: StrategyName };
      if (metrics.best) return metrics.best;
    }
    return 'weighted';
  }

  private async model(ws: string, strategy: StrategyName): Promise<{ version: number; model: DealModel } | undefined> {
    if (!STRATEGY[strategy].learns) return { version: 0, model: STRATEGY[strategy].train([]) };
    const stored = await this.storage.models.current(ws, strategy);
    if (!stored) return undefined;
    const key = `${ws}\u0000${strategy}`;
    const hit = this.models.get(key);
    if (hit && hit.version === stored.version) return hit;
    const loaded = { version: stored.version, model: STRATEGY[strategy].restore(JSON.parse(stored.data)) };
    this.models.set(key, loaded);
    return loaded;
  }

  async scoreDeal(ws: string, dealId: string, strategy?: string): Promise<DealScore> {
    if (strategy !== undefined && !STRATEGIES.includes(strategy as StrategyName)) {
      throw validationError(`unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')}`, [{ field: 'strategy', message: 'unknown strategy' }]);
    }
    const deal = await this.storage.records.get(ws, ENTITIES.deal, dealId);
    if (!deal) throw notFound('deal', dealId);
    const notes: string[] = [];
    let name = (strategy as StrategyName | undefined) ?? (await this.defaultStrategy(ws));
    if (strategy === undefined && name === 'weighted' && (await this.storage.models.list(ws)).length === 0) {
      notes.push('no learned model yet (run: crm model train); scored with the hand-set weighted baseline');
    }
    let loaded = await this.model(ws, name);
    if (!loaded) {
      notes.push(`no trained ${name} model yet (run: crm model train); scored with the hand-set weighted baseline`);
      name = 'weighted';
      loaded = (await this.model(ws, 'weighted'))!;
    }
    if (name === 'weighted') notes.push('hand-set weights: the interval is a point, this strategy has no estimate of its own uncertainty');
    if (isClosed(deal)) notes.push(`the deal is already ${deal.stage}; the score is what the model says of it now`);
    const world = await this.dealWorld(ws, deal);
    const p = loaded.model.predict(snapshot(world, deal, this.clock.now().getTime()));
    return { dealId, probability: round(p.probability), strategy: name, modelVersion: loaded.version, interval: [round(p.interval[0]), round(p.interval[1])], factors: p.factors.map((f) => ({ feature: f.feature, effect: round(f.effect) })), notes };
  }

  /** The slice of the workspace one deal's features need. */
  private async dealWorld(ws: string, deal: CrmRecord): Promise<DealWorld> {
    const get = async (entity: 'company' | 'contact', id: unknown) => (typeof id === 'string' ? this.storage.records.get(ws, ENTITIES[entity], id) : undefined);
    const [company, contact, acts, history] = await Promise.all([
      get('company', deal.company_id),
      get('contact', deal.contact_id),
      this.storage.records.list(ws, ENTITIES.activity, { filters: [{ field: 'deal_id', op: 'eq', value: deal.id }], limit: 500, sort: { field: 'occurred_at', direction: 'asc' } }),
      this.storage.stageHistory.forDeals(ws, [deal.id]),
    ]);
    return {
      deals: [deal],
      companies: new Map(company ? [[company.id, company]] : []),
      contacts: new Map(contact ? [[contact.id, contact]] : []),
      activities: new Map([[deal.id, acts.records.map((a) => ({ at: Date.parse(String(a.occurred_at)), type: String(a.type), text: `${a.subject ?? ''}. ${a.body ?? ''}` }))]]),
      stages: new Map([[deal.id, history.filter((h) => h.source !== 'import').map((h) => ({ at: Date.parse(h.at), to: h.to_stage }))]]),
    };
  }
}

export { MIN_OUTCOMES_PER_CLASS };
const round = (x: number) => Math.round(x * 1e4) / 1e4;
