/**
 * The held-out response model of the next-best-action bench (bench/nba/heldout/README.md explains it in words).
 * Written blind to the server's learner and structurally unlike the open model (bench/nba/response-model.ts):
 *
 *   - segments are the raw industry (16 values, not three groups) and a role read from the title, with a
 *     three-way seniority × lead status × action term;
 *   - time acts through the gap since the last touch (too soon hurts, a week or three is the sweet spot, a long
 *     silence makes written outreach fall flat and a call or an event revive), and through a 30-day touch count
 *     past which a contact is annoyed — not through an exponentially fading load;
 *   - a response changes the contact: for 14 days a "warm" contact answers meeting invites and case studies much
 *     more, and writes back on their own more often (a wait pays);
 *   - hidden per contact: a responsiveness (wider than the open model's), a preferred channel (written, spoken or
 *     in person) drawn by seniority, and whether the contact answers anything at all (some never do).
 *
 * Nothing here is for the server to read: it learns only from outcomes.
 */
import { sigmoid } from '../../heldout/random.js';
import type { SimContact } from '../population.js';
import { ACTIONS, type Action, type OutreachAction } from '../response-model.js';

export { ACTIONS, type Action, type OutreachAction };

const DAY_MS = 86_400_000;

/** Logit of a contact with no segment effect, a neutral gap and no latent terms. */
export const BASE: Record<OutreachAction, number> = {
  email: -2.7,
  call: -2.8,
  linkedin_message: -3.0,
  meeting_invite: -3.3,
  event_invite: -3.2,
  case_study: -3.1,
};

/** Industry × action (logit), by the company's industry as the CRM holds it. */
export const INDUSTRY_EFFECTS: Record<string, Partial<Record<OutreachAction, number>>> = {
  Healthcare: { case_study: 0.8, meeting_invite: -0.3, email: -0.2 },
  Biotechnology: { case_study: 0.9, linkedin_message: -0.3 },
  'Financial Technology': { meeting_invite: 0.6, linkedin_message: 0.3, call: -0.3 },
  Insurance: { call: 0.5, meeting_invite: 0.4, event_invite: -0.4 },
  'Software (SaaS)': { linkedin_message: 0.7, email: 0.3, call: -0.6 },
  Cybersecurity: { case_study: 0.5, linkedin_message: 0.4, call: -0.7 },
  Telecommunications: { call: 0.6, event_invite: 0.3 },
  Energy: { call: 0.7, email: -0.3 },
  Manufacturing: { call: 0.8, linkedin_message: -0.5 },
  Automotive: { call: 0.6, event_invite: 0.4, linkedin_message: -0.3 },
  Logistics: { call: 0.7, email: 0.2, case_study: -0.4 },
  'Media & Entertainment': { event_invite: 0.9, linkedin_message: 0.3 },
  Hospitality: { event_invite: 0.8, call: 0.3, case_study: -0.5 },
  'E-commerce': { email: 0.5, linkedin_message: 0.3 },
  Education: { email: 0.6, event_invite: 0.3, meeting_invite: -0.3 },
  'Real Estate': { email: 0.4, call: 0.4, case_study: -0.3 },
};

export const ROLES = ['finance', 'people', 'sales', 'marketing', 'technical', 'data', 'product', 'operations', 'compliance', 'other'] as const;
export type Role = (typeof ROLES)[number];

/** The role a title speaks of (first matching rule wins; compliance is its own role here, unlike the open model). */
export function roleOf(title: string): Role {
  const t = title.toLowerCase();
  const rules: [RegExp, Role][] = [
    [/compliance/, 'compliance'],
    [/financ|fp&a|controller/, 'finance'],
    [/people|\bhr\b|talent/, 'people'],
    [/sales|revenue|account executive/, 'sales'],
    [/marketing|growth|content/, 'marketing'],
    [/machine learning|\bml\b|data/, 'data'],
    [/\bit\b|security|engineer|technology|information/, 'technical'],
    [/product|ux/, 'product'],
    [/operat|process/, 'operations'],
  ];
  return rules.find(([re]) => re.test(t))?.[1] ?? 'other';
}

