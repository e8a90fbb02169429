/**
 * The held-out deal world (`--world heldout`): structurally different from the standard one, for checking that a
 * policy learned to read buyers rather than this bench's rules. Nobody tunes on it. Hidden per deal: momentum, a
 * technical-fit concern (only a demo settles it), the champion's strength (meetings build it; an executive helps
 * only late and only a weak champion), a budget freeze until some week (pushing during it backfires; waiting is
 * right), and procurement's squeeze at negotiation (the only time a discount pays). Calls annoy these buyers more.
 * Every phrasing differs from the standard world's.
 */
import { sigmoid, type Random } from '../heldout/random.js';
import type { DealSetup } from './population.js';
import { LOST_REASONS, say, stageRank, type Action, type ActivityText, type Buyer, type DealWorld, type Stage, type WeekResult } from './world.js';

export const HELDOUT = {
  maxWeeks: 18,
  touch: { email: 0.3, call: 1.4, meeting: 0.8, demo: 0.8, proposal: 0.4, discount: 0.2, escalate: 0.6, wait: 0 } as Record<Action, number>,
  annoyanceLimit: 1.5,
  annoyancePenalty: 0.6,
  winSlope: 1.0,
  winBase: -1.2,
  penaltySqueeze: 2.0,
  penaltyWeakChampion: 1.5,
  penaltyFit: 1.5,
  lossBase: -2.9,
  lossFrozen: 0.8,
} as const;

export const HELDOUT_PHRASES: Record<string, string[]> = {
  fit_concern: [
    '{first} wanted to know how {product} would integrate with their ERP; IT has doubts.',
    'Their engineers raised questions about the security review and data residency.',
    '{first} is not sure the tool fits their current stack and worries about migration effort.',
  ],
  fit_resolved: [
    'Walked their IT lead through the integration live; the technical questions are answered.',
    'The architecture walkthrough settled it: {first} confirmed it fits their systems.',
  ],
  weak_champion: [
    '{first} said they will have to sell this internally and are not sure leadership will back it.',
    '{first} likes it personally but admitted they carry little weight in the decision.',
    "'I'll have to check with my manager' — {first} cannot commit on their own.",
  ],
  champion_strong: [
    '{first} is now championing this internally and booked time with their leadership.',
    '{first} said leadership is behind the project after their internal pitch.',
  ],
  over_head: [
    '{first} felt we went over their head by bringing in an executive this early.',
    'Bringing our executive in did not land: {first} said it was unnecessary.',
  ],
  budget_frozen: [
    '{first} said spending is frozen until the next fiscal period; please do not push for now.',
    'Budget freeze at {company}: nothing new gets approved for a few weeks.',
    '{first} explained there is a hiring and spending pause; they will come back when it lifts.',
  ],
  budget_released: [
    '{first} wrote that the spending freeze is over and the project has funding again.',
    'Good news from {first}: budget has been released for this quarter.',
  ],
  pushed_during_freeze: [
    '{first} reminded us that nothing can move while budgets are frozen.',
    '{first} was unhappy we pushed for a decision during the freeze.',
  ],
  procurement_squeeze: [
    'Their procurement team came back asking us to sharpen the commercial terms.',
    '{first} says purchasing wants a better rate before they sign.',
    'Procurement is negotiating hard: they want a lower number to close.',
  ],
  squeeze_met: ['Procurement accepted the revised terms.', 'Purchasing signed off on the adjusted rate.'],
  discount_early: [
    'The early price cut made {first} wonder whether our list price was ever real.',
    '{first} took the reduction but now expects more; it weakened our position.',
  ],
  keen: [
    '{first} is keen and asked when we can get started.',
    'Warm reply: {first} said the team is eager to roll this out.',
  ],
  neutral: ['{first} acknowledged and said they would circle back.', 'Short reply from {first}; nothing new.'],
  meeting_done: ['Working session with {first} on their requirements.', 'Met {first} and two colleagues to map their process.'],
  demo_done: ['Technical demo for their IT team.', 'Showed the integration and admin console to their engineers.'],
  proposal_sent: ['Commercial proposal shared with {first}.', 'Sent over the order form and scope for review.'],
  proposal_repeat: ['Sent an updated copy of the proposal; nothing changed for {first}.'],
  proposal_premature: ['{first} said a quote is premature; they are still gathering requirements.'],
  irritated: [
    '{first} asked us to stop calling so often.',
    '{first} said the frequency of our outreach is too much.',
  ],
  unanswered: ['No response.', 'Nothing back from {first} yet.'],
  missed_call: ['Call went unanswered.', 'Tried {first} by phone; no pickup.'],
  cancelled: ['{first} postponed the session.', 'The session was cancelled by {first}.'],
};

