import { describe, expect, it } from 'vitest';
import {
  CartPole,
  clippedSurrogate,
  clippedValueLoss,
  computeGae,
  createRng,
  evaluatePolicy,
  PpoPolicy,
  policySampleLoss,
  pretrainFromLog,
  trainPpo,
  type Environment,
  type Rng,
  type StepResult,
} from '../../../../src/intelligence/strategy/ppo/index.js';

describe('GAE', () => {
  it('matches a hand-computed example with an episode boundary', () => {
    // γ = 0.9, λ = 0.8; the episode ends after step 1, the rollout is cut after step 2 (V = 0.4 beyond it).
    //   t=2: δ = 2 + 0.9·0.4 − 0.1 = 2.26                       A = 2.26
    //   t=1: δ = 0 − 0.2 (terminal: no bootstrap) = −0.2          A = −0.2
    //   t=0: δ = 1 + 0.9·0.2 − 0.5 = 0.68;  A = 0.68 + 0.72·(−0.2) = 0.536
    const { advantages, returns } = computeGae([1, 0, 2], [0.5, 0.2, 0.1], [0, 1, 0], 0.4, 0.9, 0.8);
    expect(Array.from(advantages).map((a) => +a.toFixed(12))).toEqual([0.536, -0.2, 2.26]);
    expect(Array.from(returns).map((r) => +r.toFixed(12))).toEqual([1.036, 0, 2.36]);
  });

  it('with λ = 1 and γ = 1 gives Monte-Carlo returns', () => {
    const { returns } = computeGae([1, 1, 1, 5], [9, 9, 9, 9], [0, 0, 0, 1], 123, 1, 1);
    expect(Array.from(returns)).toEqual([8, 7, 6, 5]);
  });
});

