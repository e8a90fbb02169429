/**
 * The response model of the next-best-action bench, in the open (bench/nba/README.md explains it in words). The
 * chance that a contact responds to an outreach action is a logistic function of
 *
 *   logit p = BASE[action] + Σ segment effects[action] + responsiveness(status) + latent(contact)
 *             + taste(contact, action) − fatigue(action, recent touches)                  (for every action but wait)
 *   logit p = WAIT_BASE + responsiveness(status) + latent(contact) + PENDING_REPLY · min(load, 2)   (wait)
 *
 * Segment effects are interactions: each action has the people it suits (meetings for qualified decision-makers,
 * calls for sales people in small companies, case studies for finance and technical buyers in regulated
 * industries, events for conference and webinar leads …). The latent terms are noise the CRM cannot see.
 * Nothing here is read by the server: it learns only from outcomes.
 */
import type { SimContact } from './population.js';
import { sigmoid } from './random.js';

export const ACTIONS = ['email', 'call', 'linkedin_message', 'meeting_invite', 'event_invite', 'case_study', 'wait'] as const;
export type Action = (typeof ACTIONS)[number];
export type OutreachAction = Exclude<Action, 'wait'>;

export const isAction = (a: string): a is Action => (ACTIONS as readonly string[]).includes(a);

const DAY_MS = 86_400_000;

/** Logit of an average contact's response to each action before segments: e-mail ≈ 7 %, an event invite ≈ 4 %. */
export const BASE: Record<OutreachAction, number> = {
  email: -2.55,
  call: -2.65,
  linkedin_message: -2.75,
  meeting_invite: -3.05,
  event_invite: -3.15,
  case_study: -2.95,
};

/** Which attribute of a contact an effect reads, and the value it needs. */
export type Condition =
  | { seniority: SimContact['seniority'] }
  | { family: SimContact['family'] }
  | { industryGroup: SimContact['industryGroup'] }
  | { size: SimContact['size'] }
  | { leadSource: string }
  | { leadStatus: string }
  | { tag: string };

export interface Effect {
  when: Condition;
  logit: number;
}

/** Action × segment interactions (logit units; +0.7 roughly doubles a small rate). */
export const EFFECTS: Record<OutreachAction, Effect[]> = {
  email: [
    { when: { seniority: 'individual' }, logit: 0.5 },
    { when: { seniority: 'manager' }, logit: 0.3 },
    { when: { seniority: 'vp' }, logit: -0.3 },
    { when: { seniority: 'c_level' }, logit: -0.6 },
    { when: { leadSource: 'website' }, logit: 0.4 },
    { when: { leadSource: 'webinar' }, logit: 0.3 },
    { when: { leadStatus: 'contacted' }, logit: 0.2 },
  ],
  call: [
    { when: { size: 'small' }, logit: 0.5 },
    { when: { size: 'large' }, logit: -0.4 },
    { when: { family: 'sales' }, logit: 0.5 },
    { when: { family: 'operations' }, logit: 0.4 },
    { when: { family: 'data' }, logit: -0.6 },
    { when: { family: 'tech' }, logit: -0.4 },
    { when: { leadSource: 'referral' }, logit: 0.4 },
    { when: { leadSource: 'partner' }, logit: 0.4 },
    { when: { leadSource: 'cold outreach' }, logit: -0.3 },
    { when: { industryGroup: 'traditional' }, logit: 0.3 },
  ],
  linkedin_message: [
    { when: { leadSource: 'linkedin' }, logit: 0.9 },
    { when: { family: 'sales' }, logit: 0.3 },
    { when: { family: 'marketing' }, logit: 0.4 },
    { when: { family: 'people' }, logit: 0.5 },
    { when: { seniority: 'c_level' }, logit: -0.3 },
    { when: { industryGroup: 'digital' }, logit: 0.2 },
  ],
  meeting_invite: [
    { when: { leadStatus: 'qualified' }, logit: 0.9 },
    { when: { leadStatus: 'customer' }, logit: 0.7 },
    { when: { leadStatus: 'new' }, logit: -0.5 },
    { when: { leadStatus: 'unqualified' }, logit: -0.8 },
    { when: { tag: 'decision-maker' }, logit: 0.4 },
    { when: { seniority: 'c_level' }, logit: 0.3 },
    { when: { seniority: 'vp' }, logit: 0.3 },
    { when: { seniority: 'individual' }, logit: -0.4 },
  ],
  event_invite: [
    { when: { leadSource: 'conference' }, logit: 0.8 },
    { when: { leadSource: 'webinar' }, logit: 0.6 },
    { when: { family: 'marketing' }, logit: 0.6 },
    { when: { family: 'people' }, logit: 0.2 },
    { when: { size: 'large' }, logit: 0.4 },
    { when: { size: 'small' }, logit: -0.3 },
    { when: { tag: 'vip' }, logit: 0.4 },
  ],
  case_study: [
    { when: { industryGroup: 'regulated' }, logit: 0.6 },
    { when: { family: 'finance' }, logit: 0.6 },
    { when: { family: 'data' }, logit: 0.5 },
    { when: { family: 'tech' }, logit: 0.4 },
    { when: { family: 'product' }, logit: 0.3 },
    { when: { seniority: 'c_level' }, logit: 0.4 },
    { when: { seniority: 'vp' }, logit: 0.5 },
    { when: { size: 'large' }, logit: 0.3 },
    { when: { tag: 'ai-interest' }, logit: 0.5 },
    { when: { leadSource: 'cold outreach' }, logit: 0.2 },
  ],
};

