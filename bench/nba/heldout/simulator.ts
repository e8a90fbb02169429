/**
 * The held-out world: the same surface as bench/nba/simulator.ts (World, Trajectory, runLocal, bestSingleAction,
 * oracleChoice), so `npm run bench:nba -- --world heldout` and in-process harnesses can swap it in, over the
 * held-out response model (response-model.ts here). Seeded: the schedule, the hidden traits and the uniform draw
 * behind each response depend on the seed alone (common random numbers across policies).
 *
 * `runPolicy` is the in-process entry: it runs a policy object (choose an action for the contact up next, then
 * observe the outcome) against a world without HTTP or storage.
 */
import { mixSeed, Random } from '../../heldout/random.js';
import type { SimContact } from '../population.js';
import { bestAction } from '../response-model.js';
import { bestSingleActionAlong, oracleChoice, runAlong, type StepResult } from '../simulator.js';
import {
  ACTIONS,
  allProbabilities,
  CHANNEL_MIX,
  CHANNELS,
  initialState,
  nextState,
  NON_RESPONDER_SHARE,
  profileOf,
  rankOf,
  RESPONSIVENESS_SD,
  type Action,
  type Channel,
  type ContactState,
  type HiddenTraits,
  type Profile,
} from './response-model.js';

export { oracleChoice, type StepResult };

/** The simulation starts at the data set's as-of instant, like the open world (the server's clock follows it). */
export const SIM_START = Date.parse('2026-11-01T12:00:00Z');
export const STEP_MINUTES = 5;
/** Follow-ups: a larger share than the open world's, reaching further back. */
export const FOLLOW_UP_SHARE = 0.3;
export const FOLLOW_UP_DAYS = 5;

const STEP_MS = STEP_MINUTES * 60_000;
const FOLLOW_UP_STEPS = Math.round((FOLLOW_UP_DAYS * 86_400_000) / STEP_MS);
/** Stream numbers for mixSeed, distinct from the open world's (1, 2, 3) so the two worlds share no draws. */
const STREAM = { schedule: 101, draws: 102, hidden: 103 } as const;

export interface WorldOptions {
  seed: number;
  /** false: no hidden traits (average responsiveness, no channel preference, no non-responders) — for tests. */
  noise?: boolean;
}

function hiddenTraitsOf(seed: number, index: number, contact: SimContact): HiddenTraits {
  const rng = new Random(mixSeed(seed, STREAM.hidden, index));
  const responsiveness = rng.normal(0, RESPONSIVENESS_SD);
  const mix = CHANNEL_MIX[rankOf(contact.title)];
  let u = rng.float();
  let channel: Channel = CHANNELS[CHANNELS.length - 1]!;
  for (const c of CHANNELS) {
    if (u < mix[c]) { channel = c; break; }
    u -= mix[c];
  }
  const nonResponder = rng.chance(NON_RESPONDER_SHARE[contact.leadStatus] ?? 0.05);
  return { responsiveness, channel, nonResponder };
}

/** Without hidden traits: the channel term is the same mismatch for every action, so it shifts nothing between them. */
const NEUTRAL: HiddenTraits = { responsiveness: 0, channel: 'none' as Channel, nonResponder: false };

export class World {
  readonly seed: number;
  readonly profiles: Profile[];
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
    this.profiles = population.map((c, i) => profileOf(c, opts.noise === false ? NEUTRAL : hiddenTraitsOf(opts.seed, i, c)));
    this.scheduleRng = new Random(mixSeed(opts.seed, STREAM.schedule));
    this.drawRng = new Random(mixSeed(opts.seed, STREAM.draws));
  }

  /** The index of the contact who is up at `step` (0-based). */
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

/** One policy's path through the world: its own touch and response history, scored against the best action for the state it created. */
export class Trajectory {
  private readonly states: ContactState[];
  private nextStep = 0;

  constructor(readonly world: World) {
    this.states = world.population.map(initialState);
  }

  get step(): number {
    return this.nextStep;
  }

  peek(): { step: number; contactIndex: number; contact: SimContact; at: number; probabilities: Record<Action, number> } {
    const step = this.nextStep;
    const contactIndex = this.world.contactAt(step);
    const at = this.world.timeAt(step);
    return { step, contactIndex, contact: this.world.population[contactIndex]!, at, probabilities: allProbabilities(this.world.profiles[contactIndex]!, this.states[contactIndex]!, at) };
  }

  act(action: Action): StepResult {
    const { step, contactIndex, at, probabilities } = this.peek();
    const best = bestAction(probabilities);
    const probability = probabilities[action];
    const responded = this.world.drawAt(step) < probability;
    this.states[contactIndex] = nextState(this.states[contactIndex]!, action, responded, at);
    this.nextStep++;
    return { step, contactIndex, action, probability, best, bestProbability: probabilities[best], responded, regret: probabilities[best] - probability };
  }
}

/** Runs a policy that reads the true probabilities (the oracle, a fixed action) for `steps` steps. */
export function runLocal(world: World, steps: number, choose: (probabilities: Record<Action, number>, contact: SimContact) => Action): StepResult[] {
  return runAlong(new Trajectory(world), steps, choose);
}

/** The single action with the highest expected response over `steps` steps of this world (for the report only). */
export function bestSingleAction(world: World, steps: number): { action: Action; expectedRate: number; byAction: Record<Action, number> } {
  return bestSingleActionAlong(() => new Trajectory(world), steps);
}

/** A policy run in process: it sees what the CRM would (the contact and the time), never the probabilities. */
export interface InProcessPolicy {
  choose(contact: SimContact, at: number): Action;
  /** The outcome of the action chosen last (called once per step, before the next choose). */
  observe?(contact: SimContact, action: Action, responded: boolean, at: number): void;
}

/** The in-process evaluation entry: `policy` against `world` for `steps` steps, without HTTP or storage. */
export function runPolicy(world: World, steps: number, policy: InProcessPolicy): StepResult[] {
  const t = new Trajectory(world);
  const out: StepResult[] = [];
  for (let i = 0; i < steps; i++) {
    const { contact, at } = t.peek();
    const action = policy.choose(contact, at);
    if (!(ACTIONS as readonly string[]).includes(action)) throw new Error(`step ${i + 1}: the policy chose "${action}", which is not in the catalog (${ACTIONS.join(', ')})`);
    const result = t.act(action);
    policy.observe?.(contact, action, result.responded, at);
    out.push(result);
  }
  return out;
}
