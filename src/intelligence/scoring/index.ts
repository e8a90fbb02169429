/**
 * Learned scores: a deal's probability of being won and a lead's (contact's) probability of becoming a customer.
 * Training evaluates every strategy on newer outcomes, then fits the learned ones on all of them and stores each
 * as a new version; scoring uses the workspace's best evaluated strategy, or the one asked for, and explains
 * itself in words.
 */
import type { Clock } from '../../core/clock.js';
import { ENTITIES, type CrmRecord } from '../../core/entities.js';
import { notFound, validationError } from '../../core/errors.js';
import type { Storage } from '../../storage/index.js';
import { collect, pagesWhereIn } from '../../storage/paging.js';
import { evaluate, inProcessFitter, MIN_OUTCOMES_PER_CLASS, type EvaluationReport, type Fitter, type StageEvidence, type StrategyReport } from './evaluate.js';
import { describeFactors, lacksEvidence, leadTier, summarise, tierOf, type Factor, type Tier } from './explain.js';
import { buildWorld, loadWorld, loadWorldParts, type ScoringWorld, type Snapshot } from './features.js';
import { FitPool, trainWorkers } from './fit-pool.js';
import { FunnelAdjustedModel, withFunnel } from './funnel.js';
import { STRATEGIES, STRATEGY, type ScoreModel, type StrategyName } from './strategies.js';
import { TARGETS, type ScoringTarget, type TargetName } from './targets.js';
import { assignVariant, ExperimentService } from '../learning/experiments.js';

export { STRATEGIES, type StrategyName } from './strategies.js';
export { TARGETS, type TargetName } from './targets.js';
export { TIER_THRESHOLDS } from './explain.js';
export type { EvaluationReport } from './evaluate.js';
export { MIN_OUTCOMES_PER_CLASS };

export interface Score {
  /** The deal or contact scored. */
  id: string;
  target: TargetName;
  /** Calibrated probability of the outcome (winning the deal; the lead becoming a customer). */
  probability: number;
  strategy: StrategyName;
  /** The stored model's version; 0 for the hand-set baseline. */
  modelVersion: number;
  interval: [number, number];
  /** Set while an A/B experiment assigns this record's strategy: its id and the variant (0-based). */
  experiment?: { id: string; variant: number };
  /** Contributions to the log-odds, largest first, in words (`feature`) and by the model's name (`key`). */
  factors: Factor[];
  notes: string[];
}

/** A lead score as salespeople know it: 1–99, a tier, and the top reasons each way. */
export interface LeadScore extends Score {
  score: number;
  tier: Tier;
  /** Whether both ends of the interval are in the same tier; otherwise there is not enough evidence for it yet. */
  confident: boolean;
  reasons: { positive: string[]; negative: string[] };
}

/** A score as lists and queries show it. */
export interface BriefScore {
  probability: number;
  interval: [number, number];
  strategy: StrategyName;
  score?: number;
  tier?: Tier;
  confident?: boolean;
}

export interface TrainReport {
  evaluations: EvaluationReport[];
  trained: { target: TargetName; strategy: StrategyName; version: number }[];
  seconds: number;
}

/** The workspace setting that rolls a strategy out for a target (a feature flag). */
const rolloutKey = (target: TargetName) => `scoring.rollout.${target}`;

/** The model store's name for a target's strategy. */
export const modelKey = (target: TargetName, strategy: StrategyName) => `${target}/${strategy}`;

