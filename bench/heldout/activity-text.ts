/**
 * Subjects and bodies of activities. Their tone carries a weak, noisy hint of the deal's quality (as real notes
 * do), so text helps a little and misleads often.
 */
import { Random, sigmoid } from './random.js';
import type { ActivityType } from './deal-process.js';
import type { OpenStage } from './world.js';

export type Tone = 'positive' | 'neutral' | 'negative';

const BODIES: Record<ActivityType, Record<Tone, readonly string[]>> = {
  email: {
    positive: ['They asked for the security questionnaire and a draft order form.', 'Thanks for the demo — the team is keen to move ahead.', 'Sharing our internal requirements so you can size the rollout.'],
    neutral: ['Sent the case study and pricing overview.', 'Following up with the recording of our call.', 'Shared the agenda for next week.', 'Sent over the documentation links they asked about.'],
    negative: ['They said the budget is on hold until next quarter.', 'Procurement asked us to sharpen the price considerably.', 'They are also talking to two competitors.'],
  },
  call: {
    positive: ['Good call; the sponsor wants a rollout plan.', 'Walked through the timeline, they want to start soon.', 'Connected with the economic buyer, very engaged.'],
    neutral: ['Quick check-in on open questions.', 'Discussed integration needs and data migration.', 'Reviewed the scope of a pilot.'],
    negative: ['Concerns about implementation effort.', 'They raised price as the main blocker.', 'Priorities shifted after a reorganisation.'],
  },
  meeting: {
    positive: ['Demo went well; several stakeholders joined and asked for next steps.', 'Workshop with the team, clear agreement on success criteria.', 'Executive sponsor joined and was positive.'],
    neutral: ['Product demo for the evaluation team.', 'Technical deep dive with their engineers.', 'Reviewed the proposal together.'],
    negative: ['Meeting was cut short; key people did not attend.', 'They questioned the business case.', 'Legal raised objections on contract terms.'],
  },
  note: {
    positive: ['Strong interest; they asked for a proposal.', 'Champion is pushing internally.', 'Budget confirmed for this year.'],
    neutral: ['Updated the account plan.', 'Mapped the buying committee.', 'Logged requirements from the last call.'],
    negative: ['Sponsor seems less engaged lately.', 'Risk: no clear decision process.', 'Heard they may build it in-house.'],
  },
};

const UNANSWERED: Record<'email' | 'call', readonly string[]> = {
  email: ['Following up on my last note — any update on your side?', 'Checking in again; happy to adjust the proposal.', 'Just bumping this to the top of your inbox.'],
  call: ['No answer, left a voicemail.', 'Tried to reach them, went to voicemail.'],
};

const STAGE_WORDS: Record<OpenStage, string> = { lead: 'intro', qualified: 'discovery', proposal: 'proposal', negotiation: 'contract' };

/** Tone from quality with plenty of noise: a bad deal still gets friendly e-mails. */
export function drawTone(quality: number, rng: Random): Tone {
  const positive = 0.45 * sigmoid(quality - 0.6);
  const negative = 0.4 * sigmoid(-quality - 0.6);
  const u = rng.float();
  if (u < positive) return 'positive';
  if (u < positive + negative) return 'negative';
  return 'neutral';
}

export interface ActivityTextInput {
  type: ActivityType;
  unanswered: boolean;
  tone: Tone;
  stage: OpenStage | null;
  product: string | null;
  companyName: string;
  contactFirstName: string;
}

export function activityText(input: ActivityTextInput, rng: Random): { subject: string; body: string } {
  const { type, companyName, contactFirstName, product, stage } = input;
  const topic = product ?? 'our platform';
  const subject =
    type === 'email' ? rng.pick([`Re: ${topic} for ${companyName}`, `${topic} – next steps`, stage ? `${topic} ${STAGE_WORDS[stage]}` : `Hello from our team`])
    : type === 'call' ? `Call with ${contactFirstName}`
    : type === 'meeting' ? rng.pick([`Meeting: ${topic} ${stage ? STAGE_WORDS[stage] : 'catch-up'}`, `${companyName} × ${topic} workshop`])
    : `Note on ${companyName}`;
  if (input.unanswered && (type === 'email' || type === 'call')) return { subject, body: rng.pick(UNANSWERED[type]) };
  return { subject, body: rng.pick(BODIES[type][input.tone]) };
}

export function closingNote(won: boolean, product: string, rng: Random): { subject: string; body: string } {
  return won
    ? { subject: `Closed won: ${product}`, body: rng.pick(['Signed the order form.', 'Contract countersigned, kickoff next week.']) }
    : { subject: `Closed lost: ${product}`, body: rng.pick(['Went with a competitor.', 'No budget this year.', 'No decision; went dark.', 'Timing not right.']) };
}
