import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContact, loadPopulation, type SimContact } from '../population.js';
import { figuresAt } from '../report.js';
import { World as OpenWorld, bestSingleAction as openBestSingle } from '../simulator.js';
import { ACTIONS, allProbabilities, initialState, nextState, profileOf, roleOf, type Action, type OutreachAction } from './response-model.js';
import { baseRows, industryRows, roleRows } from './dynamics-doc.js';
import { bestSingleAction, oracleChoice, runLocal, runPolicy, SIM_START, Trajectory, World, type InProcessPolicy } from './simulator.js';

const SHARED_CRM = path.resolve(import.meta.dirname, '../../../../shared/data/crm');
const SAMPLE = path.resolve(import.meta.dirname, '../../../demo');
const DAY = 86_400_000;
const shared = fs.existsSync(path.join(SHARED_CRM, 'contacts.csv'));
const population = loadPopulation(shared ? SHARED_CRM : SAMPLE);
const mean = (xs: { probability: number }[]) => xs.reduce((s, x) => s + x.probability, 0) / xs.length;

function person(title: string, industry: string, status = 'contacted', lastContacted = ''): SimContact {
  return buildContact({ id: title, title, lead_source: 'website', lead_status: status, tags: '', last_contacted_at: lastContacted }, { industry, employees: '500' });
}
const NEUTRAL = { responsiveness: 0, channel: 'written' as const, nonResponder: false };

describe('nba held-out world: response model', () => {
  it('reads its own roles from titles (compliance apart from finance)', () => {
    expect(roleOf('Head of Compliance')).toBe('compliance');
    expect(roleOf('Financial Controller')).toBe('finance');
    expect(roleOf('Chief Information Security Officer')).toBe('technical');
    expect(roleOf('Director of Machine Learning')).toBe('data');
  });

  it('makes the best action depend on the industry for the same role', () => {
    const best = (industry: string) => {
      const c = person('Operations Manager', industry, 'contacted', '2026-10-10T12:00:00Z');
      const p = allProbabilities(profileOf(c, NEUTRAL), initialState(c), SIM_START);
      return oracleChoice(p);
    };
    expect(new Set(['Manufacturing', 'Media & Entertainment', 'Biotechnology', 'Software (SaaS)'].map(best)).size).toBeGreaterThanOrEqual(3);
  });

  it('punishes a touch right after another, likes a gap of a week or three, and warms after a response', () => {
    const c = person('Sales Manager', 'Logistics');
    const profile = profileOf(c, NEUTRAL);
    const start = initialState(c);
    const touched = nextState(start, 'email', false, SIM_START);
    const p = (state: typeof start, days: number, a: Action) => allProbabilities(profile, state, SIM_START + days * DAY)[a];
    expect(p(touched, 1, 'call')).toBeLessThan(p(touched, 14, 'call') / 2);
    expect(p(touched, 14, 'call')).toBeGreaterThan(p(touched, 90, 'email'));
    const warm = nextState(start, 'email', true, SIM_START);
    expect(p(warm, 10, 'meeting_invite')).toBeGreaterThan(p(touched, 10, 'meeting_invite') * 2);
    expect(p(warm, 10, 'wait')).toBeGreaterThan(p(touched, 10, 'wait') * 2);
    // Annoyed after five touches within 30 days.
    let many = start;
    for (let i = 0; i < 5; i++) many = nextState(many, 'event_invite', false, SIM_START + i * 3 * DAY);
    expect(p(many, 22, 'call')).toBeLessThan(p(touched, 22, 'call') / 2);
  });

  it('has contacts who answer nothing, whatever the action', () => {
    const world = new World(population, { seed: 1 });
    const silent = world.profiles.filter((p) => p.hidden.nonResponder);
    expect(silent.length).toBeGreaterThan(0);
    expect(silent.length).toBeLessThan(population.length * 0.15);
    const t = new Trajectory(world);
    for (let i = 0; i < 500; i++) {
      const { contactIndex, probabilities } = t.peek();
      if (world.profiles[contactIndex]!.hidden.nonResponder) expect(Object.values(probabilities).every((x) => x === 0)).toBe(true);
      t.act('email');
    }
  });
});

