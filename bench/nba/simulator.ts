/**
 * A seeded response simulation over a population: which contact is up at each step (the schedule), when that is
 * (the simulated clock), and whether they respond to what a policy chose. The schedule and the uniform draw behind
 * each response are fixed by the seed alone, so every policy of a seed meets the same contacts at the same times
 * with the same luck (common random numbers): differences between policies are their choices, not the dice.
 */
import { mixSeed, Random } from './random.js';
import type { SimContact } from './population.js';
import {
  ACTIONS,
  allProbabilities,
  bestAction,
  initialTouchState,
  profileOf,
  TASTE_SD,
  LATENT_SD,
  touched,
  type Action,
  type ContactProfile,
  type ContactNoise,
  type OutreachAction,
  type TouchState,
} from './response-model.js';

/** The data set is "as of 2026-11-01"; the simulation starts at noon that day. */
export const SIM_START = Date.parse('2026-11-01T12:00:00Z');
/** Simulated time between two steps: 2,400 contacts are each up every ~11 days on average, 50,000 steps ≈ 174 days. */
export const STEP_MINUTES = 5;
/** Share of steps that follow up a contact who was up within FOLLOW_UP_DAYS (a rep coming back to a lead). */
export const FOLLOW_UP_SHARE = 0.25;
export const FOLLOW_UP_DAYS = 3;

const STEP_MS = STEP_MINUTES * 60_000;
const FOLLOW_UP_STEPS = Math.round((FOLLOW_UP_DAYS * 86_400_000) / STEP_MS);

export interface WorldOptions {
  seed: number;
  /** Turn the unobservable noise off (latent responsiveness and per-contact taste): for tests of the dynamics. */
  noise?: boolean;
}

export class World {
  readonly seed: number;
  readonly profiles: ContactProfile[];
  private readonly schedule: number[] = [];
  private readonly draws: number[] = [];
  private readonly scheduleRng: Random;
  private readonly drawRng: Random;

  constructor(
    readonly population: SimContact[],
    opts: WorldOptions,
  ) {
    if (population.length === 0) throw new Error('a world needs at least one contact');
    this.seed = opts.seed;
    this.profiles = population.map((c, i) => profileOf(c, opts.noise === false ? undefined : noiseOf(opts.seed, i)));
    this.scheduleRng = new Random(mixSeed(opts.seed, 1));
    this.drawRng = new Random(mixSeed(opts.seed, 2));
  }

  /** The index of the contact who is up at `step` (0-based); extends the schedule as needed. */
  contactAt(step: number): number {
    while (this.schedule.length <= step) {
      const i = this.schedule.length;
      const recent = Math.min(i, FOLLOW_UP_STEPS);
      const followUp = recent > 0 && this.scheduleRng.chance(FOLLOW_UP_SHARE);
      this.schedule.push(followUp ? this.schedule[i - 1 - this.scheduleRng.int(0, recent - 1)]! : this.scheduleRng.int(0, this.population.length - 1));
    }
    return this.schedule[step]!;
  }

  /** The uniform draw that decides the response at `step`: responded when it falls below the probability. */
  drawAt(step: number): number {
    while (this.draws.length <= step) this.draws.push(this.drawRng.float());
    return this.draws[step]!;
  }

  timeAt(step: number): number {
    return SIM_START + step * STEP_MS;
  }
}

function noiseOf(seed: number, index: number): ContactNoise {
  const rng = new Random(mixSeed(seed, 3, index));
  const taste = {} as Record<OutreachAction, number>;
  const latent = rng.normal(0, LATENT_SD);
  for (const a of ACTIONS) if (a !== 'wait') taste[a] = rng.normal(0, TASTE_SD);
  return { latent, taste };
}

/** What happened at one step of one policy's run. */
export interface StepResult {
  step: number;
  contactIndex: number;
  action: Action;
  probability: number;
  best: Action;
  bestProbability: number;
  responded: boolean;
  /** Expected responses lost against the best action at this step: bestProbability − probability. */
  regret: number;
}

/**
 * One policy's path through a world: its own touch history (what it chose changes how tired people are), scored
 * step by step against the best action for the state it created (the usual contextual-bandit regret).
 */
export class Trajectory {
  private readonly states: TouchState[];
  private nextStep = 0;

  constructor(readonly world: World) {
    this.states = world.population.map(initialTouchState);
  }

  get step(): number {
    return this.nextStep;
  }

  /** The contact up next, when it is, and the true probabilities of every action for them now. */
  peek(): { step: number; contactIndex: number; contact: SimContact; at: number; probabilities: Record<Action, number> } {
    const step = this.nextStep;
    const contactIndex = this.world.contactAt(step);
    const at = this.world.timeAt(step);
    return { step, contactIndex, contact: this.world.population[contactIndex]!, at, probabilities: allProbabilities(this.world.profiles[contactIndex]!, this.states[contactIndex]!, at) };
  }

  /** Takes `action` for the contact up next and draws the response. */
  act(action: Action): StepResult {
    const { step, contactIndex, at, probabilities } = this.peek();
    const best = bestAction(probabilities);
    const probability = probabilities[action];
    const responded = this.world.drawAt(step) < probability;
    this.states[contactIndex] = touched(this.states[contactIndex]!, action, at);
    this.nextStep++;
    return { step, contactIndex, action, probability, best, bestProbability: probabilities[best], responded, regret: probabilities[best] - probability };
  }
}

/** The oracle: knows the true probabilities and takes the best action at each step (myopically). */
export function oracleChoice(probabilities: Record<Action, number>): Action {
  return bestAction(probabilities);
}

/** What a run without a server needs of one policy's path through a world (this world's Trajectory, or another's). */
export interface LocalPath {
  peek(): { probabilities: Record<Action, number>; contact: SimContact };
  act(action: Action): StepResult;
}

/** Runs a policy that reads the true probabilities (the oracle, a fixed action) along `path` for `steps` steps. */
export function runAlong(path: LocalPath, steps: number, choose: (probabilities: Record<Action, number>, contact: SimContact) => Action): StepResult[] {
  const out: StepResult[] = [];
  for (let i = 0; i < steps; i++) {
    const { probabilities, contact } = path.peek();
    out.push(path.act(choose(probabilities, contact)));
  }
  return out;
}

/** The single action with the highest expected response over `steps` steps of fresh paths (for the report only). */
export function bestSingleActionAlong(newPath: () => LocalPath, steps: number): { action: Action; expectedRate: number; byAction: Record<Action, number> } {
  const byAction = {} as Record<Action, number>;
  for (const a of ACTIONS) {
    const results = runAlong(newPath(), steps, () => a);
    byAction[a] = results.reduce((s, r) => s + r.probability, 0) / steps;
  }
  const action = bestAction(byAction);
  return { action, expectedRate: byAction[action], byAction };
}

/** Runs a policy that needs no server (the oracle, a fixed action) for `steps` steps. */
export function runLocal(world: World, steps: number, choose: (probabilities: Record<Action, number>, contact: SimContact) => Action): StepResult[] {
  return runAlong(new Trajectory(world), steps, choose);
}

/** The single action with the highest expected response over `steps` steps of this world (for the report only). */
export function bestSingleAction(world: World, steps: number): { action: Action; expectedRate: number; byAction: Record<Action, number> } {
  return bestSingleActionAlong(() => new Trajectory(world), steps);
}