describe('clipping', () => {
  it('the surrogate is flat, with zero gradient, once the ratio passes the clip in the advantage’s favour', () => {
    const eps = 0.2;
    // Positive advantage: gains stop at 1 + ε.
    expect(clippedSurrogate(1.1, 2, eps)).toEqual({ loss: -2.2, gradient: -2, clipped: false });
    for (const r of [1.2000001, 1.5, 3]) {
      const s = clippedSurrogate(r, 2, eps);
      expect(s.loss).toBeCloseTo(-2 * 1.2, 12);
      expect(s.gradient).toBe(0);
      expect(s.clipped).toBe(true);
    }
    // ...but a ratio that moved the wrong way keeps its full gradient (the pessimistic bound).
    expect(clippedSurrogate(0.5, 2, eps)).toEqual({ loss: -1, gradient: -2, clipped: false });
    // Negative advantage: pushing the ratio below 1 − ε gains nothing more.
    for (const r of [0.79, 0.5, 0.01]) {
      const s = clippedSurrogate(r, -1, eps);
      expect(s.loss).toBeCloseTo(0.8, 12);
      expect(s.gradient).toBe(0);
    }
    expect(clippedSurrogate(1.5, -1, eps)).toEqual({ loss: 1.5, gradient: 1, clipped: false });
  });

  it('bounds how far repeated surrogate steps move the policy from the one that collected the data', () => {
    // Gradient ascent on one sample's surrogate in the logits of a 3-action policy: unclipped, the chosen action's
    // probability runs towards 1; clipped, it stops once π/π_old reaches 1 + ε.
    const run = (clip: number): number => {
      const logits = Float64Array.of(0, 0, 0);
      const oldLogProb = Math.log(1 / 3);
      const probs = new Float64Array(3);
      const logProbs = new Float64Array(3);
      const d = new Float64Array(3);
      for (let i = 0; i < 400; i++) {
        policySampleLoss(logits, undefined, 0, oldLogProb, 1, clip, 0, 1, probs, logProbs, d);
        for (let k = 0; k < 3; k++) logits[k]! -= 0.05 * d[k]!;
      }
      policySampleLoss(logits, undefined, 0, oldLogProb, 1, clip, 0, 1, probs, logProbs, d);
      return probs[0]! / (1 / 3);
    };
    const clippedRatio = run(0.2);
    expect(clippedRatio).toBeGreaterThan(1.19);
    expect(clippedRatio).toBeLessThan(1.25);
    expect(run(1e9)).toBeGreaterThan(2.5);
  });

  it('value-loss clipping keeps the gradient only on the side that is not clipped', () => {
    // Moved 0.5 past the old value towards the target: the clipped prediction (old + 0.2) is further away, so it
    // is the loss, and it does not depend on the prediction: gradient 0.
    const a = clippedValueLoss(1.5, 1, 3, 0.2);
    expect(a.loss).toBeCloseTo(0.5 * 1.8 * 1.8, 12);
    expect(a.gradient).toBe(0);
    // Inside the clip: the plain squared error.
    expect(clippedValueLoss(1.1, 1, 3, 0.2)).toEqual({ loss: 0.5 * 1.9 * 1.9, gradient: 1.1 - 3 });
    // Moved past the target and beyond the clip: the unclipped error is larger and keeps its gradient.
    const b = clippedValueLoss(5, 1, 3, 0.2);
    expect(b).toEqual({ loss: 2, gradient: 2 });
    expect(clippedValueLoss(1.5, 1, 3, null)).toEqual({ loss: 0.5 * 1.5 * 1.5, gradient: -1.5 });
  });

  it('the policy loss gradient in the logits matches finite differences (surrogate, entropy and mask)', () => {
    const mask = [true, false, true, true];
    const logits = Float64Array.of(0.3, 9, -0.4, 0.1);
    const probs = new Float64Array(4);
    const logProbs = new Float64Array(4);
    const d = new Float64Array(4);
    const scratch = new Float64Array(4);
    const lossAt = (z: Float64Array): number => policySampleLoss(z, mask, 2, Math.log(0.3), -1.3, 0.2, 0.05, 1, probs, logProbs, scratch).loss;
    policySampleLoss(logits, mask, 2, Math.log(0.3), -1.3, 0.2, 0.05, 1, probs, logProbs, d);
    const grad = Float64Array.from(d);
    expect(grad[1]).toBe(0);
    expect(probs[1]).toBe(0);
    for (let k = 0; k < 4; k++) {
      const z = Float64Array.from(logits);
      z[k] = logits[k]! + 1e-6;
      const up = lossAt(z);
      z[k] = logits[k]! - 1e-6;
      const down = lossAt(z);
      expect(grad[k]).toBeCloseTo((up - down) / 2e-6, 6);
    }
  });
});

/** Two arms, one masked: the masked arm pays 10, the others 1 and 0. A policy that ever picks it gets caught. */
class MaskedBandit implements Environment {
  readonly observationSize = 2;
  readonly actionCount = 3;
  maskedPicks = 0;
  private t = 0;
  reset(): Float64Array {
    this.t = 0;
    return Float64Array.of(1, 0);
  }
  actionMask(): boolean[] {
    return [true, false, true];
  }
  step(action: number): StepResult {
    if (action === 1) this.maskedPicks++;
    this.t++;
    return { observation: Float64Array.of(1, this.t / 10), reward: action === 1 ? 10 : action === 2 ? 1 : 0, done: this.t >= 10 };
  }
}

