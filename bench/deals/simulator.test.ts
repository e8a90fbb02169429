/**
 * The deal simulation itself: deterministic by seed, shared luck between policies, the dynamics README.md documents
 * (what each action does in which state), the budget, the clock, and the calibration the bench relies on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mixSeed, Random } from '../heldout/random.js';
import { clientChooser, standardReader } from './policies.js';
import { loadMarket, type DealSetup, type Market } from './population.js';
import { bestFixed, figuresOf } from './report.js';
import { dealSetup, nullRecorder, runProtocol, SIM_START, WEEK, type Chooser, type EpisodeResult, type ProtocolOptions } from './simulator.js';
import { HELDOUT_PHRASES, HeldoutBuyer, heldoutWorld, type HeldoutState } from './world-heldout.js';
import { STANDARD, STANDARD_PHRASES, StandardBuyer, standardWorld, type StandardState } from './world-standard.js';
import { VARIANT_PHRASES, VariantBuyer, variantWorld } from './world-variant.js';
import { ACTIONS, BUDGET, COSTS, say, type Action, type DealWorld, type WeekResult } from './world.js';

const SHARED_CRM = path.resolve(import.meta.dirname, '../../../shared/data/crm');
const SAMPLE = path.resolve(import.meta.dirname, '../../demo');
const market: Market = loadMarket(fs.existsSync(SHARED_CRM) ? SHARED_CRM : SAMPLE);
const setup = (index = 0): DealSetup => dealSetup(market, 7, index, SIM_START);
const rng = (...parts: number[]) => new Random(mixSeed(42, ...parts));

const opts = (over: Partial<ProtocolOptions> = {}): ProtocolOptions => ({ seed: 1, trainDeals: 0, evalDeals: 300, trainEvery: 500, skipTraining: true, ...over });
const run = (world: DealWorld, policy: string | Chooser, over: Partial<ProtocolOptions> = {}) =>
  runProtocol(world, market, opts(over), typeof policy === 'string' ? clientChooser(policy, world.name, over.seed ?? 1) : policy, nullRecorder);
const closeRate = (rs: EpisodeResult[]) => rs.filter((r) => r.won).length / rs.length;

/** A standard buyer in a pinned state, played one week (fresh copies share the week's draws: compare like with like). */
function standardAfter(state: Partial<StandardState>, actions: Action[], draw = 3): { buyer: StandardBuyer; results: WeekResult[] } {
  const buyer = new StandardBuyer(setup(), rng(1), { interest: 0.5, annoyance: 0, ...state });
  const results = actions.map((a, w) => buyer.week(a, w, rng(2, draw, w)));
  return { buyer, results };
}

describe('deal simulation: determinism and shared luck', () => {
  it('gives the same episodes for the same seed and policy, and different ones for another seed', async () => {
    const a = await run(standardWorld, 'cadence');
    const b = await run(standardWorld, 'cadence');
    const c = await run(standardWorld, 'cadence', { seed: 2 });
    expect(b).toEqual(a);
    expect(c.map((r) => r.won)).not.toEqual(a.map((r) => r.won));
  });

  it('meets every policy of a seed with the same deals (prospect, product, amount)', async () => {
    const seen = new Map<string, DealSetup[]>();
    for (const policy of ['cadence', 'fixed:email']) {
      const list: DealSetup[] = [];
      await runProtocol(standardWorld, market, opts({ evalDeals: 50 }), async (d) => {
        if (d.actions.length === 0) list.push({ ...d.setup, createdAt: 0 });
        return clientChooser(policy, 'standard', 1)(d, 0, false);
      }, nullRecorder);
      seen.set(policy, list.sort((x, y) => x.index - y.index));
    }
    expect(seen.get('cadence')).toEqual(seen.get('fixed:email'));
    expect(new Set(seen.get('cadence')!.map((s) => s.prospect.contact.id)).size).toBeGreaterThan(40);
  });
});

