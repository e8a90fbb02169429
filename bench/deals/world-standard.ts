/**
 * The standard deal world (the one the bench prints by default; its rules are documented in README.md). Hidden per
 * deal: interest (a logit-like number), price sensitivity, whether the decision maker is engaged, a competitor,
 * an open price objection, meetings held, the demo, annoyance from over-contacting. The buyer reveals these only
 * in what they say (the activity text) and in stage moves.
 */
import { sigmoid, type Random } from '../heldout/random.js';
import type { DealSetup } from './population.js';
import { LOST_REASONS, say, stageRank, type Action, type ActivityText, type Buyer, type DealWorld, type Stage, type WeekResult } from './world.js';

export const STANDARD = {
  maxWeeks: 16,
  /** Touch weight added to annoyance by each action; annoyance halves every week. */
  touch: { email: 0.5, call: 1.0, meeting: 1.0, demo: 1.0, proposal: 0.5, discount: 0.3, escalate: 0.7, wait: 0 } as Record<Action, number>,
  /** Above this annoyance, interest drops by annoyancePenalty × the excess. */
  annoyanceLimit: 1.4,
  annoyancePenalty: 0.8,
  /** Weekly win chance at negotiation: sigmoid(winSlope·interest + winBase − penalties). */
  winSlope: 1.2,
  winBase: -1.0,
  penaltyNoDecisionMaker: 4.0,
  penaltyCompetitor: 1.2,
  penaltyOpenObjection: 2.5,
  /** Weekly loss hazard: sigmoid(lossBase − interest + lossCompetitor·[competitor unhandled]). */
  lossBase: -3.0,
  lossCompetitor: 1.0,
  competitorAppears: 0.03,
} as const;

const COMPETITORS = ['Northwind CRM', 'Pipewell', 'SalesOrbit', 'Brightfunnel', 'Kestrel Suite'];

/** What buyers say, several phrasings per signal ({first}, {competitor}, {product} are filled in). */
export const STANDARD_PHRASES: Record<string, string[]> = {
  price_concern: [
    '{first} asked what it would cost and said budgets are tight this year.',
    '{first} mentioned they are very cost-conscious and will compare prices closely.',
    'Budget came up early: {first} said money is tight and every line item gets scrutinised.',
  ],
  price_objection: [
    '{first} pushed back on the price: it is well above what they budgeted.',
    'Price objection: {first} said the quote is too expensive for them right now.',
    '{first} said the number is higher than they expected and asked if we can do better on price.',
    'They like the proposal but {first} said the cost is a problem; finance will not approve it at this price.',
  ],
  objection_resolved: [
    '{first} said the revised price works and they can take it to finance.',
    'The discount landed well: {first} said the price is no longer a blocker.',
    '{first} thanked us for the better offer; the pricing concern is resolved.',
  ],
  discount_unneeded: [
    '{first} seemed surprised by the unprompted discount and asked whether something is wrong with the product.',
    '{first} noted the discount but price was never their concern; it made us look a little desperate.',
  ],
  dm_missing: [
    '{first} said we need to loop in their CFO before anything can be signed.',
    '{first} does not own the budget; the final decision sits with their VP who has not been involved yet.',
    'We still have not met the decision maker: {first} will need sign-off from the executive team.',
    '{first} said they need to get their boss on board; the economic buyer has not seen this yet.',
  ],
  dm_engaged: [
    'Our VP met their CFO; the economic buyer is now engaged and supportive.',
    'Executive sponsor call went well: their decision maker joined and asked about the rollout timeline.',
    'Their COO joined the call with our executive and said this is a priority for them.',
  ],
  pushy: [
    '{first} said they did not need another executive on the call; it felt a bit pushy.',
    'The escalation annoyed {first}: they already have sign-off and found it unnecessary.',
  ],
  competitor: [
    '{first} mentioned they are also evaluating {competitor}.',
    'Competition: they have a demo with {competitor} next week.',
    '{first} said {competitor} offered them a similar package and they are comparing.',
  ],
  competitor_handled: [
    'After the demo {first} said we clearly do more than {competitor} for their use case.',
    'The demo answered their questions about {competitor}; {first} said we are now the front runner.',
  ],
  enthusiasm: [
    '{first} is excited about {product} and asked about next steps.',
    'Very positive: {first} said the team loves it and wants to move forward.',
    '{first} was enthusiastic and said this solves a real problem for them.',
  ],
  lukewarm: [
    '{first} listened but did not commit to anything.',
    '{first} said they would think about it.',
    'Polite conversation; no clear next step from {first}.',
  ],
  demo_held: [
    'Gave {first} and team a live demo of {product}; good questions about the reporting.',
    'Product demo for {first}: they walked through their own workflow with us.',
  ],
  demo_premature: [
    '{first} said it was too early to see the product; they are still defining the problem.',
    'The demo felt premature: {first} had not yet shared their requirements with us.',
  ],
  too_early: [
    '{first} said it is too early for a proposal; they are not ready to talk numbers.',
    'Sent a proposal but {first} replied they had not even agreed on the scope yet.',
  ],
  proposal_received: [
    '{first} received the proposal and said the scope looks right.',
    'Proposal sent; {first} said it matches what they discussed internally.',
  ],
  proposal_again: ['Re-sent the proposal; {first} said they already have it.'],
  asked_for_proposal: ['{first} asked us to send over a proposal.', '{first} wrote in asking for pricing and a formal proposal.'],
  annoyed: [
    '{first} asked us to give them some room; they are getting a lot of messages from us.',
    '{first} sounded irritated by how often we have been in touch.',
    'Pushback on the pace: {first} said we are following up too often.',
  ],
  no_reply: ['No reply yet.', 'No answer so far.'],
  voicemail: ['Left a voicemail for {first}.', 'No answer; left a message for {first}.'],
  no_show: ['{first} did not show up to the meeting.', '{first} cancelled at the last minute.'],
};

