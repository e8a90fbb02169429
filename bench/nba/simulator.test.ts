import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseRows, effectRows } from './dynamics-doc.js';
import { buildContact, familyOf, loadPopulation, seniorityOf, type SimContact } from './population.js';
import { figuresAt, verdictOf, type Checkpoint } from './report.js';
import {
  ACTIONS,
  allProbabilities,
  bestAction,
  initialTouchState,
  profileOf,
  responseProbability,
  touched,
  type Action,
} from './response-model.js';
import { bestSingleAction, FOLLOW_UP_DAYS, FOLLOW_UP_SHARE, oracleChoice, STEP_MINUTES, runLocal, SIM_START, World, type StepResult } from './simulator.js';

const SHARED_CRM = path.resolve(import.meta.dirname, '../../../shared/data/crm');
const DAY = 86_400_000;

function person(fields: { title: string; industry?: string; employees?: number; source?: string; status?: string; tags?: string; lastContacted?: string }): SimContact {
  return buildContact(
    { id: fields.title, title: fields.title, lead_source: fields.source ?? 'website', lead_status: fields.status ?? 'contacted', tags: fields.tags ?? '', last_contacted_at: fields.lastContacted ?? '' },
    { industry: fields.industry ?? 'Manufacturing', employees: String(fields.employees ?? 500) },
  );
}

/** People the README names as suited to each action. */
const ARCHETYPES: [Action, SimContact][] = [
  ['meeting_invite', person({ title: 'VP of Operations', status: 'qualified', tags: 'decision-maker', source: 'webinar', industry: 'Education' })],
  ['call', person({ title: 'Sales Manager', employees: 40, source: 'referral', industry: 'Logistics' })],
  ['case_study', person({ title: 'Chief Financial Officer', employees: 20_000, industry: 'Insurance', source: 'cold outreach' })],
  ['event_invite', person({ title: 'Marketing Manager', employees: 20_000, source: 'conference', industry: 'Hospitality', tags: 'vip' })],
  ['linkedin_message', person({ title: 'HR Business Partner', source: 'linkedin', industry: 'E-commerce', employees: 20_000 })],
  ['email', person({ title: 'Data Scientist', source: 'website', industry: 'Automotive', status: 'new' })],
];

const fresh = (c: SimContact, at = SIM_START) => allProbabilities(profileOf(c), initialTouchState(c), at);

describe('nba bench: population', () => {
  it('reads seniority and function from titles', () => {
    expect(seniorityOf('Chief Information Security Officer')).toBe('c_level');
    expect(seniorityOf('VP of Sales')).toBe('vp');
    expect(seniorityOf('Head of Data Science')).toBe('vp');
    expect(seniorityOf('Director of IT')).toBe('director');
    expect(seniorityOf('Talent Acquisition Lead')).toBe('manager');
    expect(seniorityOf('FP&A Analyst')).toBe('individual');
    expect(familyOf('Chief Revenue Officer')).toBe('sales');
    expect(familyOf('ML Engineer')).toBe('data');
    expect(familyOf('Security Engineer')).toBe('tech');
    expect(familyOf('Head of Compliance')).toBe('finance');
    expect(familyOf('UX Researcher')).toBe('product');
    expect(familyOf('Process Analyst')).toBe('operations');
  });

  it.skipIf(!fs.existsSync(SHARED_CRM))('loads every contact of the shared data set with a known company size and industry', () => {
    const population = loadPopulation(SHARED_CRM);
    expect(population.length).toBe(2400);
    expect(population.filter((c) => c.size === 'unknown' || c.industryGroup === 'unknown')).toEqual([]);
    expect(new Set(population.map((c) => c.family)).has('other')).toBe(false);
  });
});