/** Role × action (logit). */
export const ROLE_EFFECTS: Record<Role, Partial<Record<OutreachAction, number>>> = {
  finance: { email: 0.4, call: -0.3, case_study: 0.2 },
  people: { event_invite: 0.5, linkedin_message: 0.4 },
  sales: { call: 0.5, linkedin_message: 0.2, case_study: -0.3 },
  marketing: { linkedin_message: 0.5, event_invite: 0.3 },
  technical: { call: -0.6, case_study: 0.3, email: 0.2 },
  data: { case_study: 0.5, email: 0.2, meeting_invite: -0.3 },
  product: { meeting_invite: 0.3, linkedin_message: 0.2 },
  operations: { call: 0.4 },
  compliance: { case_study: 0.4, meeting_invite: -0.4 },
  other: {},
};

export type Rank = 'executive' | 'senior' | 'staff';
/** Chief … = executive; VP / Head / Director = senior; everyone else = staff. */
export function rankOf(title: string): Rank {
  const t = title.toLowerCase();
  if (/\bchief\b/.test(t)) return 'executive';
  if (/\bvp\b|vice president|\bhead of\b|\bdirector\b/.test(t)) return 'senior';
  return 'staff';
}

/** Lead status: how responsive to anything. */
export const STATUS_SHIFT: Record<string, number> = { customer: 0.5, qualified: 0.3, contacted: 0, new: -0.2, unqualified: -0.8 };

/**
 * Seniority × status × action: executives ignore cold e-mail and take meetings only once there is something to
 * meet about (qualified or customer); staff answer e-mail and shun meeting invites; new leads like a first e-mail.
 */
export function rankStatusEffect(rank: Rank, status: string, action: OutreachAction): number {
  const engaged = status === 'qualified' || status === 'customer';
  if (rank === 'executive') {
    if (action === 'email') return -0.7;
    if (action === 'meeting_invite') return engaged ? 0.7 : -0.4;
    if (action === 'call') return engaged ? 0.2 : -0.5;
    return 0;
  }
  if (rank === 'senior') {
    if (action === 'meeting_invite') return engaged ? 0.4 : 0;
    if (action === 'case_study') return 0.2;
    return 0;
  }
  if (action === 'email') return status === 'new' ? 0.6 : 0.3;
  if (action === 'meeting_invite') return -0.5;
  return 0;
}

/** Hidden preferred channel; each lifts its actions and lowers the others a little. */
export const CHANNELS = ['written', 'spoken', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];
const CHANNEL_OF: Record<OutreachAction, Channel> = {
  email: 'written',
  linkedin_message: 'written',
  case_study: 'written',
  call: 'spoken',
  meeting_invite: 'in_person',
  event_invite: 'in_person',
};
export const CHANNEL_MATCH = 0.5;
export const CHANNEL_MISMATCH = -0.15;
/** How likely each channel is, by rank (executives mostly want to meet; staff mostly write). */
export const CHANNEL_MIX: Record<Rank, Record<Channel, number>> = {
  executive: { written: 0.25, spoken: 0.25, in_person: 0.5 },
  senior: { written: 0.4, spoken: 0.35, in_person: 0.25 },
  staff: { written: 0.6, spoken: 0.3, in_person: 0.1 },
};

/** Share of contacts who answer nothing at all, by lead status (unqualified leads most often). */
export const NON_RESPONDER_SHARE: Record<string, number> = { customer: 0.02, qualified: 0.03, contacted: 0.06, new: 0.08, unqualified: 0.2 };
/** Standard deviation of the hidden per-contact responsiveness (logit). */
export const RESPONSIVENESS_SD = 0.6;

/** The gap since the last touch, in days, and what it does to each action (logit). */
export function gapEffect(gapDays: number | null, action: OutreachAction): number {
  const intrusive = action === 'call' || action === 'meeting_invite';
  if (gapDays === null) {
    // Never touched: nobody knows us yet.
    if (action === 'email') return -0.3;
    if (action === 'linkedin_message') return 0.3;
    if (action === 'meeting_invite') return -0.6;
    return 0;
  }
  if (gapDays < 2) return intrusive ? -1.6 : -1.0;
  if (gapDays < 7) return intrusive ? -0.6 : -0.3;
  if (gapDays < 30) return 0.3;
  if (gapDays < 60) return 0;
  // Gone cold: written outreach falls flat, a call or an event brings them back.
  if (action === 'email' || action === 'linkedin_message') return -0.5;
  if (action === 'call' || action === 'event_invite') return 0.3;
  return 0;
}