describe('nba held-out world: documented', () => {
  it('README.md holds every coefficient row of the code', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, 'README.md'), 'utf8');
    for (const row of [...baseRows(), ...industryRows(), ...roleRows()]) expect(readme, row).toContain(row);
  });
});

describe('nba held-out world: seeded', () => {
  it('gives the same schedule, hidden traits and draws for a seed, and others for another seed', () => {
    const a = runLocal(new World(population, { seed: 7 }), 1_000, oracleChoice);
    const b = runLocal(new World(population, { seed: 7 }), 1_000, oracleChoice);
    const c = runLocal(new World(population, { seed: 8 }), 1_000, oracleChoice);
    expect(b).toEqual(a);
    expect(c.map((r) => r.contactIndex)).not.toEqual(a.map((r) => r.contactIndex));
    expect(new World(population, { seed: 7 }).profiles.map((p) => p.hidden)).toEqual(new World(population, { seed: 7 }).profiles.map((p) => p.hidden));
  });

  it('shares no schedule with the open world of the same seed', () => {
    const open = new OpenWorld(population, { seed: 1 });
    const held = new World(population, { seed: 1 });
    const same = Array.from({ length: 200 }, (_, i) => open.contactAt(i) === held.contactAt(i)).filter(Boolean).length;
    expect(same).toBeLessThan(20);
  });
});

describe.skipIf(!shared)('nba held-out world: on the shared data set', () => {
  const steps = 5_000;

  it('its oracle beats every fixed action on every seed, and its best single action is not the open world\'s', () => {
    for (const seed of [1, 2, 3]) {
      const world = new World(population, { seed });
      const oracle = mean(runLocal(world, steps, oracleChoice));
      const single = bestSingleAction(world, steps);
      for (const a of ACTIONS) expect(oracle, `seed ${seed}: oracle vs always ${a}`).toBeGreaterThan(single.byAction[a] * 1.3);
      expect(single.action).not.toBe(openBestSingle(new OpenWorld(population, { seed }), steps).action);
    }
  });

  it('runs a policy object in process: one that learns per industry beats random and stays below the oracle', () => {
    const world = new World(population, { seed: 2 });
    const outreach = ACTIONS.filter((a): a is OutreachAction => a !== 'wait');
    // Per industry and action: Beta(1, 20) prior, greedy on the posterior mean after a little forced exploration.
    const stats = new Map<string, { n: number; r: number }>();
    const key = (c: SimContact, a: Action) => `${c.industry}|${a}`;
    let step = 0;
    const learner: InProcessPolicy = {
      choose: (c) => {
        step++;
        if (step % 10 === 0) return outreach[step % outreach.length]!;
        return outreach.reduce((best, a) => {
          const s = stats.get(key(c, a)) ?? { n: 0, r: 0 };
          const b = stats.get(key(c, best)) ?? { n: 0, r: 0 };
          return (s.r + 1) / (s.n + 21) > (b.r + 1) / (b.n + 21) ? a : best;
        }, outreach[0]!);
      },
      observe: (c, a, responded) => {
        const s = stats.get(key(c, a)) ?? { n: 0, r: 0 };
        stats.set(key(c, a), { n: s.n + 1, r: s.r + (responded ? 1 : 0) });
      },
    };
    let i = 0;
    const random: InProcessPolicy = { choose: () => ACTIONS[i++ % ACTIONS.length]! };
    const learned = figuresAt(runPolicy(world, steps, learner), [steps])[0]!.recentRate;
    const uniform = figuresAt(runPolicy(world, steps, random), [steps])[0]!.recentRate;
    const oracle = figuresAt(runLocal(world, steps, oracleChoice), [steps])[0]!.recentRate;
    expect(learned).toBeGreaterThan(uniform);
    expect(learned).toBeLessThan(oracle);
  });

  it('refuses a policy that chooses outside the catalog', () => {
    expect(() => runPolicy(new World(population, { seed: 1 }), 3, { choose: () => 'fax' as Action })).toThrow(/step 1: the policy chose "fax"/);
  });
});