describe('deal simulation: budget, clock, timeouts', () => {
  it('never acts over the budget: unaffordable choices are performed as wait and counted', async () => {
    const results = await run(standardWorld, 'fixed:meeting', { evalDeals: 100 });
    for (const r of results) {
      expect(r.spent).toBeLessThanOrEqual(BUDGET);
      expect(r.actions.reduce((s, a) => s + COSTS[a], 0)).toBe(r.spent);
      const meetings = r.actions.filter((a) => a === 'meeting').length;
      expect(meetings).toBeLessThanOrEqual(Math.floor(BUDGET / COSTS.meeting));
      expect(r.overBudget).toBe(r.actions.length - meetings);
    }
    expect(results.some((r) => r.overBudget > 0)).toBe(true);
  });

  it('runs the clock forward only, a week between a deal\'s actions, and closes every deal by the timeout', async () => {
    const times: number[] = [];
    const perDeal = new Map<number, number[]>();
    const results = await runProtocol(standardWorld, market, opts({ trainDeals: 120, evalDeals: 80, skipTraining: false, train: true, trainEvery: 50 }), async (d, asOf) => {
      perDeal.set(d.setup.index, [...(perDeal.get(d.setup.index) ?? []), asOf]);
      return { action: standardReader(d) };
    }, nullRecorder, { onEvent: (at) => times.push(at) });
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    for (const asked of perDeal.values()) for (let i = 1; i < asked.length; i++) expect(asked[i]! - asked[i - 1]!).toBeGreaterThanOrEqual(WEEK);
    expect(results).toHaveLength(200);
    for (const r of results) expect(r.weeks).toBeLessThanOrEqual(standardWorld.maxWeeks);
    // Evaluation deals start only after every training deal closed.
    const lastTrain = Math.max(...results.filter((r) => r.phase === 'train').map((r) => r.closedAt));
    const firstEval = Math.min(...[...perDeal.entries()].filter(([i]) => i >= 120).map(([, t]) => t[0]!));
    expect(firstEval).toBeGreaterThan(lastTrain);
  });

  it('calls train every trainEvery closed training deals and once at the end', async () => {
    const calls: number[] = [];
    await runProtocol(standardWorld, market, opts({ trainDeals: 130, evalDeals: 10, skipTraining: false, train: true, trainEvery: 50 }), clientChooser('cadence', 'standard', 1), { ...nullRecorder, train: async (_at, closed) => calls.push(closed) });
    expect(calls).toEqual([50, 100, 130]);
  });
});