export interface StandardState {
  interest: number;
  priceSensitive: boolean;
  dmEngaged: boolean;
  /** A competitor's name once the buyer is also evaluating one. */
  competitor: string | null;
  competitorHandled: boolean;
  objection: 'none' | 'open' | 'resolved';
  meetings: number;
  demoDone: boolean;
  annoyance: number;
  stage: Stage;
}

function initialInterest(setup: DealSetup): number {
  const c = setup.prospect.contact;
  let mu = -0.2;
  if (c.leadStatus === 'qualified' || c.leadStatus === 'customer') mu += 0.3;
  if (c.leadStatus === 'unqualified') mu -= 0.3;
  if (c.tags.includes('ai-interest')) mu += 0.2;
  if (c.leadSource === 'referral' || c.leadSource === 'partner') mu += 0.2;
  return mu;
}

export class StandardBuyer implements Buyer {
  private readonly s: StandardState;
  private readonly words: Record<string, string>;

  /** `override` pins parts of the hidden state (tests). */
  constructor(setup: DealSetup, rng: Random, override: Partial<StandardState> = {}) {
    const c = setup.prospect.contact;
    const priceP = { small: 0.6, mid: 0.45, large: 0.3, unknown: 0.45 }[c.size];
    const dmP = c.seniority === 'c_level' || c.tags.includes('decision-maker') ? 0.9 : c.seniority === 'vp' ? 0.7 : 0.45;
    this.s = {
      interest: initialInterest(setup) + rng.normal(0, 0.5),
      priceSensitive: rng.chance(priceP),
      dmEngaged: rng.chance(dmP),
      competitor: rng.chance(0.35) ? rng.pick(COMPETITORS) : null,
      competitorHandled: false,
      objection: 'none',
      meetings: 0,
      demoDone: false,
      annoyance: 0,
      stage: 'lead',
      ...override,
    };
    this.words = { first: setup.prospect.firstName, company: setup.prospect.companyName, product: setup.product, competitor: this.s.competitor ?? '' };
  }

  get stage(): Stage {
    return this.s.stage;
  }

  hidden(): Record<string, unknown> {
    return { ...this.s };
  }