export interface HeldoutState {
  momentum: number;
  fitConcern: boolean;
  championWeak: boolean;
  /** The week index the budget freeze lifts (0: never frozen). */
  frozenUntil: number;
  squeeze: 'none' | 'open' | 'met';
  squeezeLikely: boolean;
  meetings: number;
  annoyance: number;
  stage: Stage;
}

export class HeldoutBuyer implements Buyer {
  private readonly s: HeldoutState;
  private readonly words: Record<string, string>;

  /** `override` pins parts of the hidden state (tests). */
  constructor(setup: DealSetup, rng: Random, override: Partial<HeldoutState> = {}) {
    const c = setup.prospect.contact;
    const fitP = c.size === 'large' || c.industryGroup === 'regulated' ? 0.6 : 0.35;
    const weakP = c.seniority === 'individual' || c.seniority === 'manager' ? 0.65 : 0.35;
    const frozen = rng.chance(0.35);
    this.s = {
      momentum: (c.leadStatus === 'customer' ? 0.3 : 0) + (c.leadSource === 'inbound' || c.leadSource === 'website' ? 0.2 : -0.1) + rng.normal(0, 0.6),
      fitConcern: rng.chance(fitP),
      championWeak: rng.chance(weakP),
      frozenUntil: frozen ? rng.int(2, 6) : 0,
      squeeze: 'none',
      squeezeLikely: rng.chance(0.5),
      meetings: 0,
      annoyance: 0,
      stage: 'lead',
      ...override,
    };
    this.words = { first: setup.prospect.firstName, company: setup.prospect.companyName, product: setup.product };
  }

  get stage(): Stage {
    return this.s.stage;
  }

  hidden(): Record<string, unknown> {
    return { ...this.s };
  }

  winChance(): number {
    const s = this.s;
    return sigmoid(HELDOUT.winSlope * s.momentum + HELDOUT.winBase - (s.squeeze === 'open' ? HELDOUT.penaltySqueeze : 0) - (s.championWeak ? HELDOUT.penaltyWeakChampion : 0) - (s.fitConcern ? HELDOUT.penaltyFit : 0));
  }

