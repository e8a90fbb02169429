/**
 * A variant deal world (`--world variant`), written for issue 19's PPO work to judge generality without tuning to
 * one world: the same shape of problem as the standard world, other dynamics and other words. Its rules are in
 * README.md ("The variant world"). Hidden per deal: trust, price sensitivity (it shows at negotiation, not at the
 * proposal), a decision maker who is met only in meetings and can be brought in only after one, a competitor that a
 * reference call (not the demo) settles, a demo that must come before the proposal, e-mails that annoy more than
 * calls. Its phrasings were written after the server's lexicon was widened and were not read back into it.
 */
import { sigmoid, type Random } from '../heldout/random.js';
import type { DealSetup } from './population.js';
import { LOST_REASONS, say, stageRank, type Action, type ActivityText, type Buyer, type DealWorld, type Stage, type WeekResult } from './world.js';

export const VARIANT = {
  maxWeeks: 14,
  touch: { email: 0.8, call: 0.6, meeting: 0.9, demo: 0.9, proposal: 0.4, discount: 0.3, escalate: 0.8, wait: 0 } as Record<Action, number>,
  annoyanceLimit: 1.5,
  annoyancePenalty: 0.7,
  winSlope: 1.0,
  winBase: -0.8,
  penaltyNoDecisionMaker: 3.5,
  penaltyCompetitor: 1.0,
  penaltyOpenObjection: 3.0,
  lossBase: -3.2,
  lossCompetitor: 0.8,
  competitorAtStart: 0.5,
} as const;

const RIVALS = ['Quillstone', 'Tamarack CRM', 'Dealcraft', 'Harbor Sales Cloud'];

export const VARIANT_PHRASES: Record<string, string[]> = {
  price_worry: ['{first} warned that spending is under review this quarter.', '{first} hinted the team has very little money left for new tools.'],
  price_objection: ['{first} says the figure in the contract is more than they can pay.', 'Negotiation stalled on cost: {first} wants a lower number before signing.', '{first} told us their finance team rejected the price as it stands.'],
  objection_resolved: ['{first} accepted the reduced fee and is moving it to signature.', 'With the reduction {first} has what they need for finance.'],
  discount_early: ['{first} took note of the reduction and asked what else we could lower.', 'The early price cut made {first} ask for an even lower number later.'],
  dm_missing: ['{first} explained that the purchase has to be approved by their managing director, whom we have not met.', 'Whoever signs is above {first}; that person has not been part of any conversation yet.', '{first} cannot approve this alone and their director is not in the loop.'],
  dm_engaged: ['Their managing director sat in and gave the go-ahead to continue.', 'We finally met the person who signs; they back the project.'],
  escalate_early: ['{first} felt it was too soon to bring executives into a first conversation.', 'Bringing our executive in this early put {first} off.'],
  escalate_unneeded: ['{first} already signs off on purchases like this and did not see why our executive joined.'],
  rival: ['{first} is running a side-by-side with {competitor}.', '{competitor} pitched them last week and {first} is weighing both.', '{first} mentioned a quote they got from {competitor}.'],
  rival_settled: ['After the reference call {first} dropped {competitor} from the list.', 'The customer reference convinced {first}; {competitor} is out.'],
  warm: ['{first} wants to get this going soon.', 'Great energy from {first}; they are pushing internally for it.', '{first} said this is exactly what the team has been missing.'],
  neutral: ['{first} gave a short answer.', 'Brief exchange with {first}, nothing decided.'],
  demo_given: ['Walked {first} through {product} end to end.', 'Showed {product} to {first} and two colleagues.'],
  proposal_early: ['{first} asked to see the product before any paperwork.', '{first} said a proposal makes no sense before they have seen it working.'],
  proposal_in: ['{first} has the proposal and is reviewing it with the team.', 'Proposal delivered to {first}.'],
  proposal_repeat: ['Sent the proposal again to {first}.'],
  crowded: ['{first} said our messages are piling up in their inbox.', '{first} asked us to slow down a little.'],
  silent: ['No response from {first}.', 'Nothing back yet.'],
  missed: ['Could not reach {first}.', '{first} did not pick up.'],
  skipped: ['{first} missed the meeting.', 'The meeting did not happen; {first} was double-booked.'],
};

interface VariantState {
  trust: number;
  priceSensitive: boolean;
  dmEngaged: boolean;
  dmKnown: boolean;
  competitor: string | null;
  competitorNamed: boolean;
  competitorHandled: boolean;
  objection: 'none' | 'open' | 'resolved';
  discounted: boolean;
  meetings: number;
  demoDone: boolean;
  annoyance: number;
  stage: Stage;
}