/** How responsive a contact is to anything, by lead status (customers answer, unqualified leads rarely do). */
export const STATUS_RESPONSIVENESS: Record<string, number> = { customer: 0.3, qualified: 0.2, contacted: 0, new: -0.1, unqualified: -0.5 };

/** A contact who is left alone still gets in touch now and then (≈ 2.5 % for an average contact)… */
export const WAIT_BASE = -3.7;
/** … and more often shortly after a touch: replies to it still arrive (per unit of touch load, up to 2). */
export const PENDING_REPLY = 1.1;

/** Touches fade with this time constant: a touch weighs 1 now, 0.37 after 4 days, 0.03 after two weeks. */
export const FATIGUE_TAU_DAYS = 4;
/** Logit lost per unit of touch load: intrusive actions (calls, meetings) annoy recently-touched people most. */
export const FATIGUE: Record<OutreachAction, number> = {
  email: 1.2,
  call: 1.6,
  linkedin_message: 1.1,
  meeting_invite: 1.4,
  event_invite: 0.9,
  case_study: 1.0,
};
/** The same action as the last touch, within this many days, loses REPEAT_PENALTY more. */
export const REPEAT_WINDOW_DAYS = 14;
export const REPEAT_PENALTY = 0.3;

/** Standard deviations of the noise the CRM cannot see (logit units). */
export const LATENT_SD = 0.4;
export const TASTE_SD = 0.25;

/** What the simulator remembers of a contact's recent outreach. */
export interface TouchState {
  /** Σ exp(−age/τ) over touches (not waits), as of `loadAt`. */
  load: number;
  loadAt: number;
  lastAction: OutreachAction | null;
  lastActionAt: number;
}

export function initialTouchState(contact: SimContact): TouchState {
  // The CRM's last_contacted_at counts as one touch of an unknown kind: it tires but triggers no repeat penalty.
  return contact.lastContactedAt === null
    ? { load: 0, loadAt: 0, lastAction: null, lastActionAt: -Infinity }
    : { load: 1, loadAt: contact.lastContactedAt, lastAction: null, lastActionAt: contact.lastContactedAt };
}

export function loadAt(state: TouchState, now: number): number {
  if (state.load === 0) return 0;
  const age = Math.max(0, now - state.loadAt);
  return state.load * Math.exp(-age / (FATIGUE_TAU_DAYS * DAY_MS));
}

/** The state after `action` at `now` (a wait changes nothing: it is not a touch). */
export function touched(state: TouchState, action: Action, now: number): TouchState {
  if (action === 'wait') return state;
  return { load: loadAt(state, now) + 1, loadAt: now, lastAction: action, lastActionAt: now };
}

function holds(contact: SimContact, when: Condition): boolean {
  if ('seniority' in when) return contact.seniority === when.seniority;
  if ('family' in when) return contact.family === when.family;
  if ('industryGroup' in when) return contact.industryGroup === when.industryGroup;
  if ('size' in when) return contact.size === when.size;
  if ('leadSource' in when) return contact.leadSource === when.leadSource;
  if ('leadStatus' in when) return contact.leadStatus === when.leadStatus;
  return contact.tags.includes(when.tag);
}

/** The part of a contact's logit for an action that does not change over time (segments, status, noise). */
export interface ContactProfile {
  contact: SimContact;
  /** Static logit per action (for wait: without the pending-reply lift). */
  staticLogit: Record<Action, number>;
}

export interface ContactNoise {
  latent: number;
  taste: Record<OutreachAction, number>;
}

export const NO_NOISE: ContactNoise = { latent: 0, taste: { email: 0, call: 0, linkedin_message: 0, meeting_invite: 0, event_invite: 0, case_study: 0 } };

export function profileOf(contact: SimContact, noise: ContactNoise = NO_NOISE): ContactProfile {
  const common = (STATUS_RESPONSIVENESS[contact.leadStatus] ?? 0) + noise.latent;
  const staticLogit = { wait: WAIT_BASE + common } as Record<Action, number>;
  for (const action of Object.keys(BASE) as OutreachAction[]) {
    const segments = EFFECTS[action].reduce((sum, e) => (holds(contact, e.when) ? sum + e.logit : sum), 0);
    staticLogit[action] = BASE[action] + segments + common + noise.taste[action];
  }
  return { contact, staticLogit };
}

/** The probability that the contact responds to `action` taken at `now`, given its outreach so far. */
export function responseProbability(profile: ContactProfile, state: TouchState, action: Action, now: number): number {
  const load = loadAt(state, now);
  if (action === 'wait') return sigmoid(profile.staticLogit.wait + PENDING_REPLY * Math.min(load, 2));
  const repeat = state.lastAction === action && now - state.lastActionAt < REPEAT_WINDOW_DAYS * DAY_MS ? REPEAT_PENALTY : 0;
  return sigmoid(profile.staticLogit[action] - FATIGUE[action] * load - repeat);
}

export function allProbabilities(profile: ContactProfile, state: TouchState, now: number): Record<Action, number> {
  const out = {} as Record<Action, number>;
  for (const a of ACTIONS) out[a] = responseProbability(profile, state, a, now);
  return out;
}

/** The action with the highest probability (ties: catalog order). */
export function bestAction(probabilities: Record<Action, number>): Action {
  let best: Action = ACTIONS[0];
  for (const a of ACTIONS) if (probabilities[a] > probabilities[best]) best = a;
  return best;
}