  week(action: Action, weekIndex: number, rng: Random): WeekResult {
    const s = this.s;
    if (s.stage === 'closed_won' || s.stage === 'closed_lost') throw new Error('a closed deal takes no more actions');
    const u = { contact: rng.float(), reveal: [rng.float(), rng.float(), rng.float()], effect: rng.float(), stage: rng.float(), close: rng.float(), inbound: rng.float(), text: rng.float() };
    const signals: string[] = [];
    const lines: string[] = [];
    const pick = (signal: string) => {
      signals.push(signal);
      const options = HELDOUT_PHRASES[signal]!;
      lines.push(say(options[Math.floor(u.text * options.length)]!, this.words));
    };
    const frozen = weekIndex < s.frozenUntil;
    const reveal = (chance: number) => {
      if (s.fitConcern && u.reveal[0]! < chance) pick('fit_concern');
      if (s.championWeak && u.reveal[1]! < chance) pick('weak_champion');
      if (frozen && u.reveal[2]! < chance + 0.2) pick('budget_frozen');
    };
    const rank = stageRank(s.stage as 'lead');
    let activity: ActivityText | null = null;
    let inbound: ActivityText | null = null;
    let discounted = false;
    let engaged = false;

    s.annoyance *= 0.5;
    if (weekIndex === s.frozenUntil && s.frozenUntil > 0) pick('budget_released');
    switch (action) {
      case 'email':
        if (u.contact < sigmoid(s.momentum + 0.8 - s.annoyance)) {
          s.momentum += 0.2;
          engaged = true;
          reveal(0.5);
          if (s.momentum > 1) pick('keen');
          else if (signals.length === 0) pick('neutral');
        } else pick('unanswered');
        activity = { type: 'email', subject: 'Checking in', body: '' };
        break;
      case 'call':
        if (u.contact < 0.4) {
          s.momentum += 0.15;
          engaged = true;
          reveal(0.6);
          if (signals.length === 0) pick('neutral');
          activity = { type: 'call', subject: 'Phone call', body: '', outcome: 'connected' };
        } else {
          pick('missed_call');
          activity = { type: 'call', subject: 'Phone call', body: '', outcome: 'no_answer' };
        }
        break;
      case 'meeting':
        if (u.contact < sigmoid(s.momentum + 1.2 - s.annoyance)) {
          s.meetings += 1;
          s.momentum += frozen ? 0.1 : 0.35;
          engaged = true;
          pick('meeting_done');
          reveal(0.7);
          if (s.championWeak && s.meetings >= 2 && u.effect < 0.7) {
            s.championWeak = false;
            pick('champion_strong');
          }
          activity = { type: 'meeting', subject: 'Working session', body: '', outcome: 'held' };
        } else {
          pick('cancelled');
          activity = { type: 'meeting', subject: 'Working session', body: '', outcome: 'cancelled' };
        }
        break;
      case 'demo':
        s.momentum += 0.3;
        pick('demo_done');
        if (s.fitConcern && u.effect < 0.75) {
          s.fitConcern = false;
          s.momentum += 0.3;
          pick('fit_resolved');
        }
        activity = { type: 'meeting', subject: 'Technical demo', body: '', outcome: 'held' };
        break;
      case 'proposal':
        if (frozen) {
          s.momentum -= 0.5;
          pick('pushed_during_freeze');
        } else if (rank === 0 || s.momentum < -0.2) {
          s.momentum -= 0.3;
          pick('proposal_premature');
        } else if (rank === 1) {
          s.stage = 'proposal';
          s.momentum += 0.2;
          pick('proposal_sent');
        } else {
          pick('proposal_repeat');
        }
        activity = { type: 'email', subject: 'Commercial proposal', body: '' };
        break;
      case 'discount':
        discounted = true;
        if (s.squeeze === 'open') {
          s.squeeze = 'met';
          s.momentum += 1.0;
          pick('squeeze_met');
        } else if (frozen) {
          s.momentum -= 0.5;
          pick('pushed_during_freeze');
        } else {
          s.momentum -= 0.4;
          pick('discount_early');
        }
        activity = { type: 'email', subject: 'Adjusted commercial terms', body: '' };
        break;
      case 'escalate':
        if (rank >= 2 && s.championWeak) {
          s.championWeak = false;
          s.momentum += 0.6;
          pick('champion_strong');
        } else {
          s.momentum -= rank >= 2 ? 0.4 : 0.6;
          pick('over_head');
        }
        activity = { type: 'call', subject: 'Executive call', body: '', outcome: 'connected' };
        break;
      case 'wait':
        s.momentum += frozen ? 0.05 : -0.08;
        break;
    }
    s.annoyance += HELDOUT.touch[action];
    if (s.annoyance > HELDOUT.annoyanceLimit) {
      s.momentum -= HELDOUT.annoyancePenalty * (s.annoyance - HELDOUT.annoyanceLimit);
      pick('irritated');
    }
    if (activity) activity.body = lines.join(' ');
    else if (lines.length > 0 || (s.momentum > 1 && u.inbound < 0.3)) {
      if (lines.length === 0) pick('keen');
      inbound = { type: 'email', subject: `Note from ${this.words.first}`, body: lines.join(' '), inbound: true };
    }

    if (u.close < sigmoid(HELDOUT.lossBase - s.momentum + (frozen ? HELDOUT.lossFrozen : 0))) {
      s.stage = 'closed_lost';
      const reason = frozen ? LOST_REASONS.budget : s.squeeze === 'open' ? LOST_REASONS.price : s.fitConcern ? LOST_REASONS.competitor : LOST_REASONS.dark;
      return { activity, inbound, signals, stage: s.stage, lostReason: reason, discounted };
    }
    if (s.stage === 'lead') {
      if ((engaged && s.momentum > -0.2 && u.stage < 0.6) || u.stage < sigmoid(s.momentum - 2.5)) s.stage = 'qualified';
    } else if (s.stage === 'proposal') {
      if (!frozen && !s.fitConcern && s.momentum > 0.2 && u.stage < 0.5) {
        s.stage = 'negotiation';
        if (s.squeezeLikely) {
          s.squeeze = 'open';
          pick('procurement_squeeze');
          (activity ?? (inbound = { type: 'email', subject: 'Procurement', body: '', inbound: true })).body = lines.join(' ');
        }
      }
    } else if (s.stage === 'negotiation' && !frozen) {
      if (u.close > 1 - this.winChance()) s.stage = 'closed_won';
    }
    return { activity, inbound, signals, stage: s.stage, discounted };
  }
}

export const heldoutWorld: DealWorld = {
  name: 'heldout',
  maxWeeks: HELDOUT.maxWeeks,
  newBuyer: (setup, rng) => new HeldoutBuyer(setup, rng),
};