export class VariantBuyer implements Buyer {
  private readonly s: VariantState;
  private readonly words: Record<string, string>;

  constructor(setup: DealSetup, rng: Random, override: Partial<VariantState> = {}) {
    const c = setup.prospect.contact;
    let mu = -0.1;
    if (c.leadStatus === 'qualified' || c.leadStatus === 'customer') mu += 0.25;
    if (c.leadSource === 'referral') mu += 0.25;
    const competitor = rng.chance(VARIANT.competitorAtStart) ? rng.pick(RIVALS) : null;
    this.s = {
      trust: mu + rng.normal(0, 0.6),
      priceSensitive: rng.chance({ small: 0.55, mid: 0.45, large: 0.35, unknown: 0.45 }[c.size]),
      dmEngaged: rng.chance(c.seniority === 'c_level' ? 0.85 : c.seniority === 'vp' ? 0.6 : 0.4),
      dmKnown: false,
      competitor,
      competitorNamed: false,
      competitorHandled: false,
      objection: 'none',
      discounted: false,
      meetings: 0,
      demoDone: false,
      annoyance: 0,
      stage: 'lead',
      ...override,
    };
    this.words = { first: setup.prospect.firstName, product: setup.product, competitor: competitor ?? '' };
  }

  get stage(): Stage {
    return this.s.stage;
  }

  hidden(): Record<string, unknown> {
    return { ...this.s };
  }

  winChance(): number {
    const s = this.s;
    return sigmoid(VARIANT.winSlope * s.trust + VARIANT.winBase - (s.dmEngaged ? 0 : VARIANT.penaltyNoDecisionMaker) - (s.competitor && !s.competitorHandled ? VARIANT.penaltyCompetitor : 0) - (s.objection === 'open' ? VARIANT.penaltyOpenObjection : 0));
  }

