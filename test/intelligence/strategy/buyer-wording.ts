/**
 * Buyer notes in wording written for this fixture only (2026-12-06, by the deals helper): not from any bench world,
 * not from the concept descriptions of buyer-meaning.ts. Each is labelled with the one concern it raises (null: none).
 * Names are made up. Used to measure the readers on unseen wording (buyer-meaning.test.ts).
 */
import type { DealSignal } from '../../../src/intelligence/strategy/deal-state.js';

export const FRESH_WORDING: readonly { text: string; signal: DealSignal | null }[] = [
  // price
  { text: 'Marta winced when she saw the number on page two.', signal: 'price_objection' },
  { text: 'Their controller says the annual charge would eat most of the tooling allowance.', signal: 'price_objection' },
  { text: 'Jonas hinted that a smaller figure would make this much easier internally.', signal: 'price_objection' },
  { text: 'They are struggling to find the funds for a purchase of this size.', signal: 'price_objection' },
  { text: 'Procurement came back asking us to sharpen our pencil on the total.', signal: 'price_objection' },
  { text: 'Our quote landed well above what they had set aside.', signal: 'price_objection' },
  // decision maker
  { text: 'Priya can champion it but the purchase has to go through her managing director.', signal: 'missing_decision_maker' },
  { text: 'Nobody with signing power has looked at this so far.', signal: 'missing_decision_maker' },
  { text: 'He admitted the go-ahead will come from the group head office, not from him.', signal: 'missing_decision_maker' },
  { text: 'We keep talking to the users; the person holding the purse strings is still unknown to us.', signal: 'missing_decision_maker' },
  { text: 'Tom needs his chief operating officer to agree before anything is signed.', signal: 'missing_decision_maker' },
  // rival
  { text: 'Lena mentioned they are running a trial of Brightwave in parallel.', signal: 'competition' },
  { text: 'Another firm pitched them last week with a similar tool.', signal: 'competition' },
  { text: 'They are weighing our platform against two other packages.', signal: 'competition' },
  { text: 'Their current provider offered to match whatever we propose.', signal: 'competition' },
  // momentum
  { text: 'Upbeat call, they want a contract draft by Friday.', signal: 'positive_momentum' },
  { text: 'Sam told us this is now top of his list for the quarter.', signal: 'positive_momentum' },
  { text: 'The pilot users are thrilled and asking when they can roll it out.', signal: 'positive_momentum' },
  // stall
  { text: 'Three emails without a reply since the workshop.', signal: 'negative_sentiment' },
  { text: 'The initiative has been shelved until the reorganisation settles.', signal: 'negative_sentiment' },
  { text: 'Ines asked us to stop chasing her every few days.', signal: 'negative_sentiment' },
  // nothing raised
  { text: 'Sent over the slides from today.', signal: null },
  { text: 'Booked a follow-up for Tuesday at ten.', signal: null },
  { text: 'The cost question is behind us, they are fine with the figure.', signal: null },
  { text: 'Their finance director joined us and is fully behind it.', signal: null },
  { text: 'They dropped the other supplier from consideration.', signal: null },
  { text: 'Rang the main line and was put through to voicemail.', signal: null },
  { text: 'Walked the team through the reporting module.', signal: null },
];

/**
 * A second set, written at the same time as the first and kept aside while the meaning reader's threshold and margin
 * were chosen on the first: the figures on it are the honest ones.
 */
export const FRESH_WORDING_ASIDE: readonly { text: string; signal: DealSignal | null }[] = [
  { text: 'Oskar said the renewal cost would blow a hole in his department plan.', signal: 'price_objection' },
  { text: 'They would need the yearly total to come down by a third.', signal: 'price_objection' },
  { text: 'Finance flagged the subscription as far too rich for a first year.', signal: 'price_objection' },
  { text: 'Spending on new software has been capped for the rest of the year.', signal: 'price_objection' },
  { text: 'Rosa can recommend us but the call belongs to the steering group.', signal: 'missing_decision_maker' },
  { text: 'We still have no access to whoever controls the budget.', signal: 'missing_decision_maker' },
  { text: 'Any contract above a small amount needs the chief executive to countersign.', signal: 'missing_decision_maker' },
  { text: 'Felix is keen but cannot commit the company on his own.', signal: 'missing_decision_maker' },
  { text: 'A second bidder is presenting to them on Thursday.', signal: 'competition' },
  { text: 'Hugo asked how we compare with the package they use today.', signal: 'competition' },
  { text: 'They received a counter-proposal from a larger player.', signal: 'competition' },
  { text: 'Nadia wants to kick off the rollout next month.', signal: 'positive_momentum' },
  { text: 'The whole team was nodding along during the session.', signal: 'positive_momentum' },
  { text: 'Messages have gone unanswered for two weeks.', signal: 'negative_sentiment' },
  { text: 'They put every new purchase on ice until spring.', signal: 'negative_sentiment' },
  { text: 'Shared the integration guide as promised.', signal: null },
  { text: 'Moved the call to Thursday afternoon at their request.', signal: null },
  { text: 'The price objection is settled after the revised offer.', signal: null },
  { text: 'Their chief financial officer attended and approved the spend.', signal: null },
  { text: 'They told the other bidder they are going with us.', signal: null },
  { text: 'Logged the meeting notes in the shared folder.', signal: null },
];
