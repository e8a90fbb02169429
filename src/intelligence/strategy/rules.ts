/**
 * Simple fixed rules, found from data (issue 19): the learned policy must at least match the best simple rule the
 * workspace's own data can reveal, so training first searches a small, readable class of rules in the learned world
 * model and starts PPO from the best one.
 *
 * A rule is a cadence — actions in order, each done once per its place in the list (the state's touches say which
 * are done) — then a follow-up (`tail`) when the deal has been idle two weeks, else wait; optionally with overlays
 * "when signal S was read in the last 30 days and A is allowed → A" checked first (the playbook's shape: a price
 * objection → discount). The search is a hill climb over the list (delete, swap neighbours, insert, replace), the
 * tail and the overlays, every candidate evaluated with the same start states and random numbers (paired), under a
 * time cap. Nothing here knows what an action does: only the model, fitted on the workspace's outcomes, does.
 */
import type { StrategySettings } from './catalog.js';
import { DEAL_SIGNALS, type DealSignal, type DealState } from './deal-state.js';
import { PLAYBOOK_CADENCE } from './playbook.js';
import { createRng, type Rng } from './ppo/index.js';
import type { DealWorldEnvironment } from './world-model.js';

export interface CadenceRule {
  sequence: string[];
  /** Done when the cadence is over and the deal has been idle 14 days or more (null: wait). */
  tail: string | null;
  overlays: { signal: DealSignal; action: string }[];
}

const RECENT_DAYS = 30;

export function describeRule(r: CadenceRule): string {
  const over = r.overlays.map((o) => `${o.signal.replace(/_/g, ' ')} → ${o.action}`).join(', ');
  return `${over ? `${over}; then ` : ''}${r.sequence.join(' → ') || '(nothing)'}${r.tail ? `, then ${r.tail} when idle 2 weeks` : ', then wait'}`;
}

/** The action the rule takes in a state (an index into the catalog; wait when nothing it names is allowed). */
export function ruleChoice(rule: CadenceRule, state: DealState, settings: StrategySettings, mask: readonly boolean[]): number {
  const keys = settings.actions.map((a) => a.key);
  const ok = (k: string) => {
    const i = keys.indexOf(k);
    return i >= 0 && mask[i] === true ? i : -1;
  };
  const wait = Math.max(0, keys.indexOf('wait'));
  if (state.closed) return wait;
  for (const o of rule.overlays) {
    const d = state.signals[o.signal];
    if (d === undefined || d > RECENT_DAYS) continue;
    if (o.action === 'discount' && state.discounted) continue;
    if (o.action === 'escalate' && state.escalated) continue;
    const i = ok(o.action);
    if (i >= 0) return i;
  }
  const seen: Record<string, number> = {};
  for (const a of rule.sequence) {
    seen[a] = (seen[a] ?? 0) + 1;
    if ((state.touches[a] ?? 0) < seen[a]!) {
      const i = ok(a);
      if (i >= 0) return i;
    }
  }
  if (rule.tail && state.idleDays >= 14) {
    const i = ok(rule.tail);
    if (i >= 0) return i;
  }
  return wait;
}

export const playbookLikeRule = (settings: StrategySettings): CadenceRule => {
  const keys = settings.actions.map((a) => a.key);
  return {
    sequence: PLAYBOOK_CADENCE.filter((k) => keys.includes(k)),
    tail: keys.includes('call') ? 'call' : null,
    overlays: [
      ...(keys.includes('discount') ? [{ signal: 'price_objection' as const, action: 'discount' }] : []),
      ...(keys.includes('escalate') ? [{ signal: 'missing_decision_maker' as const, action: 'escalate' }] : []),
    ],
  };
};

export interface RuleSearchResult {
  rule: CadenceRule;
  closeRate: number;
  evaluated: number;
  /** The start rules and their close rates, for the report. */
  starts: { rule: string; closeRate: number }[];
  /** True when the safety cap (seconds), not the work budget or a local optimum, ended the search. */
  capped: boolean;
}