describe('nba bench: response model', () => {
  it('makes a different action best for different kinds of people', () => {
    for (const [action, contact] of ARCHETYPES) expect(bestAction(fresh(contact)), `${contact.title}`).toBe(action);
  });

  it('keeps every untouched archetype between 2 % and 30 %', () => {
    for (const [, contact] of ARCHETYPES) for (const p of Object.values(fresh(contact))) expect(p).toBeGreaterThan(0.01), expect(p).toBeLessThan(0.3);
  });

  it('lowers the response to every outreach action right after a touch and recovers within weeks', () => {
    const contact = ARCHETYPES[0]![1];
    const profile = profileOf(contact);
    const untouched = initialTouchState(contact);
    const justTouched = touched(untouched, 'email', SIM_START);
    for (const action of ACTIONS.filter((a) => a !== 'wait')) {
      const before = responseProbability(profile, untouched, action, SIM_START + DAY);
      const tired = responseProbability(profile, justTouched, action, SIM_START + DAY);
      const rested = responseProbability(profile, justTouched, action, SIM_START + 21 * DAY);
      expect(tired, action).toBeLessThan(before * 0.75);
      expect(rested, action).toBeGreaterThan(before * 0.9);
    }
    // Two touches tire more than one.
    const twice = touched(justTouched, 'call', SIM_START + DAY);
    expect(responseProbability(profile, twice, 'case_study', SIM_START + 2 * DAY)).toBeLessThan(responseProbability(profile, justTouched, 'case_study', SIM_START + 2 * DAY));
  });

  it('penalizes repeating the last action within two weeks', () => {
    const contact = ARCHETYPES[1]![1];
    const profile = profileOf(contact);
    const afterCall = touched(initialTouchState(contact), 'call', SIM_START);
    const afterEmail = touched(initialTouchState(contact), 'email', SIM_START);
    const later = SIM_START + 10 * DAY;
    expect(responseProbability(profile, afterCall, 'call', later)).toBeLessThan(responseProbability(profile, afterEmail, 'call', later));
  });

  it('does not count a wait as a touch', () => {
    const state = initialTouchState(ARCHETYPES[0]![1]);
    expect(touched(state, 'wait', SIM_START)).toBe(state);
  });

  it('counts the CRM last-contacted date as a touch', () => {
    const yesterday = person({ title: 'Sales Director', lastContacted: '2026-10-31T12:00:00Z' });
    const never = person({ title: 'Sales Director' });
    expect(responseProbability(profileOf(yesterday), initialTouchState(yesterday), 'call', SIM_START)).toBeLessThan(responseProbability(profileOf(never), initialTouchState(never), 'call', SIM_START));
  });
  it('is documented coefficient by coefficient in the README', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, 'README.md'), 'utf8');
    for (const row of [...baseRows(), ...effectRows()]) expect(readme, row).toContain(row);
  });
});

describe.skipIf(!fs.existsSync(SHARED_CRM))('nba bench: simulation on the shared contacts', () => {
  const population = fs.existsSync(SHARED_CRM) ? loadPopulation(SHARED_CRM) : [];
  const STEPS = 5_000;
  const expectedRate = (rs: StepResult[]) => rs.reduce((s, r) => s + r.probability, 0) / rs.length;

  it('makes waiting best for some contacts touched yesterday, nearly all touched twice, none left alone', () => {
    const share = { fresh: 0, once: 0, twice: 0, rested: 0 };
    for (const c of population) {
      const profile = profileOf(c);
      const untouched = initialTouchState({ ...c, lastContactedAt: null });
      const once = touched(untouched, 'email', SIM_START);
      const twice = touched(once, 'call', SIM_START + DAY);
      const waitBest = (state: typeof untouched, at: number) => (bestAction(allProbabilities(profile, state, at)) === 'wait' ? 1 / population.length : 0);
      share.fresh += waitBest(untouched, SIM_START);
      share.once += waitBest(once, SIM_START + DAY);
      share.twice += waitBest(twice, SIM_START + 2 * DAY);
      share.rested += waitBest(twice, SIM_START + 16 * DAY);
    }
    expect(share.fresh).toBe(0);
    // After one touch the strongest matches (a case study for a CFO in insurance) are still worth a second one.
    expect(share.once).toBeGreaterThan(0.2);
    expect(share.once).toBeLessThan(0.6);
    expect(share.twice).toBeGreaterThan(0.9);
    expect(share.rested).toBe(0);
  });

  it('is the same run for the same seed and another for another seed', () => {
    const a = runLocal(new World(population, { seed: 7 }), 2_000, oracleChoice);
    const b = runLocal(new World(population, { seed: 7 }), 2_000, oracleChoice);
    const c = runLocal(new World(population, { seed: 8 }), 2_000, oracleChoice);
    expect(b).toEqual(a);
    expect(c.map((r) => r.contactIndex)).not.toEqual(a.map((r) => r.contactIndex));
  });

  it('meets the same contacts with the same draws whatever the policy chooses', () => {
    const world = new World(population, { seed: 3 });
    const emails = runLocal(world, 1_000, () => 'email');
    const waits = runLocal(new World(population, { seed: 3 }), 1_000, () => 'wait');
    expect(waits.map((r) => r.contactIndex)).toEqual(emails.map((r) => r.contactIndex));
    expect(world.drawAt(500)).toBe(new World(population, { seed: 3 }).drawAt(500));
  });

  it('follows up recent contacts on the documented share of steps', () => {
    const world = new World(population, { seed: 1 });
    const window = (FOLLOW_UP_DAYS * DAY) / (STEP_MINUTES * 60_000);
    let repeats = 0;
    let uniformHitChance = 0;
    for (let i = window; i < STEPS + window; i++) {
      const recent = new Set(Array.from({ length: window }, (_, k) => world.contactAt(i - 1 - k)));
      if (recent.has(world.contactAt(i))) repeats++;
      // A uniform pick lands on a recent contact by chance this often.
      uniformHitChance += recent.size / population.length;
    }
    const expected = FOLLOW_UP_SHARE + (1 - FOLLOW_UP_SHARE) * (uniformHitChance / STEPS);
    expect(repeats / STEPS).toBeCloseTo(expected, 1);
    expect(repeats / STEPS).toBeGreaterThan(uniformHitChance / STEPS + 0.15);
  });

  it('orders oracle > best single action > random, with realistic rates', () => {
    const world = new World(population, { seed: 2 });
    const oracle = expectedRate(runLocal(world, STEPS, oracleChoice));
    const best = bestSingleAction(world, STEPS);
    let k = 0;
    const random = expectedRate(runLocal(world, STEPS, () => ACTIONS[k++ % ACTIONS.length]!));
    expect(oracle).toBeGreaterThan(0.08);
    expect(oracle).toBeLessThan(0.3);
    expect(best.expectedRate).toBeGreaterThan(0.02);
    expect(oracle).toBeGreaterThan(best.expectedRate * 1.4);
    expect(best.expectedRate).toBeGreaterThan(random);
    // No action is best for everyone: the oracle uses each of them.
    const used = new Set(runLocal(world, STEPS, oracleChoice).map((r) => r.action));
    expect([...used].sort()).toEqual([...ACTIONS].sort());
  });
});

