/**
 * A/B tests of scoring strategies. While an experiment runs on a target (deals or leads), every record of that
 * target is assigned to a variant by a hash of the experiment and record ids — the same record always gets the
 * same variant, in every process — and is scored with that variant's strategy. The outcome log keeps, with each
 * outcome, the score given at the time and its variant; an experiment's results are read from there: per variant
 * the outcomes, the win rate with its interval, and how well the variant's probabilities predicted them (Brier,
 * log-loss), with a significance test between the variants.
 */
import type { Clock } from '../../core/clock.js';
import { conflict, notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Storage, StoredExperiment } from '../../storage/index.js';
import { compareMeans, compareProportions, wilsonInterval, type Comparison } from '../scoring/learn/index.js';
import { STRATEGIES, type StrategyName } from '../scoring/strategies.js';
import { TARGETS, type TargetName } from '../scoring/targets.js';

export interface Variant {
  strategy: StrategyName;
  /** Relative share of records; shares are normalised. */
  share: number;
}

export interface Experiment {
  id: string;
  name: string;
  target: TargetName;
  variants: Variant[];
  status: 'running' | 'stopped';
  started_at: string;
  stopped_at: string | null;
}

/** Fewer outcomes per variant than this, and the results say there is not enough evidence yet. */
export const MIN_OUTCOMES_PER_VARIANT = 30;

const parse = (e: StoredExperiment): Experiment => ({ ...e, target: e.target as TargetName, variants: JSON.parse(e.variants) as Variant[] });

/** The variant of a record: FNV-1a of "experiment:record" as a fraction, cut by the cumulative shares. */
export function assignVariant(exp: Pick<Experiment, 'id' | 'variants'>, recordId: string): number {
  let h = 2166136261;
  const key = `${exp.id}:${recordId}`;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  // A final avalanche so ids that differ in their last character spread over the whole range.
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  const u = (h >>> 0) / 4294967296;
  const total = exp.variants.reduce((s, v) => s + v.share, 0);
  let acc = 0;
  for (let i = 0; i < exp.variants.length; i++) {
    acc += exp.variants[i]!.share / total;
    if (u < acc) return i;
  }
  return exp.variants.length - 1;
}

export interface VariantResult {
  strategy: StrategyName;
  /** Records resolved while the experiment ran, scored with this variant before they were. */
  outcomes: number;
  won: number;
  winRate: number | null;
  winRateInterval: [number, number] | null;
  meanPredicted: number | null;
  brier: number | null;
  logLoss: number | null;
}

export interface ExperimentResults extends Experiment {
  variants: (Variant & VariantResult)[];
  /** The second variant against the first (the control): win rate and Brier score. */
  comparison: { winRate: Comparison | null; brier: Comparison | null } | null;
  verdict: string;
}