/** Touches in the last 30 days past which a contact is annoyed, and what that costs every outreach action. */
export const ANNOYED_AFTER_TOUCHES = 5;
export const ANNOYED_WINDOW_DAYS = 30;
export const ANNOYED_PENALTY = -1.2;

/** For this long after a response a contact is warm: meetings and case studies land, and they write back unasked. */
export const WARM_DAYS = 14;
export const WARM_EFFECTS: Partial<Record<OutreachAction, number>> = { meeting_invite: 1.0, case_study: 0.6, email: 0.2 };

/** Waiting: the chance the contact gets in touch unasked — small, larger when warm, none for a non-responder. */
export const WAIT_BASE = -4.2;
export const WAIT_WARM = 1.4;

/** What the hidden part of a contact is (drawn per seed). */
export interface HiddenTraits {
  responsiveness: number;
  channel: Channel;
  nonResponder: boolean;
}

/** A contact's static logits per outreach action (segments and hidden traits), and its wait logit. */
export interface Profile {
  contact: SimContact;
  hidden: HiddenTraits;
  staticLogit: Record<OutreachAction, number>;
  waitLogit: number;
}

export function profileOf(contact: SimContact, hidden: HiddenTraits): Profile {
  const rank = rankOf(contact.title);
  const role = roleOf(contact.title);
  const common = (STATUS_SHIFT[contact.leadStatus] ?? 0) + hidden.responsiveness;
  const staticLogit = {} as Record<OutreachAction, number>;
  for (const a of Object.keys(BASE) as OutreachAction[]) {
    staticLogit[a] =
      BASE[a] +
      (INDUSTRY_EFFECTS[contact.industry]?.[a] ?? 0) +
      (ROLE_EFFECTS[role][a] ?? 0) +
      rankStatusEffect(rank, contact.leadStatus, a) +
      (CHANNEL_OF[a] === hidden.channel ? CHANNEL_MATCH : CHANNEL_MISMATCH) +
      common;
  }
  return { contact, hidden, staticLogit, waitLogit: WAIT_BASE + common };
}

/** What the simulator remembers of one contact's history. */
export interface ContactState {
  /** Last touch (any outreach action; the CRM's last_contacted_at counts as one), ms, or null. */
  lastTouchAt: number | null;
  /** Times of the touches within the annoyance window (oldest first). */
  recentTouches: number[];
  /** Last response, ms, or null. */
  lastResponseAt: number | null;
}

export function initialState(contact: SimContact): ContactState {
  return { lastTouchAt: contact.lastContactedAt, recentTouches: contact.lastContactedAt === null ? [] : [contact.lastContactedAt], lastResponseAt: null };
}

const touchesWithin = (state: ContactState, now: number) => state.recentTouches.filter((t) => now - t < ANNOYED_WINDOW_DAYS * DAY_MS).length;
const isWarm = (state: ContactState, now: number) => state.lastResponseAt !== null && now - state.lastResponseAt < WARM_DAYS * DAY_MS;

export function responseProbability(profile: Profile, state: ContactState, action: Action, now: number): number {
  if (profile.hidden.nonResponder) return 0;
  const warm = isWarm(state, now);
  if (action === 'wait') return sigmoid(profile.waitLogit + (warm ? WAIT_WARM : 0));
  const gapDays = state.lastTouchAt === null ? null : Math.max(0, now - state.lastTouchAt) / DAY_MS;
  const annoyed = touchesWithin(state, now) >= ANNOYED_AFTER_TOUCHES ? ANNOYED_PENALTY : 0;
  return sigmoid(profile.staticLogit[action] + gapEffect(gapDays, action) + annoyed + (warm ? (WARM_EFFECTS[action] ?? 0) : 0));
}

export function allProbabilities(profile: Profile, state: ContactState, now: number): Record<Action, number> {
  const out = {} as Record<Action, number>;
  for (const a of ACTIONS) out[a] = responseProbability(profile, state, a, now);
  return out;
}

/** The state after `action` at `now` and its response (a wait is not a touch; a response to it still warms). */
export function nextState(state: ContactState, action: Action, responded: boolean, now: number): ContactState {
  const touch = action !== 'wait';
  return {
    lastTouchAt: touch ? now : state.lastTouchAt,
    recentTouches: touch ? [...state.recentTouches.filter((t) => now - t < ANNOYED_WINDOW_DAYS * DAY_MS), now] : state.recentTouches,
    lastResponseAt: responded ? now : state.lastResponseAt,
  };
}