  /** The weekly chance of winning at negotiation in the current state. */
  winChance(): number {
    const s = this.s;
    return sigmoid(STANDARD.winSlope * s.interest + STANDARD.winBase - (s.dmEngaged ? 0 : STANDARD.penaltyNoDecisionMaker) - (s.competitor && !s.competitorHandled ? STANDARD.penaltyCompetitor : 0) - (s.objection === 'open' ? STANDARD.penaltyOpenObjection : 0));
  }

  lossHazard(): number {
    const s = this.s;
    return sigmoid(STANDARD.lossBase - s.interest + (s.competitor && !s.competitorHandled ? STANDARD.lossCompetitor : 0));
  }

  week(action: Action, _weekIndex: number, rng: Random): WeekResult {
    const s = this.s;
    if (s.stage === 'closed_won' || s.stage === 'closed_lost') throw new Error('a closed deal takes no more actions');
    // One uniform per purpose, drawn whatever the action: policies of a seed share their luck (common random numbers).
    const u = { contact: rng.float(), reveal: [rng.float(), rng.float(), rng.float()], effect: rng.float(), stage: rng.float(), close: rng.float(), appear: rng.float(), inbound: rng.float(), text: rng.float() };
    const signals: string[] = [];
    const lines: string[] = [];
    const pick = (signal: string) => {
      signals.push(signal);
      const options = STANDARD_PHRASES[signal]!;
      lines.push(say(options[Math.floor(u.text * options.length)]!, this.words));
    };
    const revealConcerns = (chance: number) => {
      if (s.priceSensitive && s.objection === 'none' && u.reveal[0]! < chance) pick('price_concern');
      if (!s.dmEngaged && u.reveal[1]! < chance) pick('dm_missing');
      if (s.competitor && !s.competitorHandled && u.reveal[2]! < chance) pick('competitor');
    };
    let activity: ActivityText | null = null;
    let inbound: ActivityText | null = null;
    let discounted = false;
    let discovery = false;
    const rank = stageRank(s.stage);

    s.annoyance *= 0.5;
    switch (action) {
      case 'email': {
        if (u.contact < sigmoid(s.interest + 0.5 - s.annoyance)) {
          s.interest += 0.15;
          revealConcerns(0.4);
          if (s.interest > 0.8) pick('enthusiasm');
          else if (signals.length === 0) pick('lukewarm');
        } else {
          s.interest += 0.02;
          pick('no_reply');
        }
        activity = { type: 'email', subject: 'Follow-up', body: '' };
        break;
      }
      case 'call': {
        if (u.contact < 0.65) {
          s.interest += 0.25;
          discovery = true;
          revealConcerns(0.7);
          if (s.interest > 0.8) pick('enthusiasm');
          else if (signals.length === 0) pick('lukewarm');
          activity = { type: 'call', subject: 'Discovery call', body: '', outcome: 'connected' };
        } else {
          s.interest += 0.03;
          pick('voicemail');
          activity = { type: 'call', subject: 'Call', body: '', outcome: 'left_voicemail' };
        }
        break;
      }
      case 'meeting': {
        if (u.contact < sigmoid(s.interest + 1.5 - s.annoyance)) {
          s.meetings += 1;
          s.interest += rank === 0 ? 0.3 : 0.45;
          discovery = true;
          revealConcerns(0.6);
          if (!s.dmEngaged && !signals.includes('dm_missing') && u.reveal[1]! < 0.9) pick('dm_missing');
          if (s.interest > 0.8) pick('enthusiasm');
          else if (signals.length === 0) pick('lukewarm');
          activity = { type: 'meeting', subject: 'Meeting', body: '', outcome: 'held' };
        } else {
          s.interest -= 0.05;
          pick('no_show');
          activity = { type: 'meeting', subject: 'Meeting', body: '', outcome: 'no_show' };
        }
        break;
      }
      case 'demo': {
        if (s.meetings >= 1) {
          s.interest += 0.55;
          s.demoDone = true;
          pick('demo_held');
          if (s.competitor && !s.competitorHandled && u.effect < 0.7) {
            s.competitorHandled = true;
            pick('competitor_handled');
          }
        } else {
          s.interest -= 0.2;
          pick('demo_premature');
        }
        activity = { type: 'meeting', subject: 'Product demo', body: '', outcome: 'held' };
        break;
      }
      case 'proposal': {
        if (rank === 0 || s.meetings === 0) {
          s.interest -= 0.5;
          pick('too_early');
        } else if (rank === 1) {
          s.stage = 'proposal';
          if (s.priceSensitive) {
            s.objection = 'open';
            pick('price_objection');
          } else {
            s.interest += 0.2;
            pick('proposal_received');
          }
        } else {
          s.interest -= 0.1;
          pick('proposal_again');
        }
        activity = { type: 'email', subject: 'Proposal', body: '' };
        break;
      }
      case 'discount': {
        discounted = true;
        if (s.objection === 'open') {
          s.objection = 'resolved';
          s.interest += 0.8;
          pick('objection_resolved');
        } else {
          s.interest -= 0.3;
          pick('discount_unneeded');
        }
        activity = { type: 'email', subject: 'Revised offer: 15 % off', body: '' };
        break;
      }
      case 'escalate': {
        if (!s.dmEngaged) {
          if (u.effect < 0.8) {
            s.dmEngaged = true;
            s.interest += 0.3;
            pick('dm_engaged');
          } else pick('dm_missing');
        } else {
          s.interest -= 1.2;
          pick('pushy');
        }
        activity = { type: 'meeting', subject: 'Executive sponsor call', body: '', outcome: 'held' };
        break;
      }
      case 'wait': {
        s.interest -= 0.05;
        break;
      }
    }
    s.annoyance += STANDARD.touch[action];
    if (s.annoyance > STANDARD.annoyanceLimit) {
      s.interest -= STANDARD.annoyancePenalty * (s.annoyance - STANDARD.annoyanceLimit);
      pick('annoyed');
    }
    if (activity) activity.body = lines.join(' ');

    // A buyer left alone may write in: the keen ones ask for the next step, others resurface with a concern.
    if (action === 'wait') {
      const keen = s.interest > 0.8;
      if (u.inbound < (keen ? 0.35 : 0.05)) {
        const before = lines.length;
        if (keen && rank === 1 && s.meetings > 0) pick('asked_for_proposal');
        else if (keen) pick('enthusiasm');
        else revealConcerns(1);
        if (lines.length > before) inbound = { type: 'email', subject: `Message from ${this.words.first}`, body: lines.slice(before).join(' '), inbound: true };
      }
    }
    if (!s.competitor && u.appear < STANDARD.competitorAppears) {
      s.competitor = COMPETITORS[Math.floor(u.text * COMPETITORS.length)]!;
      this.words.competitor = s.competitor;
    }

    // Stage moves and the close, one draw each.
    if (u.close < this.lossHazard()) {
      s.stage = 'closed_lost';
      const reason = s.objection === 'open' ? LOST_REASONS.price : s.competitor && !s.competitorHandled ? LOST_REASONS.competitor : LOST_REASONS.dark;
      return { activity, inbound, signals, stage: s.stage, lostReason: reason, discounted };
    }
    if (s.stage === 'lead') {
      if ((discovery && s.interest > -0.3 && u.stage < 0.75) || u.stage < sigmoid(s.interest - 2.5)) s.stage = 'qualified';
    } else if (s.stage === 'proposal') {
      if (s.objection === 'open' ? s.interest > 2.2 && u.stage < 0.5 : s.interest > 0.3 && u.stage < 0.6) s.stage = 'negotiation';
    } else if (s.stage === 'negotiation' && action !== 'proposal') {
      if (u.close > 1 - this.winChance()) s.stage = 'closed_won';
    }
    return { activity, inbound, signals, stage: s.stage, discounted };
  }
}

export const standardWorld: DealWorld = {
  name: 'standard',
  maxWeeks: STANDARD.maxWeeks,
  newBuyer: (setup, rng) => new StandardBuyer(setup, rng),
};
