/**
 * A deal's state as of a moment, with no look-ahead (issue 19): only activities at or before `asOf`, stage moves
 * and amount changes effective at or before it, and recommendations acted on by then. Pure: the request path reads
 * one deal's history (storage `dealHistory`, activities already cut at asOf) and training reads every deal's at
 * once; both compute the state here, so a logged state and a replayed one agree.
 *
 * **Whose clock.** Activities carry their own `occurred_at`, deals their `created_at` and `closed_at`, and
 * recommendations the `as_of` they were asked for; but a stage move or an amount change made by `PATCH` is stamped
 * with the server's time. A simulation whose clock runs ahead of the server's would then see every move long
 * before its own "now" (days in stage inflated by the gap). So a move's *effective* time is the later of its
 * server time and the newest `as_of` of this deal's recommendations the server had recorded before the move: the
 * deal's own clock as the client last told it. Live use (as_of ≈ server time) is unchanged; imported history keeps
 * its dates. A closing move is effective at the deal's `closed_at` when it has one.
 */
import type { DealHistory, StoredDealRecommendation } from '../../storage/index.js';
import { extractSignals } from '../ingest/facts.js';
import { sizeBand, type SizeBand } from '../lexicon/firmographics.js';
import { roleProfile, SENIORITY_RANK, type Seniority } from '../lexicon/roles.js';
import { conceptSignalsOf } from './buyer-concepts.js';
import { meaningSignalsOf } from './buyer-meaning.js';
import { TOPIC_COUNT, type TopicReading } from './buyer-topics.js';
import { allowedActions, type StrategySettings } from './catalog.js';

export const DEAL_SIGNALS = ['price_objection', 'missing_decision_maker', 'competition', 'positive_momentum', 'negative_sentiment'] as const;
export type DealSignal = (typeof DEAL_SIGNALS)[number];
export const OPEN_DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;
const DAY_MS = 86_400_000;

/**
 * Cues of the same five signals in the words buyers use in deal notes that the ingestion extractor's phrases
 * (ingest/facts.ts, read first) do not cover: a worry about price or budget, a sponsor or budget holder not yet
 * involved, a rival named, momentum, a stall. Added to, never instead of, `extractSignals`. Written as general sales
 * phrasing; the standard bench world's phrasings were seen when they were widened (docs/deal-strategy.md says how
 * much that matters).
 */