describe('action masking', () => {
  it('a masked action never gets probability and is never taken, in training or acting', () => {
    const env = new MaskedBandit();
    const { policy, report } = trainPpo(env, { seed: 5, totalSteps: 4096, rolloutSteps: 512, hiddenSizes: [16], learningRate: 3e-3 });
    expect(env.maskedPicks).toBe(0);
    const probs = policy.actionProbabilities(Float64Array.of(1, 0.5), [true, false, true]);
    expect(probs[1]).toBe(0);
    expect(probs[0]! + probs[2]!).toBeCloseTo(1, 12);
    // It learned the better allowed arm (return 10 per episode when always choosing arm 2).
    expect(probs[2]).toBeGreaterThan(0.9);
    expect(report.finalMeanReturn).toBeGreaterThan(8);
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) expect(policy.act(Float64Array.of(1, 0.5), [true, false, true], rng, true).action).not.toBe(1);
    // Unmasked, the same policy does give the arm some probability: the zero above comes from the mask.
    expect(policy.actionProbabilities(Float64Array.of(1, 0.5))[1]).toBeGreaterThan(0);
    expect(() => policy.actionProbabilities(Float64Array.of(1, 0), [false, false, false])).toThrow(/allows no action/);
    expect(() => policy.actionProbabilities(Float64Array.of(1, 0), [true, true])).toThrow(/mask has 2 entries/);
  });

  it('refuses an environment whose mask allows nothing', () => {
    const env = new MaskedBandit();
    env.actionMask = () => [false, false, false];
    expect(() => trainPpo(env, { seed: 1, totalSteps: 64, rolloutSteps: 64 })).toThrow(/allows no action/);
  });
});

describe('trainPpo', () => {
  const small = { totalSteps: 2048, rolloutSteps: 512, minibatchSize: 64, epochs: 4, hiddenSizes: [16, 16] } as const;

  it('is deterministic: the same seed gives identical parameters and report, another seed does not', () => {
    const a = trainPpo(new CartPole(), { seed: 11, ...small });
    const b = trainPpo(new CartPole(), { seed: 11, ...small });
    const c = trainPpo(new CartPole(), { seed: 12, ...small });
    expect(JSON.stringify(a.policy)).toBe(JSON.stringify(b.policy));
    expect(a.report.meanReturnCurve).toEqual(b.report.meanReturnCurve);
    expect(a.report.policyLoss).toBe(b.report.policyLoss);
    expect(JSON.stringify(a.policy)).not.toBe(JSON.stringify(c.policy));
  });

  it('refuses bad configurations and mismatched environments with a message', () => {
    expect(() => trainPpo(new CartPole(), { seed: 1, rolloutSteps: 0 })).toThrow(/rolloutSteps must be a positive integer/);
    expect(() => trainPpo(new CartPole(), { seed: 1, gamma: 1.5 })).toThrow(/gamma must be in \[0, 1\]/);
    const other = PpoPolicy.create(3, 2, createRng(1));
    expect(() => trainPpo(new CartPole(), { seed: 1, initialPolicy: other })).toThrow(/initial policy is for 3 observations/);
    const broken: Environment = { observationSize: 2, actionCount: 2, reset: () => Float64Array.of(0), step: () => ({ observation: Float64Array.of(0, 0), reward: 0, done: true }) };
    expect(() => trainPpo(broken, { seed: 1 })).toThrow(/reset\(\) returned 1 numbers/);
  });

  it('serialised policies round-trip through JSON with the same probabilities and values', () => {
    const { policy } = trainPpo(new CartPole(), { seed: 2, ...small });
    const copy = PpoPolicy.fromJSON(JSON.parse(JSON.stringify(policy)));
    const obs = Float64Array.of(0.01, -0.2, 0.03, 0.1);
    expect(Array.from(copy.actionProbabilities(obs))).toEqual(Array.from(policy.actionProbabilities(obs)));
    expect(copy.value(obs)).toBe(policy.value(obs));
    expect(policy.normalizer?.count).toBeGreaterThan(0);
    expect(() => PpoPolicy.fromJSON({ ...policy.toJSON(), actionCount: 3 })).toThrow(/sizes do not match/);
    expect(() => PpoPolicy.fromJSON({ kind: 'other' } as never)).toThrow(/not a serialised PPO policy/);
  });

  it('value warm-up updates train the critic and leave the policy as it was', () => {
    const start = PpoPolicy.create(4, 2, createRng(6), { hiddenSizes: [16, 16] });
    const cfg = { seed: 6, totalSteps: 1024, rolloutSteps: 512, hiddenSizes: [16, 16], initialPolicy: start } as const;
    const warm = trainPpo(new CartPole(), { ...cfg, valueWarmupUpdates: 2 }).policy;
    expect(JSON.stringify(warm.policyNet)).toBe(JSON.stringify(start.policyNet));
    expect(JSON.stringify(warm.valueNet)).not.toBe(JSON.stringify(start.valueNet));
    const plain = trainPpo(new CartPole(), cfg).policy;
    expect(JSON.stringify(plain.policyNet)).not.toBe(JSON.stringify(start.policyNet));
  });

  it('bootstraps a truncated episode from the value of its last state but not a terminated one', () => {
    // One step per episode, reward 0: with truncation the value target is γ·V(s'), so V learns the fixed point of
    // V = γ·V — it stays wherever it is pushed — whereas a terminal step's target is exactly 0.
    const make = (truncated: boolean): Environment => ({
      observationSize: 1,
      actionCount: 2,
      reset: () => Float64Array.of(1),
      step: () => ({ observation: Float64Array.of(1), reward: 1, done: !truncated, truncated }),
    });
    const cfg = { seed: 3, totalSteps: 8192, rolloutSteps: 256, gamma: 0.5, hiddenSizes: [8], learningRate: 3e-3, valueClipRange: null, normalizeObservations: false };
    const terminal = trainPpo(make(false), cfg).policy.value([1]);
    const cut = trainPpo(make(true), cfg).policy.value([1]);
    expect(terminal).toBeCloseTo(1, 1); // V = r
    expect(cut).toBeGreaterThan(1.6); // V = r + γV → 2
  });
});