describe('deal simulation: the standard world\'s dynamics', () => {
  it('raises the win chance with a discount only after a price objection', () => {
    const objection = { stage: 'negotiation' as const, dmEngaged: true, competitor: null, objection: 'open' as const, priceSensitive: true };
    const none = { ...objection, objection: 'none' as const };
    for (let draw = 0; draw < 20; draw++) {
      const afterObjection = standardAfter(objection, ['discount'], draw).buyer.winChance();
      const waitedOnObjection = standardAfter(objection, ['wait'], draw).buyer.winChance();
      expect(afterObjection).toBeGreaterThan(waitedOnObjection + 0.2);
      const unprompted = standardAfter(none, ['discount'], draw).buyer.winChance();
      const waited = standardAfter(none, ['wait'], draw).buyer.winChance();
      expect(unprompted).toBeLessThan(waited);
    }
  });

  it('brings the decision maker in with an escalation when missing, and annoys when they are already there', () => {
    let engaged = 0;
    for (let draw = 0; draw < 50; draw++) {
      const { buyer, results } = standardAfter({ dmEngaged: false, stage: 'qualified' }, ['escalate'], draw);
      if (buyer.hidden().dmEngaged) engaged++, expect(results[0]!.signals).toContain('dm_engaged');
      const pushy = standardAfter({ dmEngaged: true, stage: 'qualified' }, ['escalate'], draw);
      expect(pushy.results[0]!.signals).toContain('pushy');
      expect(pushy.buyer.hidden().interest as number).toBeLessThan(0.5);
    }
    expect(engaged).toBeGreaterThan(30);
  });

  it('hurts with a proposal too early and moves to the proposal stage after a meeting', () => {
    const early = standardAfter({ stage: 'lead' }, ['proposal']);
    expect(early.results[0]!.signals).toContain('too_early');
    expect(early.buyer.stage).not.toBe('proposal');
    expect(early.buyer.hidden().interest as number).toBeLessThan(0.5);
    const ready = standardAfter({ stage: 'qualified', meetings: 1, priceSensitive: false }, ['proposal']);
    expect(ready.results[0]!.signals).toContain('proposal_received');
    expect(['proposal', 'negotiation', 'closed_lost']).toContain(ready.buyer.stage);
    const sensitive = standardAfter({ stage: 'qualified', meetings: 1, priceSensitive: true }, ['proposal']);
    expect(sensitive.results[0]!.signals).toContain('price_objection');
  });

  it('helps with a demo only after a meeting', () => {
    const before = standardAfter({ stage: 'qualified', meetings: 0 }, ['demo']);
    const after = standardAfter({ stage: 'qualified', meetings: 1 }, ['demo']);
    expect(before.results[0]!.signals).toContain('demo_premature');
    expect(before.buyer.hidden().interest as number).toBeLessThan(0.5);
    expect(after.buyer.hidden().interest as number).toBeGreaterThan(0.9);
  });

  it('annoys the buyer when contacted heavily week after week, not when touches are spaced', () => {
    const heavy = standardAfter({ stage: 'qualified' }, ['call', 'call', 'call', 'call']);
    const spaced = standardAfter({ stage: 'qualified' }, ['call', 'wait', 'call', 'wait']);
    expect(heavy.results.flatMap((r) => r.signals)).toContain('annoyed');
    expect(spaced.results.flatMap((r) => r.signals)).not.toContain('annoyed');
  });

  it('says what it reveals in the activity text, in the documented phrasings, and nothing else', () => {
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      const buyer = new StandardBuyer(setup(i), rng(5, i));
      // Internal names (camelCase) never leak into what the CRM sees.
      const hiddenNames = Object.keys(buyer.hidden()).filter((k) => /[A-Z]/.test(k));
      for (let w = 0; w < 8 && buyer.stage !== 'closed_won' && buyer.stage !== 'closed_lost'; w++) {
        const r = buyer.week(['call', 'meeting', 'demo', 'proposal', 'wait', 'discount', 'escalate', 'email'][w] as Action, w, rng(6, i, w));
        const text = [r.activity?.body, r.inbound?.body].filter(Boolean).join(' ');
        const s = setup(i);
        const words = { first: s.prospect.firstName, product: s.product, company: s.prospect.companyName, competitor: String(buyer.hidden().competitor ?? '') };
        for (const signal of r.signals) {
          expect(STANDARD_PHRASES[signal]!.some((p) => text.includes(say(p, words))), `${signal} in "${text}"`).toBe(true);
          checked++;
        }
        for (const name of hiddenNames) expect(text).not.toContain(name);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('deal simulation: README', () => {
  it('states the standard world\'s constants as the code has them', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const n = (x: number) => `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(1)}`;
    const term = (x: number) => `${x < 0 ? '−' : '+'} ${Math.abs(x).toFixed(1)}`;
    const S = STANDARD;
    for (const text of [
      `sigmoid(${n(S.winSlope)} × interest ${term(S.winBase)} − ${n(S.penaltyNoDecisionMaker)} × [decision maker missing] − ${n(S.penaltyCompetitor)} × [competitor not neutralised] − ${n(S.penaltyOpenObjection)} × [price objection open])`,
      `sigmoid(${n(S.lossBase)} − interest + ${n(S.lossCompetitor)} × [competitor not neutralised])`,
      `after ${S.maxWeeks} weekly actions`,
      `above ${S.annoyanceLimit} interest drops by ${S.annoyancePenalty} × the excess`,
      `${Math.round(S.competitorAppears * 100)} % a week to appear later`,
      `(email ${S.touch.email}, call ${S.touch.call}, meeting ${S.touch.meeting}, demo ${S.touch.demo}, proposal ${S.touch.proposal}, discount ${S.touch.discount}, escalate ${S.touch.escalate}, wait 0)`,
    ]) expect(readme, text).toContain(text);
  });
});

describe('deal simulation: the held-out world\'s dynamics', () => {
  const heldoutAfter = (state: Partial<HeldoutState>, actions: Action[], draw = 3) => {
    const buyer = new HeldoutBuyer(setup(), rng(1), { momentum: 0.5, annoyance: 0, frozenUntil: 0, ...state });
    const results = actions.map((a, w) => buyer.week(a, w, rng(2, draw, w)));
    return { buyer, results };
  };

  it('pays a discount only when procurement squeezes', () => {
    for (let draw = 0; draw < 20; draw++) {
      const base = { stage: 'negotiation' as const, championWeak: false, fitConcern: false };
      expect(heldoutAfter({ ...base, squeeze: 'open' }, ['discount'], draw).buyer.winChance()).toBeGreaterThan(heldoutAfter({ ...base, squeeze: 'open' }, ['wait'], draw).buyer.winChance());
      expect(heldoutAfter({ ...base, squeeze: 'none' }, ['discount'], draw).buyer.winChance()).toBeLessThan(heldoutAfter({ ...base, squeeze: 'none' }, ['wait'], draw).buyer.winChance());
    }
  });

  it('punishes pushing during a budget freeze and rewards waiting', () => {
    const pushed = heldoutAfter({ stage: 'qualified', frozenUntil: 4 }, ['proposal']);
    const waited = heldoutAfter({ stage: 'qualified', frozenUntil: 4 }, ['wait']);
    expect(pushed.results[0]!.signals).toContain('pushed_during_freeze');
    expect(pushed.buyer.stage).not.toBe('proposal');
    expect(pushed.buyer.hidden().momentum as number).toBeLessThan(waited.buyer.hidden().momentum as number);
  });

  it('speaks in phrasings the standard world never uses', () => {
    const standard = new Set(Object.values(STANDARD_PHRASES).flat());
    expect(Object.values(HELDOUT_PHRASES).flat().filter((p) => standard.has(p))).toEqual([]);
    expect(Object.keys(HELDOUT_PHRASES).filter((k) => k in STANDARD_PHRASES)).toEqual([]);
  });
});

describe('deal simulation: calibration (what the README reports)', () => {
  it('gives the textbook cadence a realistic close rate and leaves room for reading the buyer, in both worlds', async () => {
    for (const world of [standardWorld, heldoutWorld]) {
      const rates = new Map<string, number[]>();
      for (const p of ['cadence', 'cadence-full', 'fixed:call', 'fixed:wait', 'random-local', 'reader']) rates.set(p, [closeRate(await run(world, p, { evalDeals: 400 }))]);
      const cadence = rates.get('cadence')![0]!;
      expect(cadence, world.name).toBeGreaterThan(0.15);
      expect(cadence, world.name).toBeLessThan(0.35);
      const best = bestFixed(rates)!;
      expect(rates.get('reader')![0]!, world.name).toBeGreaterThan(1.3 * rates.get(best)![0]!);
      expect(rates.get('random-local')![0]!, world.name).toBeLessThan(cadence);
      expect(rates.get('fixed:wait')![0]!, world.name).toBe(0);
    }
  });

  it('reports the training curve per block of training deals and the evaluation close rate', async () => {
    const results = await run(standardWorld, 'cadence', { trainDeals: 100, evalDeals: 50, skipTraining: false });
    const f = figuresOf(results, 40);
    expect(f.trainingCurve.map((c) => c.deals)).toEqual([40, 80, 100]);
    expect(f.evalDeals).toBe(50);
    expect(f.closeRate).toBeCloseTo(results.filter((r) => r.phase === 'eval' && r.won).length / 50);
  });

  it('lists every action of the catalog with the issue\'s costs', () => {
    expect(Object.fromEntries(ACTIONS.map((a) => [a, COSTS[a]]))).toEqual({ email: 1, call: 2, meeting: 3, demo: 3, proposal: 2, discount: 1, escalate: 2, wait: 0 });
    expect(BUDGET).toBe(16);
  });
});

describe('deal simulation: the variant world\'s dynamics (world-variant.ts)', () => {
  const variantAfter = (state: Record<string, unknown>, actions: Action[], draw = 3) => {
    const buyer = new VariantBuyer(setup(), rng(5), { trust: 0.5, annoyance: 0, competitor: null, ...state } as never);
    const results = actions.map((a, w) => buyer.week(a, w, rng(6, draw, w)));
    return { buyer, results };
  };

  it('wants the demo before the proposal, and the price objection comes at negotiation', () => {
    const early = variantAfter({ stage: 'qualified' }, ['proposal']);
    expect(early.results[0]!.signals).toContain('proposal_early');
    expect(early.buyer.stage).toBe('qualified');
    const ready = variantAfter({ stage: 'qualified', demoDone: true }, ['proposal']);
    expect(ready.results[0]!.signals).toContain('proposal_in');
    // At the proposal stage a price-sensitive buyer objects when moving to negotiation (trust high: the move is likely).
    const moves = [1, 2, 3, 4, 5, 6].map((d) => variantAfter({ stage: 'proposal', trust: 2, priceSensitive: true, dmEngaged: true }, ['wait'], d));
    const moved = moves.filter((m) => m.buyer.stage === 'negotiation');
    expect(moved.length).toBeGreaterThan(0);
    for (const m of moved) expect(m.buyer.hidden().objection).toBe('open');
  });

  it('punishes an executive before any meeting and brings the decision maker in after one', () => {
    const early = variantAfter({ stage: 'qualified', dmEngaged: false }, ['escalate']);
    expect(early.results[0]!.signals).toContain('escalate_early');
    expect(early.buyer.hidden().dmEngaged).toBe(false);
    const after = variantAfter({ stage: 'qualified', dmEngaged: false, meetings: 1 }, ['escalate'], 1);
    expect(after.buyer.hidden().dmEngaged || after.results[0]!.signals.includes('dm_missing')).toBe(true);
  });

  it('speaks in phrasings neither the standard nor the held-out world uses, and leaves room for reading the buyer', async () => {
    const theirs = new Set([...Object.values(STANDARD_PHRASES).flat(), ...Object.values(HELDOUT_PHRASES).flat()]);
    for (const p of Object.values(VARIANT_PHRASES).flat()) expect(theirs.has(p)).toBe(false);
    const cadence = closeRate(await run(variantWorld, 'cadence-full'));
    const reader = closeRate(await run(variantWorld, 'reader'));
    expect(cadence).toBeGreaterThan(0.2);
    expect(reader).toBeGreaterThan(cadence + 0.05);
  });
});