const DEAL_CUES: [DealSignal, RegExp][] = [
  ['price_objection', /\b(pric(?:e|ing|ey)\b.{0,40}\b(?:concern|worr|issue|objection|push(?:ed)? back|steep|high)|budgets? (?:is |are |was |were )?(?:very |really |quite )?(?:tight|limited|constrained|stretched|squeezed|cut|frozen|freeze|concern)|(?:money|cash|funding) is (?:tight|short|limited)|(?:cost|price|budget)[- ](?:conscious|sensitive)|(?:concern|worr)\w* (?:about|over) (?:the )?(?:price|pricing|cost|budget)|expensive|push(?:ed|ing)? back on (?:the )?(?:price|pricing|cost|quote|number|fee)|(?:above|over|beyond|exceeds?) (?:what (?:they|we|he|she) (?:budgeted|planned|expected|can spend)|(?:their|our|the) (?:budget|price range))|(?:higher|more) than (?:they|we|he|she) (?:expected|budgeted|planned|hoped)|(?:cost|price|pricing|quote|number|fee)s? (?:is|are|was|were) (?:a |the )?(?:real )?(?:problem|issue|concern|blocker|sticking point|hurdle)|(?:do|go|come) (?:any )?(?:better|lower|down) on (?:the )?(?:price|pricing|cost|number)|(?:finance|procurement) (?:will not|won't|would not|wouldn't|cannot|can't) (?:approve|sign|accept)|(?:can|could) (?:not|n't) justify the (?:cost|price|spend))/i],
  ['missing_decision_maker', /\b(decision[- ]maker|(?:no|without|need an?) (?:executive|exec) sponsor|(?:needs?|waiting (?:for|on)) (?:sign[- ]?off|approval)|(?:approval|sign[- ]?off) (?:from|by) (?:the |their |his |her )?(?:cfo|ceo|coo|cto|vp|board|leadership|management|boss|executive)|(?:ceo|cfo|coo|cto|vp|leadership|board|boss) (?:has not|hasn't|have not|haven't|is not|isn't|not yet) (?:yet )?(?:been )?(?:involved|engaged|approved|seen|signed off)|loop in (?:their|our|my|the|his|her) (?:cfo|ceo|coo|cto|vp|boss|manager|director|head|executive|leadership|board)|(?:do|does|did)(?: not|n't) own the budget|(?:final )?(?:decision|call|budget) (?:sits|rests|lies) with|(?:will |would )?need (?:to get )?(?:sign[- ]?off|approval|buy[- ]in)|get (?:their|his|her|my|the) (?:boss|manager|cfo|ceo|vp|director|leadership|executive team|board) on board|economic buyer|budget holder|not (?:yet )?(?:been )?involved)/i],
  ['competition', /\b(competit\w*|rival|incumbent|another vendor|other vendors?|(?:evaluating|considering|comparing) (?:other|alternatives?|options|several)|(?:shortlist|bake[- ]off)|(?:offered|quoted) them)/i],
  ['positive_momentum', /\b(strong interest|went (?:very |really )?well|asked (?:us )?(?:for|to send(?: over)?) (?:a |the )?(?:proposal|quote|pricing)|purchase order|(?:have|has|just) signed|signed (?:the|our) (?:contract|order|agreement)|champion|excited|enthusiastic|keen|loves? (?:it|the)|ready to (?:sign|buy|proceed)|next steps? agreed|(?:asked|asking) about (?:the )?next steps|wants? to move forward|front[- ]?runner|priority for them|positive)/i],
  ['negative_sentiment', /\b(postpon\w*|on hold|went (?:quiet|dark|silent)|no response|not a priority|deprioriti\w*|next year|lost interest|concerns? about|unhappy|frustrat\w*|disappointed|irritated|annoy\w*|too often|give (?:them|us|me) (?:some )?(?:room|space)|pushy|desperate)/i],
];

/**
 * A clause that says a concern is settled or never was ("the price is no longer a blocker", "price was never their
 * concern", "the economic buyer is now engaged", "they already have sign-off") does not raise that concern.
 */
const SETTLED: Partial<Record<DealSignal, RegExp>> = {
  price_objection: /\b(no longer|resolved|settled|(?:is|was|are) not (?:a |an |the )?(?:problem|issue|concern|blocker)|never (?:been |was |were )?(?:a |an |their |the |our )?(?:concern|issue|problem)|(?:price|pricing|number|offer|discount) (?:works|landed well|is fine|is ok)|revised (?:price|offer)|better offer|unprompted discount)/i,
  missing_decision_maker: /\b((?:is |are )?now (?:engaged|involved|on board)|(?:joined|on) (?:the|our) call|already (?:have|has|got) (?:sign[- ]?off|approval)|(?:met|meeting with) (?:their|the) (?:cfo|ceo|coo|cto|vp|decision[- ]maker|economic buyer)|engaged and supportive|(?:decision[- ]maker|economic buyer|sponsor) (?:joined|is engaged|approved|signed off))/i,
  competition: /\b((?:do|does) more than|now (?:the )?front[- ]?runner|ahead of|chose us over|ruled out)/i,
};

/** Clauses: sentences, and their parts around ";", ":" and "but" (a settled part must not hide a raised one). */
const clausesOf = (text: string) => text.split(/(?<=[.!?])\s+|\n+|;\s*|:\s+|,?\s+\bbut\b\s+/i).filter((c) => c.trim().length > 0);