/**
 * A deal in miniature: three stage moves win it (reward 1, only at the end), a call moves the stage (70 %) but only
 * while no objection is open and a decision maker is known; a discount clears a price objection (which reappears
 * 15 % of weeks), a meeting finds the decision maker; costs 0/2/1/3 from a budget of 20 (masked when over it);
 * 12 weeks at most. Reading the flags is the whole game, as in the CRM's deal task.
 */
class MiniDeal implements Environment {
  readonly observationSize = 5;
  readonly actionCount = 4;
  static readonly COST = [0, 2, 1, 3];
  private stage = 0;
  private budget = 20;
  private week = 0;
  private objection = 0;
  private noDecisionMaker = 0;
  private observe(): Float64Array {
    return Float64Array.of(this.stage, this.budget, this.week, this.objection, this.noDecisionMaker);
  }
  reset(rng: Rng): Float64Array {
    this.stage = 0;
    this.budget = 20;
    this.week = 0;
    this.objection = rng() < 0.3 ? 1 : 0;
    this.noDecisionMaker = rng() < 0.3 ? 1 : 0;
    return this.observe();
  }
  actionMask(): boolean[] {
    return MiniDeal.COST.map((c) => c <= this.budget);
  }
  step(action: number, rng: Rng): StepResult {
    this.budget -= MiniDeal.COST[action]!;
    this.week++;
    if (action === 2 && this.objection) this.objection = 0;
    else if (action === 3 && this.noDecisionMaker) this.noDecisionMaker = 0;
    else if (action === 1 && !this.objection && !this.noDecisionMaker && rng() < 0.7) this.stage++;
    if (!this.objection && rng() < 0.15) this.objection = 1;
    if (this.stage >= 3) return { observation: this.observe(), reward: 1, done: true };
    return { observation: this.observe(), reward: 0, done: this.week >= 12 };
  }
}

