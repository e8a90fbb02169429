/** The family of randomised worlds: deterministic per index and seed, different across indices, and its dynamics do what the README says. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPopulation } from './population.js';
import { FamilyTrajectory, FamilyWorld, familySpec, familyWorldModule, VARIANTS, variantSpec } from './family.js';
import { ACTIONS } from './response-model.js';

const population = loadPopulation(path.resolve(import.meta.dirname, '../../../shared/data/crm'));

describe('family of worlds', () => {
  it('draws the same world for the same index and different worlds for different indices', () => {
    const a = familySpec(3, population);
    expect(familySpec(3, population).base).toEqual(a.base);
    expect(familySpec(4, population).base).not.toEqual(a.base);
    const shapes = new Set(Array.from({ length: 12 }, (_, k) => familySpec(k + 1, population).fatigue.shape));
    expect(shapes.size).toBeGreaterThan(1);
  });

  it('gives probabilities in (0, 1), an oracle without regret, and tires a contact it touched', () => {
    const world = new FamilyWorld(population, { seed: 1, index: 2 });
    const path1 = new FamilyTrajectory(world);
    for (let i = 0; i < 200; i++) {
      const { probabilities } = path1.peek();
      for (const a of ACTIONS) expect(probabilities[a]).toBeGreaterThan(0), expect(probabilities[a]).toBeLessThan(1);
      const best = familyWorldModule(2).oracleChoice(probabilities);
      expect(path1.act(best).regret).toBe(0);
    }
    // The same contact right after a touch: every outreach action is less likely than before it (fatigue weights are > 0).
    const fresh = new FamilyTrajectory(world);
    const { contactIndex, at } = fresh.peek();
    const state = world.initialState(population[contactIndex]!);
    const before = world.probabilities(contactIndex, state, at);
    const after = world.probabilities(contactIndex, { ...state, touches: [...state.touches, at], lastAction: 'email', lastActionAt: at }, at + 3_600_000);
    for (const a of ACTIONS) if (a !== 'wait') expect(after[a]).toBeLessThan(before[a]);
  });
});

describe('newer worlds (variants)', () => {
  it('are deterministic, give probabilities in (0, 1) and an oracle without regret', () => {
    for (const v of VARIANTS) {
      expect(variantSpec(v, population).base).toEqual(variantSpec(v, population).base);
      const world = new FamilyWorld(population, { seed: 1, index: 0, variant: v });
      const p = new FamilyTrajectory(world);
      for (let i = 0; i < 100; i++) {
        const { probabilities } = p.peek();
        for (const a of ACTIONS) expect(probabilities[a]).toBeGreaterThan(0), expect(probabilities[a]).toBeLessThan(1);
        expect(p.act(familyWorldModule(0, v).oracleChoice(probabilities)).regret).toBe(0);
      }
    }
  });

  it('region: where the company is changes the rates; interactions: dense tables; timing: a follow-up window lifts an action', () => {
    const region = variantSpec('region', population);
    expect([...region.effects.email.keys()].some((k) => k.startsWith('region='))).toBe(true);
    expect(region.tables!.length).toBeGreaterThan(0);
    const inter = variantSpec('interactions', population);
    expect(inter.tables!.every((t) => t.cells.size >= 4)).toBe(true);
    const timing = variantSpec('timing', population);
    const [action, f] = Object.entries(timing.followUp!)[0]!;
    const world = new FamilyWorld(population, { seed: 1, index: 0, variant: 'timing' });
    const at = Date.parse('2026-11-01T12:00:00Z');
    const state = (gapDays: number) => ({ touches: [at - gapDays * 86_400_000], lastAction: null, lastActionAt: -Infinity, lastResponseAt: -Infinity });
    type A = keyof ReturnType<typeof world.probabilities>;
    const logit = (q: number) => Math.log(q / (1 - q));
    const mid = state((f!.from + f!.to) / 2);
    const inside = world.probabilities(0, mid, at)[action as A];
    // The same state without the follow-up term: the lift is exactly the difference in logit.
    delete world.spec.followUp![action as keyof typeof timing.followUp];
    const without = world.probabilities(0, mid, at)[action as A];
    expect(logit(inside) - logit(without)).toBeCloseTo(f!.lift, 6);
  });
});