/** The five deal signals in a text: the ingestion extractor's, plus the deal cues above, clause by clause. */
export function dealSignalsIn(text: string): DealSignal[] {
  const found = new Set<string>();
  for (const clause of clausesOf(text)) {
    const here = new Set<string>(extractSignals(clause));
    if (here.has('positive_sentiment')) here.add('positive_momentum');
    for (const [name, re] of DEAL_CUES) if (re.test(clause)) here.add(name);
    // The same concerns by concept (money + a difficulty, authority + absence, a rival), for wordings the cues miss.
    for (const name of conceptSignalsOf(clause)) here.add(name);
    for (const s of here) if (!SETTLED[s as DealSignal]?.test(clause)) found.add(s);
  }
  return DEAL_SIGNALS.filter((s) => found.has(s));
}

/** The concern an action itself addresses: the note of that action (the offer, the sponsor call) does not raise it again. */
const ADDRESSES: Record<string, DealSignal> = { discount: 'price_objection', escalate: 'missing_decision_maker' };

/**
 * What the buyer said in an activity. The note of an action taken from a recommendation carries the buyer's answer
 * ("called Ada: she pushed back on the price") and is read like any other; only the concern that action itself
 * addresses is not raised by its own note (an offer's subject names the discount).
 */
export function buyerSignalsOf(a: { subject: string | null; body: string | null }, action?: string | null, reader?: TextReading | null): DealSignal[] {
  const text = `${a.subject ?? ''}\n${a.body ?? ''}`;
  let found = cachedSignalsIn(text);
  // What the meaning reader read in it (buyer-meaning.ts; nothing until the service prepared the note).
  const meant = meaningSignalsOf(text);
  if (meant.length) found = DEAL_SIGNALS.filter((s) => found.includes(s) || meant.includes(s));
  const learned = reader?.read(text);
  if (learned && learned.length) found = DEAL_SIGNALS.filter((s) => found.includes(s) || learned.includes(s));
  const addressed = action ? ADDRESSES[action] : undefined;
  return addressed ? found.filter((s) => s !== addressed) : found;
}

/** What reads a note beyond the lexicon: the learned reader of the policy version in use (text-reader.ts). */
export interface TextReading {
  read(text: string): DealSignal[];
}

// A note is read again at every state of its deal and at every training: the lexicon's reading is cached by text.
const signalCache = new Map<string, DealSignal[]>();
const SIGNAL_CACHE_MAX = 50_000;
function cachedSignalsIn(text: string): DealSignal[] {
  const hit = signalCache.get(text);
  if (hit) return hit;
  const found = dealSignalsIn(text);
  if (signalCache.size >= SIGNAL_CACHE_MAX) signalCache.delete(signalCache.keys().next().value!);
  signalCache.set(text, found);
  return found;
}

export interface DealState {
  asOf: string;
  /** The stage as of asOf (a closed stage when the deal had closed by then). */
  stage: string;
  closed: boolean;
  daysInStage: number;
  ageDays: number;
  amount: number | null;
  seniority: Seniority | null;
  sizeBand: SizeBand | null;
  /** deal.custom.product_fit (0–1) when the workspace records one. */
  productFit: number | null;
  /** Meetings held or planned so far (not no-shows or cancelled ones). */
  meetings: number;
  /** Actions so far per catalog key: acted-on recommendations by their action, other activities by their type. */
  touches: Record<string, number>;
  idleDays: number;
  budgetLeft: number;
  /** Recommendations acted on so far (weeks worked). */
  steps: number;
  /** Days since each signal was last read in the deal's activity text (absent: never). */
  signals: Partial<Record<DealSignal, number>>;
  /**
   * Days since each learned topic (buyer-topics.ts, by index) was last read in the deal's notes (absent: never, or no
   * topics learned yet; states logged before topics existed have none).
   */
  topics?: Record<number, number>;
  /** Whether the deal got a discount / an executive sponsor after the newest price objection / missing-DM signal. */
  discounted: boolean;
  escalated: boolean;
  /**
   * Recorded with a recommendation only, never a feature: the arm of the whole-deal test the week was played for
   * (train.ts trialArm; absent: not a trial week).
   */
  trial?: 'challenger' | 'incumbent';
}

const daysBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / DAY_MS);
const maxIso = (a: string, b: string) => (a > b ? a : b);
const CLOSED = new Set(['closed_won', 'closed_lost']);
/** Activity types that are one of the catalog's actions when no recommendation names the action. */
const ACTION_OF_TYPE: Record<string, string> = { email: 'email', call: 'call', meeting: 'meeting' };

/** The effective time of each stage move and amount change (see the module comment). */
export function effectiveTimes(h: DealHistory): { moves: { to_stage: string; at: string }[]; amountChanges: { at: string; before: number | null; after: number | null }[] } {
  const recsByArrival = [...h.recommendations].sort((a, b) => (a.created_at === b.created_at ? a.seq - b.seq : a.created_at < b.created_at ? -1 : 1));
  const clockAt = (serverAt: string): string => {
    let clock = serverAt;
    for (const r of recsByArrival) {
      if (r.created_at > serverAt) break;
      clock = maxIso(clock, r.as_of);
    }
    return clock;
  };
  const moves = h.moves.map((m, i) => {
    // The first move is the deal's creation, stamped with its created_at (or closed_at) by the pipeline already.
    if (i === 0) return { to_stage: m.to_stage, at: m.at };
    if (CLOSED.has(m.to_stage) && h.deal.closed_at && h.deal.stage === m.to_stage) return { to_stage: m.to_stage, at: h.deal.closed_at };
    return { to_stage: m.to_stage, at: clockAt(m.at) };
  });
  return { moves, amountChanges: h.amountChanges.map((c) => ({ ...c, at: clockAt(c.at) })) };
}

/** The deal's state as of `asOf` (ISO timestamp text, seconds precision like the stored times). */
export function dealStateAsOf(h: DealHistory, asOf: string, settings: StrategySettings, reader?: TextReading | null, topicReading?: TopicReading | null): DealState {
  const { moves, amountChanges } = effectiveTimes(h);
  const seen = moves.filter((m) => m.at <= asOf);
  const last = seen[seen.length - 1];
  const stage = last?.to_stage ?? moves[0]?.to_stage ?? h.deal.stage;
  const enteredAt = last?.at ?? h.deal.created_at;

  let amount = h.deal.amount;
  for (let i = amountChanges.length - 1; i >= 0; i--) if (amountChanges[i]!.at > asOf) amount = amountChanges[i]!.before;

  const activities = h.activities.filter((a) => a.occurred_at <= asOf);
  const recs = new Map<string, StoredDealRecommendation>(h.recommendations.map((r) => [r.id, r]));
  const touches: Record<string, number> = {};
  let budgetUsed = 0;
  let steps = 0;
  const actedAt = new Map<string, string>();
  for (const r of h.recommendations) {
    if (r.acted_at === null || r.acted_at > asOf) continue;
    touches[r.action] = (touches[r.action] ?? 0) + 1;
    budgetUsed += r.cost;
    steps++;
    const prev = actedAt.get(r.action);
    if (!prev || r.acted_at > prev) actedAt.set(r.action, r.acted_at);
  }
  let meetings = 0;
  let lastTouch = h.deal.created_at;
  const signalAt: Partial<Record<DealSignal, string>> = {};
  for (const a of activities) {
    lastTouch = maxIso(lastTouch, a.occurred_at);
    if (a.type === 'meeting' && a.outcome !== 'no_show' && a.outcome !== 'cancelled') meetings++;
    const rec = a.recommendation_id ? recs.get(a.recommendation_id) : undefined;
    if (!rec) {
      // Not from a recommendation: counted by its type (a recommendation acted on is counted above).
      const action = ACTION_OF_TYPE[a.type];
      if (action) touches[action] = (touches[action] ?? 0) + 1;
    }
    for (const s of buyerSignalsOf(a, rec?.action, reader)) if (!signalAt[s] || a.occurred_at > signalAt[s]!) signalAt[s] = a.occurred_at;
  }
  const topics = topicReading?.active ? topicDays(activities, asOf, topicReading) : undefined;
  if (last) lastTouch = maxIso(lastTouch, last.at);
  const signals: Partial<Record<DealSignal, number>> = {};
  for (const s of DEAL_SIGNALS) if (signalAt[s]) signals[s] = Math.round(daysBetween(signalAt[s]!, asOf) * 10) / 10;
  const role = h.contactTitle ? roleProfile(h.contactTitle) : null;
  const fit = (() => {
    try {
      const c = h.deal.custom ? (JSON.parse(h.deal.custom) as Record<string, unknown>) : {};
      const v = Number(c.product_fit);
      return typeof c.product_fit === 'number' || (typeof c.product_fit === 'string' && c.product_fit !== '' && Number.isFinite(v)) ? Math.max(0, Math.min(1, v)) : null;
    } catch {
      return null;
    }
  })();
  const after = (action: string, signal: DealSignal) => {
    const at = actedAt.get(action);
    return at !== undefined && (signalAt[signal] === undefined || at >= signalAt[signal]!);
  };
  return {
    asOf,
    stage,
    closed: CLOSED.has(stage),
    daysInStage: Math.round(daysBetween(enteredAt, asOf) * 10) / 10,
    ageDays: Math.round(daysBetween(h.deal.created_at, asOf) * 10) / 10,
    amount,
    seniority: role ? role.seniority : null,
    sizeBand: sizeBand(h.employees),
    productFit: fit,
    meetings,
    touches,
    idleDays: Math.round(daysBetween(lastTouch, asOf) * 10) / 10,
    budgetLeft: Math.max(0, settings.budget - budgetUsed),
    steps,
    signals,
    ...(topics ? { topics } : {}),
    discounted: after('discount', 'price_objection'),
    escalated: after('escalate', 'missing_decision_maker'),
  };
}