export class ScoringService {
  private readonly cache = new Map<string, { version: number; model: ScoreModel }>();
  readonly experiments: ExperimentService;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    /** Fit threads of a retrain as configured (CRM_TRAIN_WORKERS); unset: one per core up to four. */
    private readonly settings: { trainWorkers?: number } = {},
  ) {
    this.experiments = new ExperimentService(storage, clock);
  }

  /** `backtest` adds the pipeline backtest (backtest.ts): three more fits of every strategy. */
  async evaluate(ws: string, target: TargetName = 'deal', opts: { backtest?: boolean } = {}): Promise<EvaluationReport> {
    return evaluate(await loadWorld(this.storage, ws), TARGETS[target], { now: this.clock.now().getTime(), backtest: opts.backtest ?? false });
  }

  /**
   * For every target: evaluates every strategy, then trains each learned one on all outcomes and stores it as a
   * new version. `throughSeq` (the outcome log position the training saw) is kept with the version so the
   * retraining policy knows how many outcomes arrived since. The learning curve is left out unless asked for.
   * All the fits (evaluation and training, deals and leads) are asked for at once and, on a workspace large enough
   * for it, run side by side in `workers` worker threads (default: trainWorkers, one per core up to four); each
   * fit is seeded on its own, so the models are the same either way.
   */
  async train(ws: string, opts: { throughSeq?: number; learningCurve?: boolean; workers?: number } = {}): Promise<TrainReport> {
    const t0 = performance.now();
    const parts = await loadWorldParts(this.storage, ws);
    const world = buildWorld(parts);
    const report: TrainReport = { evaluations: [], trained: [], seconds: 0 };
    const now = this.clock.now().toISOString();
    const targets = Object.values(TARGETS);
    const outcomes = targets.map((target) => target.outcomes(world));
    const workers = opts.workers ?? trainWorkers(outcomes.reduce((a, o) => a + o.length, 0), this.settings.trainWorkers);
    const pool = workers >= 2 ? new FitPool(parts, workers) : undefined;
    const fit: Fitter = pool ? pool.fit : inProcessFitter(world);
    try {
      const runs = targets.map((target, t) => {
        const evaluation = evaluate(world, target, { learningCurve: opts.learningCurve ?? false, fit, now: this.clock.now().getTime() });
        const learned = outcomes[t]!.length < 20 ? [] : STRATEGIES.filter((name) => STRATEGY[name].learns);
        const models = learned.map((name) => fit(target, name, outcomes[t]!, true).then((r) => ({ name, model: r.model })));
        return { target, evaluation, models };
      });
      // Everything is awaited before anything is stored, so a failed fit stores nothing; versions are stored in
      // a fixed order (targets, then strategies).
      const settled = await Promise.allSettled(runs.flatMap((r) => [r.evaluation, ...r.models]));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      for (const run of runs) {
        const evaluation = await run.evaluation;
        report.evaluations.push(evaluation);
        for (const { name, model } of await Promise.all(run.models)) {
          const evaluated = evaluation.strategies.find((s) => s.strategy === name);
          const metrics = {
            evaluation: evaluated ?? null,
            // The hand-set baseline is never stored as a model: its figures on the same outcomes go with each version.
            baseline: evaluation.strategies.find((s) => !STRATEGY[s.strategy].learns) ?? null,
            best: evaluation.best, stageEvidence: evaluation.stageEvidence, warnings: evaluation.warnings, won: evaluation.won, lost: evaluation.lost,
            throughSeq: opts.throughSeq ?? null,
          };
          // The evaluation's funnel evidence goes with the model (the models fitted on everything cannot measure it).
          const stored = evaluated?.funnel ? new FunnelAdjustedModel(model, evaluated.funnel) : model;
          const version = await this.storage.models.save(ws, modelKey(run.target.name, name), JSON.stringify(stored.toJSON()), JSON.stringify(metrics), now);
          report.trained.push({ target: run.target.name, strategy: name, version });
        }
      }
    } finally {
      await pool?.close();
    }
    this.cache.clear();
    report.seconds = (performance.now() - t0) / 1000;
    return report;
  }

  /** What scores in this workspace: per target the default strategy, the current versions with their evaluation. */
  async status(ws: string) {
    const versions = await this.storage.models.list(ws);
    const current = new Map<string, (typeof versions)[number]>();
    for (const v of versions) if (v.active && !current.has(v.strategy)) current.set(v.strategy, v);
    const targets = [];
    for (const target of Object.keys(TARGETS) as TargetName[]) {
      let baseline: StrategyReport | null = null;
      const models = STRATEGIES.flatMap((s) => {
        const v = current.get(modelKey(target, s));
        if (!v) return [];
        const { baseline: evaluated, ...metrics } = JSON.parse(v.metrics) as StoredMetrics;
        baseline ??= evaluated ?? null;
        return [{ strategy: s, version: v.version, trained_at: v.trained_at, ...metrics }];
      });
      const strategy = await this.defaultStrategy(ws, target);
      const evaluated = models.find((m) => m.strategy === strategy)?.evaluation;
      targets.push({
        target, default: strategy, models,
        stage_evidence: models.find((m) => m.stageEvidence)?.stageEvidence ?? null,
        baseline,
        quality: evaluated ? { strategy, reliability: evaluated.reliability, stages: evaluated.stages ?? [] } : null,
      });
    }
    return { targets, versions: versions.map(({ metrics: _m, ...v }) => v) };
  }

  async rollback(ws: string, target: TargetName, strategy: StrategyName): Promise<number | undefined> {
    const v = await this.storage.models.rollback(ws, modelKey(target, strategy));
    this.cache.clear();
    return v;
  }

  /** The workspace's best evaluated learned strategy, or the hand-set prior while outcomes are too few. */
  async defaultStrategy(ws: string, target: TargetName, storage: Storage = this.storage): Promise<StrategyName> {
    // A strategy rolled out to the workspace (a feature flag) wins over the evaluation's choice.
    const rolledOut = await storage.settings.get(ws, rolloutKey(target));
    if (typeof rolledOut === 'string' && STRATEGIES.includes(rolledOut as StrategyName)) return rolledOut as StrategyName;
    for (const name of STRATEGIES) {
      if (!STRATEGY[name].learns) continue;
      const m = await storage.models.currentInfo(ws, modelKey(target, name));
      if (!m) continue;
      const metrics = JSON.parse(m.metrics) as { best?: StrategyName };
      if (metrics.best && STRATEGIES.includes(metrics.best)) return metrics.best;
    }
    return 'weighted';
  }

  /** Rolls a strategy out to a workspace's target (null: back to the evaluation's best). */
  async rollout(ws: string, target: TargetName, strategy: StrategyName | null): Promise<StrategyName> {
    if (strategy === null) await this.storage.settings.delete(ws, rolloutKey(target));
    else await this.storage.settings.set(ws, rolloutKey(target), strategy, this.clock.now().toISOString());
    return this.defaultStrategy(ws, target);
  }

  /**
   * Which strategy scores each record of a target: while an experiment runs, the record's variant; otherwise the
   * workspace's default. Both are read once, so a list of records costs two lookups, not two per record.
   */
  private async strategyChooser(ws: string, target: TargetName, storage: Storage) {
    const exp = await this.experiments.running(ws, target, storage);
    const fallback = exp ? undefined : await this.defaultStrategy(ws, target, storage);
    return (recordId: string): { name: StrategyName; experiment?: { id: string; variant: number } } => {
      if (!exp) return { name: fallback! };
      const variant = assignVariant(exp, recordId);
      return { name: exp.variants[variant]!.strategy, experiment: { id: exp.id, variant } };
    };
  }

  /** Reads through `storage`, which inside a write must be that write's transaction (SQLite has one connection). */
  private async model(ws: string, target: TargetName, strategy: StrategyName, storage: Storage = this.storage): Promise<{ version: number; model: ScoreModel } | undefined> {
    if (!STRATEGY[strategy].learns) return { version: 0, model: await STRATEGY[strategy].train([]) };
    const key = modelKey(target, strategy);
    const info = await storage.models.currentInfo(ws, key);
    if (!info) return undefined;
    const cacheKey = `${ws}\u0000${key}`;
    const hit = this.cache.get(cacheKey);
    if (hit && hit.version === info.version) return hit;
    // The data is read only on a cache miss: a model with its posterior is about a megabyte of JSON.
    const stored = await storage.models.current(ws, key);
    if (!stored) return undefined;
    const json: unknown = JSON.parse(stored.data);
    const loaded = { version: stored.version, model: withFunnel(STRATEGY[strategy].restore(json), json) };
    this.cache.set(cacheKey, loaded);
    return loaded;
  }

  async scoreDeal(ws: string, dealId: string, strategy?: string): Promise<Score> {
    return (await this.score(ws, TARGETS.deal, dealId, strategy)).score;
  }

  async scoreContact(ws: string, contactId: string, strategy?: string): Promise<LeadScore> {
    const { score: s, snap } = await this.score(ws, TARGETS.lead, contactId, strategy);
    const shown = leadTier(s.probability, s.interval, snap);
    const reasons = summarise(s.factors);
    if (lacksEvidence(snap)) {
      s.notes.push('not enough evidence: no activity and no deals with this lead yet, so the score rests on who they are alone and the tier is at most warm');
      reasons.positive = ['not enough evidence yet: never contacted'];
    } else if (!shown.confident) {
      s.notes.push(`not enough evidence for the tier: the probability could be anywhere from ${pct(s.interval[0])} (${tierOf(s.interval[0])}) to ${pct(s.interval[1])} (${tierOf(s.interval[1])})`);
    }
    return { ...s, ...shown, reasons };
  }

  private async score(ws: string, target: ScoringTarget, id: string, strategy?: string): Promise<{ score: Score; snap: Snapshot }> {
    if (strategy !== undefined && !STRATEGIES.includes(strategy as StrategyName)) {
      throw validationError(`unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')}`, [{ field: 'strategy', message: 'unknown strategy' }]);
    }
    const record = await this.storage.records.get(ws, ENTITIES[target.entity], id);
    if (!record) throw notFound(target.entity, id);
    const notes: string[] = [];
    const chosen = strategy !== undefined ? { name: strategy as StrategyName, experiment: undefined } : (await this.strategyChooser(ws, target.name, this.storage))(id);
    let name = chosen.name;
    if (chosen.experiment) notes.push(`scored by experiment ${chosen.experiment.id}: variant ${chosen.experiment.variant + 1} (${name})`);
    let loaded = await this.model(ws, target.name, name);
    if (!loaded) {
      notes.push(`no trained ${name} model yet (run: crm model train); scored with the hand-set weighted baseline`);
      name = 'weighted';
      loaded = (await this.model(ws, target.name, 'weighted'))!;
    } else if (strategy === undefined && !chosen.experiment && name === 'weighted') {
      const trained = await this.storage.models.currentInfo(ws, modelKey(target.name, 'logistic'));
      notes.push(
        trained
          ? 'the learned models did not pass the guard rails (too few outcomes, an evaluation too weak or too good to trust, or no better than the hand-set baseline; see GET /api/models); scored with the hand-set weighted baseline'
          : 'no learned model yet (run: crm model train); scored with the hand-set weighted baseline',
      );
    }
    if (name === 'weighted') notes.push('hand-set weights: the interval is a point, this strategy has no estimate of its own uncertainty');
    const resolved = target.resolvedOutcome(record);
    if (resolved) notes.push(`the outcome is already known (${resolved}); the score is what the model says of it now`);
    const snap = target.snapshot(await this.neighbourhood(this.storage, ws, target, [record]), record, this.clock.now().getTime());
    const p = loaded.model.predict(snap);
    const score: Score = {
      id, target: target.name, probability: round(p.probability), strategy: name, modelVersion: loaded.version,
      ...(chosen.experiment ? { experiment: chosen.experiment } : {}),
      interval: [round(p.interval[0]), round(p.interval[1])],
      factors: describeFactors(p.factors, snap).map((f) => ({ ...f, effect: round(f.effect) })),
      notes,
    };
    return { score, snap };
  }

  /**
   * The context of a decision for the outcome log: the record's features as of `at` and the probability the
   * workspace's default model gave it then. Reads through `storage` (the writing transaction).
   */
  async contextOf(storage: Storage, ws: string, targetName: TargetName, record: CrmRecord, at: string): Promise<Record<string, unknown>> {
    const target = TARGETS[targetName];
    const snap = target.snapshot(await this.neighbourhood(storage, ws, target, [record]), record, Date.parse(at));
    const chosen = (await this.strategyChooser(ws, targetName, storage))(record.id);
    const loaded = (await this.model(ws, targetName, chosen.name, storage)) ?? (await this.model(ws, targetName, 'weighted', storage))!;
    const p = loaded.model.predict(snap);
    const strategy = loaded.version === 0 ? 'weighted' : chosen.name;
    return {
      features: { numeric: snap.numeric, categorical: snap.categorical, phrases: [...snap.phrases] },
      score: { strategy, modelVersion: loaded.version, probability: round(p.probability), interval: p.interval.map(round), ...(chosen.experiment ? { experiment: chosen.experiment } : {}) },
    };
  }

  /**
   * Scores of many records at once (lists, natural-language queries): their neighbourhoods are read in a few
   * batched queries. Returns probability, interval and, for leads, the 1–99 score and tier.
   */
  async scoreMany(ws: string, targetName: TargetName, ids: readonly string[]): Promise<Map<string, BriefScore>> {
    const target = TARGETS[targetName];
    const out = new Map<string, BriefScore>();
    if (ids.length === 0) return out;
    const choose = await this.strategyChooser(ws, targetName, this.storage);
    const records = await this.storage.records.getMany(ws, ENTITIES[target.entity], ids);
    const world = await this.neighbourhood(this.storage, ws, target, records);
    const now = this.clock.now().getTime();
    const models = new Map<StrategyName, { version: number; model: ScoreModel }>();
    for (const r of records) {
      const { name } = choose(r.id);
      if (!models.has(name)) models.set(name, (await this.model(ws, targetName, name)) ?? (await this.model(ws, targetName, 'weighted'))!);
      const loaded = models.get(name)!;
      const snap = target.snapshot(world, r, now);
      const p = loaded.model.predict(snap);
      const brief: BriefScore = { probability: round(p.probability), interval: [round(p.interval[0]), round(p.interval[1])], strategy: loaded.version === 0 ? 'weighted' : name };
      if (targetName === 'lead') Object.assign(brief, leadTier(p.probability, p.interval, snap));
      out.set(r.id, brief);
    }
    return out;
  }

  /** The slice of the workspace these records' features need: companies, contacts, deals, activities, stage moves. */
  private async neighbourhood(storage: Storage, ws: string, target: ScoringTarget, subjects: readonly CrmRecord[]): Promise<ScoringWorld> {
    const { records } = storage;
    const ids = subjects.map((r) => r.id);
    const refs = (field: string) => [...new Set(subjects.map((r) => r[field]).filter((v): v is string => typeof v === 'string'))];
    const all = (entity: 'deal' | 'activity', field: string, values: string[]) => collect(pagesWhereIn(records, ws, ENTITIES[entity], field, values, { limit: 5000 }));
    const isLead = target.entity === 'contact';
    const [companies, contacts, deals, activities, stageChanges] = await Promise.all([
      records.getMany(ws, ENTITIES.company, refs('company_id')),
      isLead ? Promise.resolve([...subjects]) : records.getMany(ws, ENTITIES.contact, refs('contact_id')),
      // A lead's deals; a deal's account's deals (its track record), the deals themselves among them.
      isLead ? all('deal', 'contact_id', ids) : all('deal', 'company_id', refs('company_id')),
      all('activity', isLead ? 'contact_id' : 'deal_id', ids),
      isLead ? Promise.resolve([]) : storage.stageHistory.forDeals(ws, ids),
    ]);
    const dealsById = new Map(deals.map((d) => [d.id, d]));
    if (!isLead) for (const d of subjects) dealsById.set(d.id, d);
    return buildWorld({ deals: [...dealsById.values()], companies, contacts, activities, stageChanges });
  }
}

/** What training stored with a version (older versions may lack the newer keys). */
interface StoredMetrics {
  evaluation?: (Omit<StrategyReport, 'stages'> & { stages?: StrategyReport['stages'] }) | null;
  /** The weighted baseline's evaluation in the same training. */
  baseline?: StrategyReport | null;
  best?: StrategyName;
  stageEvidence?: StageEvidence;
  warnings?: string[];
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const pct = (p: number) => `${Math.round(p * 100)}%`;