  week(action: Action, _weekIndex: number, rng: Random): WeekResult {
    const s = this.s;
    if (s.stage === 'closed_won' || s.stage === 'closed_lost') throw new Error('a closed deal takes no more actions');
    const u = { contact: rng.float(), reveal: rng.float(), effect: rng.float(), stage: rng.float(), close: rng.float(), inbound: rng.float(), text: rng.float() };
    const signals: string[] = [];
    const lines: string[] = [];
    const pick = (signal: string) => {
      signals.push(signal);
      const options = VARIANT_PHRASES[signal]!;
      lines.push(say(options[Math.floor(u.text * options.length)]!, this.words));
    };
    const nameRival = (chance: number) => {
      if (s.competitor && !s.competitorHandled && u.reveal < chance) {
        s.competitorNamed = true;
        pick('rival');
      }
    };
    let activity: ActivityText | null = null;
    let inbound: ActivityText | null = null;
    let discounted = false;
    let connected = false;
    const rank = stageRank(s.stage as 'lead');
    s.annoyance *= 0.5;
    switch (action) {
      case 'email': {
        if (u.contact < sigmoid(s.trust + 0.8 - s.annoyance)) {
          s.trust += 0.1;
          connected = true;
          if (s.priceSensitive && u.reveal < 0.3) pick('price_worry');
          nameRival(0.3);
          if (s.trust > 0.9) pick('warm');
          else if (!lines.length) pick('neutral');
        } else pick('silent');
        activity = { type: 'email', subject: 'Checking in', body: '' };
        break;
      }
      case 'call': {
        if (u.contact < 0.7) {
          connected = true;
          s.trust += 0.2;
          // A call with a named rival doubles as a reference call.
          if (s.competitor && s.competitorNamed && !s.competitorHandled && u.effect < 0.6) {
            s.competitorHandled = true;
            s.trust += 0.3;
            pick('rival_settled');
          } else nameRival(0.6);
          if (s.priceSensitive && u.reveal < 0.4) pick('price_worry');
          if (s.trust > 0.9) pick('warm');
          else if (!lines.length) pick('neutral');
          activity = { type: 'call', subject: 'Call', body: '', outcome: 'connected' };
        } else {
          pick('missed');
          activity = { type: 'call', subject: 'Call', body: '', outcome: 'no_answer' };
        }
        break;
      }
      case 'meeting': {
        if (u.contact < sigmoid(s.trust + 1.2 - s.annoyance)) {
          s.meetings += 1;
          s.trust += 0.35;
          connected = true;
          if (!s.dmEngaged && u.reveal < 0.85) {
            s.dmKnown = true;
            pick('dm_missing');
          }
          nameRival(0.5);
          if (s.trust > 0.9) pick('warm');
          else if (!lines.length) pick('neutral');
          activity = { type: 'meeting', subject: 'Meeting', body: '', outcome: 'held' };
        } else {
          s.trust -= 0.05;
          pick('skipped');
          activity = { type: 'meeting', subject: 'Meeting', body: '', outcome: 'no_show' };
        }
        break;
      }
      case 'demo': {
        s.demoDone = true;
        s.trust += rank >= 1 ? 0.45 : 0.15;
        pick('demo_given');
        activity = { type: 'meeting', subject: 'Demo', body: '', outcome: 'held' };
        break;
      }
      case 'proposal': {
        if (rank === 0 || !s.demoDone) {
          s.trust -= 0.4;
          pick('proposal_early');
        } else if (rank === 1) {
          s.stage = 'proposal';
          s.trust += 0.15;
          pick('proposal_in');
        } else {
          s.trust -= 0.1;
          pick('proposal_repeat');
        }
        activity = { type: 'email', subject: 'Proposal', body: '' };
        break;
      }
      case 'discount': {
        discounted = true;
        s.discounted = true;
        if (s.objection === 'open') {
          s.objection = 'resolved';
          s.trust += 0.9;
          pick('objection_resolved');
        } else {
          // Given before any objection: the buyer pockets it and will still haggle at negotiation.
          s.trust -= 0.1;
          pick('discount_early');
        }
        activity = { type: 'email', subject: 'Updated pricing', body: '' };
        break;
      }
      case 'escalate': {
        if (s.meetings === 0) {
          s.trust -= 0.8;
          pick('escalate_early');
        } else if (!s.dmEngaged) {
          if (u.effect < 0.85) {
            s.dmEngaged = true;
            s.trust += 0.4;
            pick('dm_engaged');
          } else pick('dm_missing');
        } else {
          s.trust -= 0.9;
          pick('escalate_unneeded');
        }
        activity = { type: 'meeting', subject: 'Executive meeting', body: '', outcome: 'held' };
        break;
      }
      case 'wait': {
        s.trust -= 0.04;
        break;
      }
    }
    s.annoyance += VARIANT.touch[action];
    if (s.annoyance > VARIANT.annoyanceLimit) {
      s.trust -= VARIANT.annoyancePenalty * (s.annoyance - VARIANT.annoyanceLimit);
      pick('crowded');
    }
    if (activity) activity.body = lines.join(' ');
    if (action === 'wait' && u.inbound < (s.trust > 0.9 ? 0.3 : 0.04)) {
      const before = lines.length;
      if (s.objection === 'open') pick('price_objection');
      else if (s.trust > 0.9) pick('warm');
      else nameRival(1);
      if (lines.length > before) inbound = { type: 'email', subject: `Note from ${this.words.first}`, body: lines.slice(before).join(' '), inbound: true };
    }

    const hazard = sigmoid(VARIANT.lossBase - s.trust + (s.competitor && !s.competitorHandled ? VARIANT.lossCompetitor : 0));
    if (u.close < hazard) {
      s.stage = 'closed_lost';
      const reason = s.objection === 'open' ? LOST_REASONS.price : s.competitor && !s.competitorHandled ? LOST_REASONS.competitor : LOST_REASONS.dark;
      return { activity, inbound, signals, stage: s.stage, lostReason: reason, discounted };
    }
    if (s.stage === 'lead') {
      if ((connected && s.trust > -0.5 && u.stage < 0.6) || u.stage < sigmoid(s.trust - 2.5)) s.stage = 'qualified';
    } else if (s.stage === 'proposal') {
      if (s.trust > 0.2 && u.stage < 0.5) {
        s.stage = 'negotiation';
        // Price-sensitive buyers haggle once at negotiation (an early discount does not spare it).
        if (s.priceSensitive && s.objection === 'none') {
          s.objection = 'open';
          const text = VARIANT_PHRASES.price_objection!;
          signals.push('price_objection');
          const line = say(text[Math.floor(u.text * text.length)]!, this.words);
          if (activity) activity.body = [activity.body, line].filter(Boolean).join(' ');
          else inbound = { type: 'email', subject: `Note from ${this.words.first}`, body: line, inbound: true };
        }
      }
    } else if (s.stage === 'negotiation' && action !== 'proposal') {
      if (u.close > 1 - this.winChance()) s.stage = 'closed_won';
    }
    return { activity, inbound, signals, stage: s.stage, discounted };
  }
}

export const variantWorld: DealWorld = {
  name: 'variant',
  maxWeeks: VARIANT.maxWeeks,
  newBuyer: (setup, rng) => new VariantBuyer(setup, rng),
};