describe('nba bench: report', () => {
  const step = (probability: number, bestProbability: number, responded: boolean, i: number): StepResult => ({
    step: i, contactIndex: 0, action: 'email', probability, best: 'call', bestProbability, responded, regret: bestProbability - probability,
  });

  it('computes rates, recent rates and cumulative regret at checkpoints', () => {
    const results = Array.from({ length: 10 }, (_, i) => step(i < 5 ? 0.1 : 0.3, 0.3, i % 2 === 0, i));
    const [five, ten] = figuresAt(results, [5, 10]);
    expect(five).toMatchObject({ outcomes: 5, responseRate: 0.6, cumulativeRegret: expect.closeTo(1, 9) });
    expect(five!.expectedRate).toBeCloseTo(0.1, 9);
    expect(ten!.expectedRate).toBeCloseTo(0.2, 9);
    expect(ten!.recentRate).toBeCloseTo(0.3, 9); // the last 2 of 10
    expect(ten!.responseRate).toBe(0.5);
  });

  it('judges thompson against the oracle at the end and the best single action at 10,000', () => {
    const cp = (outcomes: number, recentRate: number): Checkpoint => ({ outcomes, responseRate: 0, expectedRate: 0, recentRate, cumulativeRegret: 0 });
    const v = verdictOf([cp(10_000, 0.1), cp(50_000, 0.115)], [cp(10_000, 0.125), cp(50_000, 0.125)], [cp(10_000, 0.09), cp(50_000, 0.09)]);
    expect(v.oracleRatio).toBeCloseTo(0.92, 9);
    expect(v.reaches90PctOfOracle).toBe(true);
    expect(v.bestSingleComparedAt).toBe(10_000);
    expect(v.beatsBestSingle).toBe(true);
    const worse = verdictOf([cp(2_000, 0.08)], [cp(2_000, 0.125)], [cp(2_000, 0.09)]);
    expect(worse).toMatchObject({ reaches90PctOfOracle: false, beatsBestSingle: false, bestSingleComparedAt: 2_000 });
    expect(verdictOf(undefined, [cp(2_000, 0.1)], undefined)).toMatchObject({ oracleRatio: null, beatsBestSingle: null });
  });
});