/** Mean reward (close rate when wins count 1) of a rule over fixed episodes (same seed for every rule: paired). */
export function ruleReturn(env: DealWorldEnvironment, rule: CadenceRule, settings: StrategySettings, episodes: number, seed: number): number {
  const rng: Rng = createRng(seed);
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    env.reset(rng);
    for (let t = 0; t < 200; t++) {
      const r = env.step(ruleChoice(rule, env.current, settings, env.actionMask()), rng);
      total += r.reward;
      if (r.done || r.truncated) break;
    }
  }
  return total / episodes;
}

const key = (r: CadenceRule) => JSON.stringify(r);

/**
 * Hill climb over cadence rules in the model (see the module comment), from the given starts, until no neighbour is
 * better or `maxEvaluations` rules have been evaluated (the work budget: the same model and seed give the same rule);
 * `seconds` is a safety cap only, and `capped` says when it stopped the search.
 */
export function searchRules(env: DealWorldEnvironment, settings: StrategySettings, opts: { starts: CadenceRule[]; episodes: number; seed: number; maxEvaluations: number; seconds?: number; maxLength?: number }): RuleSearchResult {
  const t0 = performance.now();
  let capped = false;
  const over = () => {
    if (evaluated >= opts.maxEvaluations) return true;
    if (opts.seconds !== undefined && (performance.now() - t0) / 1000 > opts.seconds) capped = true;
    return capped;
  };
  const actions = settings.actions.map((a) => a.key).filter((k) => k !== 'wait');
  const maxLength = opts.maxLength ?? 10;
  const cache = new Map<string, number>();
  let evaluated = 0;
  const score = (r: CadenceRule) => {
    const k = key(r);
    let v = cache.get(k);
    if (v === undefined) {
      v = ruleReturn(env, r, settings, opts.episodes, opts.seed);
      cache.set(k, v);
      evaluated++;
    }
    return v;
  };
  const starts = opts.starts.map((r) => ({ rule: describeRule(r), closeRate: score(r) }));
  let best = opts.starts.reduce((a, b) => (score(b) > score(a) ? b : a));
  let bestScore = score(best);
  const neighbours = function* (r: CadenceRule): Generator<CadenceRule> {
    const s = r.sequence;
    for (let i = 0; i < s.length; i++) yield { ...r, sequence: [...s.slice(0, i), ...s.slice(i + 1)] };
    for (let i = 0; i + 1 < s.length; i++) yield { ...r, sequence: [...s.slice(0, i), s[i + 1]!, s[i]!, ...s.slice(i + 2)] };
    if (s.length < maxLength) for (let i = 0; i <= s.length; i++) for (const a of actions) yield { ...r, sequence: [...s.slice(0, i), a, ...s.slice(i)] };
    for (let i = 0; i < s.length; i++) for (const a of actions) if (a !== s[i]) yield { ...r, sequence: [...s.slice(0, i), a, ...s.slice(i + 1)] };
    for (const t of [null, ...actions]) if (t !== r.tail) yield { ...r, tail: t };
    for (let i = 0; i < r.overlays.length; i++) yield { ...r, overlays: [...r.overlays.slice(0, i), ...r.overlays.slice(i + 1)] };
    if (r.overlays.length < 3)
      for (const signal of DEAL_SIGNALS) for (const a of actions) if (!r.overlays.some((o) => o.signal === signal)) yield { ...r, overlays: [...r.overlays, { signal, action: a }] };
  };
  let improved = true;
  while (improved && !over()) {
    improved = false;
    // First improvement, in a seeded order, so a time cap still leaves a fair sample of every kind of move.
    const all = [...neighbours(best)];
    const rng = createRng(opts.seed + evaluated);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    for (const n of all) {
      if (over()) break;
      const v = score(n);
      // At least one more win per evaluation run: smaller gains are the noise of the run, not a better rule.
      if (v > bestScore + 1 / opts.episodes - 1e-9) {
        best = n;
        bestScore = v;
        improved = true;
        break;
      }
    }
  }
  return { rule: best, closeRate: bestScore, evaluated, starts, capped };
}