/** Each note's time and the topics it reads as (read once per deal when many moments of it are needed: reflection.ts withTopics). */
export const topicsRead = (activities: readonly { occurred_at: string; subject: string | null; body: string | null }[], topicReading: TopicReading) =>
  activities.map((a) => ({ occurred_at: a.occurred_at, topics: topicReading.topicsOf(`${a.subject ?? ''}\n${a.body ?? ''}`) }));

/** Days since each topic was last read in these notes, as of `asOf` (only notes at or before it count). */
export function topicDays(activities: readonly { occurred_at: string; subject: string | null; body: string | null }[], asOf: string, topicReading: TopicReading): Record<number, number> {
  return topicDaysOf(topicsRead(activities, topicReading), asOf);
}

/** `topicDays` from notes already read (`topicsRead`). */
export function topicDaysOf(read: readonly { occurred_at: string; topics: readonly number[] }[], asOf: string): Record<number, number> {
  const latest = new Map<number, string>();
  for (const a of read) {
    if (a.occurred_at > asOf) continue;
    for (const t of a.topics) if (!latest.has(t) || a.occurred_at > latest.get(t)!) latest.set(t, a.occurred_at);
  }
  const out: Record<number, number> = {};
  for (const [t, at] of latest) out[t] = Math.round(daysBetween(at, asOf) * 10) / 10;
  return out;
}

/** Which catalog actions are allowed in this state (budget, once-per-deal; only wait once the deal has closed). */
export const maskOf = (state: DealState, settings: StrategySettings): boolean[] =>
  state.closed ? settings.actions.map((a) => a.key === 'wait') : allowedActions(settings, state.budgetLeft, state.touches);

/* ── the observation the learned policies see ── */