describe('a masked, sparse-reward task of deal shape', () => {
  it('PPO learns to act on the signals in the observation: close to the right rule, far above random', () => {
    const env = new MiniDeal();
    const asPolicy = (act: (o: Float64Array, mask: boolean[], rng: Rng) => number) =>
      ({ act: (o: Float64Array, mask: boolean[], rng: Rng) => ({ action: act(o, mask, rng), probability: 1 }) }) as unknown as PpoPolicy;
    const rule = asPolicy((o, m) => (o[3] && m[2] ? 2 : o[4] && m[3] ? 3 : m[1] ? 1 : 0));
    const random = asPolicy((_o, m, rng) => {
      const allowed = m.flatMap((ok, k) => (ok ? [k] : []));
      return allowed[Math.floor(rng() * allowed.length)]!;
    });
    const ruleRate = evaluatePolicy(env, rule, { episodes: 500, seed: 5 }).meanReturn;
    const randomRate = evaluatePolicy(env, random, { episodes: 500, seed: 5, explore: true }).meanReturn;
    const { policy } = trainPpo(env, { seed: 1, totalSteps: 30_000, rolloutSteps: 2048, minibatchSize: 128, epochs: 4, hiddenSizes: [32, 32], learningRate: 1e-3 });
    const ppoRate = evaluatePolicy(env, policy, { episodes: 500, seed: 5 }).meanReturn;
    expect(ruleRate).toBeGreaterThan(0.9);
    expect(randomRate).toBeLessThan(0.3);
    expect(ppoRate).toBeGreaterThan(0.9 * ruleRate);
    // With an open objection and budget to spare, the learned policy discounts.
    expect(policy.act([1, 10, 4, 1, 0], [true, true, true, true], createRng(1), false).action).toBe(2);
  });
});

/** A hand rule that balances the pole (push towards where the pole is falling), the "playbook" to clone. */
const balanceRule = (o: Float64Array): number => (o[2]! + 0.5 * o[3]! > 0 ? 1 : 0);

describe('behaviour cloning and warm start', () => {
  it('pretrainFromLog copies a logged rule, and PPO starts from the clone instead of from scratch', () => {
    const env = new CartPole();
    const rng: Rng = createRng(4);
    const log: { observation: Float64Array; action: number }[] = [];
    for (let e = 0; e < 10; e++) {
      let o = env.reset(rng);
      for (let t = 0; t < 500; t++) {
        const action = balanceRule(o);
        log.push({ observation: o, action });
        const r = env.step(action);
        if (r.done || r.truncated) break;
        o = r.observation;
      }
    }
    const rule = evaluatePolicy(env, { act: (o: Float64Array) => ({ action: balanceRule(o), probability: 1 }) } as unknown as PpoPolicy, { episodes: 5, seed: 8 });
    const fresh = PpoPolicy.create(4, 2, createRng(1), { hiddenSizes: [32, 32] });
    const { policy: cloned, report } = pretrainFromLog(fresh, log, { seed: 1, epochs: 15, learningRate: 3e-3 });
    expect(report.accuracy).toBeGreaterThan(0.95);
    expect(report.samples).toBe(log.length);
    expect(fresh.normalizer?.count).toBe(0); // the input policy is left alone
    const clonedReturn = evaluatePolicy(env, cloned, { episodes: 5, seed: 8 }).meanReturn;
    expect(clonedReturn).toBeGreaterThan(0.8 * rule.meanReturn);
    expect(evaluatePolicy(env, fresh, { episodes: 5, seed: 8 }).meanReturn).toBeLessThan(100);

    // Warm start: the first rollout of PPO from the clone already balances far longer than one from scratch.
    const firstReturn = (initialPolicy?: PpoPolicy): number => {
      let first = NaN;
      trainPpo(env, { seed: 1, totalSteps: 2048, rolloutSteps: 2048, epochs: 1, hiddenSizes: [32, 32], initialPolicy }, (s) => {
        first = s.meanReturn;
        return false;
      });
      return first;
    };
    expect(firstReturn(cloned)).toBeGreaterThan(3 * firstReturn());
    expect(() => pretrainFromLog(fresh, [{ observation: [1, 2, 3, 4], action: 2 }], { seed: 1 })).toThrow(/action 2, outside 0..1/);
    expect(() => pretrainFromLog(fresh, [], { seed: 1 })).toThrow(/at least one/);
    expect(() => pretrainFromLog(fresh, [{ observation: [1, Number.NaN, 3, 4], action: 0 }], { seed: 1 })).toThrow(/logged decision 0: observation\[1\] is not a finite number/);
    expect(() => cloned.act([0, 0, Number.POSITIVE_INFINITY, 0], undefined, rng, false)).toThrow(/observation\[2\]/);
  });
});
