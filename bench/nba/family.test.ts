/** The family of randomised worlds: deterministic per index and seed, different across indices, and its dynamics do what the README says. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPopulation } from './population.js';
import { FamilyTrajectory, FamilyWorld, familySpec, familyWorldModule } from './family.js';
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