const SIZE_RANK: Record<SizeBand, number> = { micro: 1, small: 2, 'mid-market': 3, large: 4, enterprise: 5 };
const cap = (x: number, hi: number) => Math.min(hi, Math.max(0, x));
/** Signal recency as a number: 1 when read today, halving every two weeks, 0 when never. */
const recency = (days: number | undefined) => (days === undefined ? 0 : Math.pow(0.5, days / 14));

/** Length of the observation vector for a catalog of `actionCount` actions. */
export const observationSizeFor = (actionCount: number) => 21 + DEAL_SIGNALS.length + actionCount + TOPIC_COUNT;
/**
 * Where each group of numbers sits in the observation (`observationOf`), as [from, to) index ranges: what a learner
 * that treats the groups differently reads (world-model.ts interactionPairs).
 */
export function observationLayout(actionCount: number) {
  const stage = [0, OPEN_DEAL_STAGES.length] as const;
  const scalars = [stage[1], stage[1] + 10] as const;
  const recency = [scalars[1], scalars[1] + DEAL_SIGNALS.length] as const;
  const ever = [recency[1], recency[1] + DEAL_SIGNALS.length] as const;
  const flags = [ever[1], ever[1] + 2] as const;
  const touches = [flags[1], flags[1] + actionCount] as const;
  const topics = [touches[1], touches[1] + TOPIC_COUNT] as const;
  return { stage, scalars, recency, ever, flags, touches, topics, size: topics[1] };
}
/** The observation before the learned topics (versions trained until the tenth pass): the same numbers, without the topics at the end. */
const observationSizeWithoutTopics = (actionCount: number) => observationSizeFor(actionCount) - TOPIC_COUNT;

/** Whether a policy trained on observations of this size can read this catalog's (the current size, or the one before topics). */
export const readsObservation = (size: number, actionCount: number) => size === observationSizeFor(actionCount) || size === observationSizeWithoutTopics(actionCount);

/** The observation as a policy of `size` inputs reads it: a version from before the topics reads the numbers it knew (the topics come last). */
export const observationFor = (observation: Float64Array, size: number): Float64Array => (size < observation.length ? observation.subarray(0, size) : observation);

/** The state as numbers, every one in a small range (the PPO policy also normalises its inputs). */
export function observationOf(s: DealState, settings: StrategySettings): Float64Array {
  const out = new Float64Array(observationSizeFor(settings.actions.length));
  const stageIndex = OPEN_DEAL_STAGES.indexOf(s.stage as (typeof OPEN_DEAL_STAGES)[number]);
  if (stageIndex >= 0) out[stageIndex] = 1;
  let i = 4;
  out[i++] = cap(s.daysInStage / 30, 4);
  out[i++] = cap(s.ageDays / 90, 4);
  out[i++] = s.amount && s.amount > 0 ? cap(Math.log10(s.amount) / 6, 2) : 0;
  out[i++] = s.seniority ? SENIORITY_RANK[s.seniority] / 5 : 0;
  out[i++] = s.sizeBand ? SIZE_RANK[s.sizeBand] / 5 : 0;
  out[i++] = s.productFit ?? 0.5;
  out[i++] = cap(s.meetings / 3, 2);
  out[i++] = cap(s.idleDays / 30, 4);
  out[i++] = settings.budget > 0 ? s.budgetLeft / settings.budget : 0;
  out[i++] = cap(s.steps / 10, 3);
  for (const sig of DEAL_SIGNALS) out[i++] = recency(s.signals[sig]);
  // Whether each signal was ever read: a concern raised two months ago and never addressed is still there.
  for (const sig of DEAL_SIGNALS) out[i++] = s.signals[sig] === undefined ? 0 : 1;
  out[i++] = s.discounted ? 1 : 0;
  out[i++] = s.escalated ? 1 : 0;
  for (const a of settings.actions) out[i++] = cap((s.touches[a.key] ?? 0) / 4, 1);
  // The learned topics last (so that a version from before them reads the leading numbers: observationFor).
  for (let t = 0; t < TOPIC_COUNT; t++) out[i++] = recency(s.topics?.[t]);
  return out;
}