export class ExperimentService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async start(ws: string, input: { name?: unknown; target?: unknown; variants?: unknown }): Promise<Experiment> {
    const target = input.target ?? 'deal';
    if (typeof target !== 'string' || !(target in TARGETS)) throw validationError(`target must be deal or lead`, [{ field: 'target', message: 'unknown target' }]);
    if (!Array.isArray(input.variants) || input.variants.length < 2 || input.variants.length > 4) {
      throw validationError('variants must list 2 to 4 strategies', [{ field: 'variants', message: 'need 2–4 variants' }]);
    }
    const variants: Variant[] = input.variants.map((v: unknown, i) => {
      const raw = typeof v === 'string' ? { strategy: v, share: 1 } : (v as { strategy?: unknown; share?: unknown });
      if (typeof raw?.strategy !== 'string' || !STRATEGIES.includes(raw.strategy as StrategyName)) {
        throw validationError(`variants[${i}]: unknown strategy; use one of ${STRATEGIES.join(', ')}`, [{ field: `variants.${i}.strategy`, message: 'unknown strategy' }]);
      }
      const share = raw.share ?? 1;
      if (typeof share !== 'number' || !(share > 0) || !Number.isFinite(share)) throw validationError(`variants[${i}]: share must be a positive number`, [{ field: `variants.${i}.share`, message: 'must be > 0' }]);
      return { strategy: raw.strategy as StrategyName, share };
    });
    if (new Set(variants.map((v) => v.strategy)).size !== variants.length) throw validationError('each variant must use a different strategy', [{ field: 'variants', message: 'duplicate strategy' }]);
    const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 200) : `${variants.map((v) => v.strategy).join(' vs ')} on ${target}s`;
    const running = await this.running(ws, target as TargetName);
    if (running) throw conflict(`experiment ${running.id} ("${running.name}") is already running on ${target}s; stop it first`, [{ field: 'target', message: 'an experiment is running' }]);
    const exp: Experiment = { id: newId('xp'), name, target: target as TargetName, variants, status: 'running', started_at: this.clock.now().toISOString(), stopped_at: null };
    await this.storage.experiments.create(ws, { ...exp, variants: JSON.stringify(variants) });
    return exp;
  }

  async list(ws: string): Promise<Experiment[]> {
    return (await this.storage.experiments.list(ws)).map(parse);
  }

  async get(ws: string, id: string): Promise<Experiment> {
    const e = await this.storage.experiments.get(ws, id);
    if (!e) throw notFound('experiment', id);
    return parse(e);
  }

  async stop(ws: string, id: string): Promise<Experiment> {
    await this.get(ws, id);
    await this.storage.experiments.stop(ws, id, this.clock.now().toISOString());
    return this.get(ws, id);
  }

  /** The experiment running on a target, if any (read through `storage`: inside a write, its transaction). */
  async running(ws: string, target: TargetName, storage: Storage = this.storage): Promise<Experiment | undefined> {
    const e = (await storage.experiments.list(ws)).find((x) => x.status === 'running' && x.target === target);
    return e ? parse(e) : undefined;
  }

  /** Per-variant outcomes and prediction quality from the outcome log, with a significance test. */
  async results(ws: string, id: string): Promise<ExperimentResults> {
    const exp = await this.get(ws, id);
    const kinds: Record<string, number> = exp.target === 'deal' ? { deal_won: 1, deal_lost: 0 } : { lead_converted: 1, lead_disqualified: 0 };
    const per = exp.variants.map(() => ({ labels: [] as number[], probs: [] as number[] }));
    for (let after = 0; ; ) {
      const batch = await this.storage.outcomes.since(ws, after, 1000);
      for (const o of batch) {
        const label = kinds[o.kind];
        const score = (o.context as { score?: { probability?: number; experiment?: { id: string; variant: number } } } | null)?.score;
        if (label === undefined || score?.experiment?.id !== exp.id || typeof score.probability !== 'number') continue;
        const slot = per[score.experiment.variant];
        if (!slot) continue;
        slot.labels.push(label);
        slot.probs.push(score.probability);
      }
      if (batch.length < 1000) break;
      after = batch[batch.length - 1]!.seq;
    }
    const variants = exp.variants.map((v, i) => {
      const { labels, probs } = per[i]!;
      const n = labels.length;
      const won = labels.reduce((s, y) => s + y, 0);
      const sq = probs.map((p, k) => (p - labels[k]!) ** 2);
      const ll = probs.map((p, k) => {
        const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return -(labels[k]! * Math.log(q) + (1 - labels[k]!) * Math.log(1 - q));
      });
      const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
      return { ...v, outcomes: n, won, winRate: n ? won / n : null, winRateInterval: n ? wilsonInterval(won, n) : null, meanPredicted: mean(probs), brier: mean(sq), logLoss: mean(ll), sq };
    });
    const [a, b] = variants;
    const enough = variants.every((v) => v.outcomes >= MIN_OUTCOMES_PER_VARIANT);
    const comparison =
      a && b && a.outcomes > 0 && b.outcomes > 0
        ? { winRate: compareProportions({ successes: a.won, n: a.outcomes }, { successes: b.won, n: b.outcomes }), brier: a.outcomes > 1 && b.outcomes > 1 ? compareMeans(a.sq, b.sq) : null }
        : null;
    let verdict: string;
    if (!enough) verdict = `not enough evidence yet: ${variants.map((v) => `${v.strategy} ${v.outcomes}`).join(', ')} outcomes (at least ${MIN_OUTCOMES_PER_VARIANT} per variant needed)`;
    else {
      const parts: string[] = [];
      const w = comparison!.winRate!;
      parts.push(w.p < 0.05 ? `win rate differs: ${b!.strategy} ${fmtDiff(w.difference)} vs ${a!.strategy} (p = ${w.p.toFixed(3)})` : `no significant difference in win rate (p = ${w.p.toFixed(3)})`);
      const br = comparison!.brier;
      if (br) parts.push(br.p < 0.05 ? `${br.difference < 0 ? b!.strategy : a!.strategy} predicts better (Brier ${fmtDiff(br.difference)}, p = ${br.p.toFixed(3)})` : `no significant difference in Brier score (p = ${br.p.toFixed(3)})`);
      verdict = parts.join('; ');
    }
    return { ...exp, variants: variants.map(({ sq: _sq, ...v }) => v), comparison, verdict };
  }
}

const fmtDiff = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}`;
