/**
 * What the next-action model knows of a contact, from what the CRM already has: the title's role family and
 * seniority (lexicon/roles.ts), the company's industry and size band, the lead source and status, recent touches
 * (fatigue: recommendations and e-mails/calls/meetings in the last days), how long since the last contact, and
 * interests named in the contact's notes (lexicon/interests.ts). The context is stored as it was with every
 * recommendation (plain JSON), and `featuresOf` turns it into the model's binary features, so the log replays.
 */
import { foldText } from '../../core/normalize.js';
import { interestsIn } from '../lexicon/interests.js';
import { roleProfile } from '../lexicon/roles.js';
import { regionOf, sizeBand } from '../lexicon/firmographics.js';

export interface ContactContext {
  family: string | null;
  seniority: string;
  industry: string | null;
  size: string | null;
  source: string | null;
  status: string | null;
  /** Recommendations made and e-mails, calls and meetings logged in the fatigue window. */
  touches: number;
  /** Days since the contact was last in touch (last_contacted_at); null: never. */
  daysSinceContact: number | null;
  interests: string[];
  /** Later additions (absent from older logged contexts, which replay without them): */
  /** The company's head count. */
  employees?: number | null;
  /** The contact's id, for the contact's offsets (random-effects.ts). */
  contactId?: string;
  /** The contact's company id, for the company's offset. */
  companyId?: string | null;
  /** The contact's tags, normalised (at most MAX_TAGS). */
  tags?: string[];
  /** Hours since the last touch: a recommendation other than wait, or last_contacted_at; null: never. */
  hoursSinceTouch?: number | null;
  /** The action of the newest recommendation (other than wait) in the fatigue window. */
  lastAction?: string | null;
  /**
   * The contact's answers so far (recommendations with an outcome, RESPONSE_HISTORY_DAYS back): the actions they
   * responded to, how many times each action went unanswered, and hours since the last response (null: none).
   * Which channel a person answers is a trait of theirs no field holds; one weight per action learned over all
   * contacts ("people answer again where they answered before") carries it without a parameter per contact.
   */
  respondedActions?: string[];
  unanswered?: Record<string, number>;
  hoursSinceResponse?: number | null;
  /** Where the company is: its country and the country's region of the world (lexicon/firmographics.ts). */
  country?: string | null;
  region?: string | null;
  /** Days since the contact was created (how long they have been a lead); null: unknown. */
  ageDays?: number | null;
  /** When the context was taken, hours since the epoch (a contact's traits fade old evidence by it). */
  atHours?: number;
  /**
   * Hours since each touch the CRM knows of: the fatigue window's recommendations other than wait and the contact's
   * last_contacted_at (when no recommendation sits within a minute of it), newest first. For the continuous fatigue
   * load (`fatigueLoad`); absent from older logged contexts, which replay without it.
   */
  touchAges?: number[];
  /**
   * Touches (recommendations other than wait, logged e-mails, calls and meetings) in the LONG_TOUCH_DAYS before the
   * context was taken — a month's outreach, beyond the fatigue window. For `longTouches`; absent from older logged
   * contexts and from histories that do not read that far, which replay without it.
   */
  touchesLong?: number;
}

/** What the CRM holds of a contact's recent outreach: the fatigue window's recommendations and logged touches. */
export interface TouchHistory {
  recommendations: readonly { at: Date; action: string }[];
  /** E-mails, calls and meetings logged with the contact in the window. */
  activities: number;
  /** Recommendations with an outcome, RESPONSE_HISTORY_DAYS back (absent: the context carries no response history). */
  outcomes?: readonly { at: Date; action: string; responded: boolean }[];
  /** Touches in the LONG_TOUCH_DAYS before now (recommendations other than wait and logged activities); absent: not read. */
  longTouches?: number;
}

/** How far back `longTouches` counts a contact's outreach: a month, beyond the fatigue window. */
export const LONG_TOUCH_DAYS = 30;

/** How far back a contact's answers are read for the response-history features. */
export const RESPONSE_HISTORY_DAYS = 365;

const MAX_TAGS = 6;

/**
 * Interests named in a contact's notes and tags, remembered by text: the same contacts come up again and again,
 * and matching every topic's phrases costs more than the rest of a context (a profile of next-action found it).
 */
const interestCache = new Map<string, string[]>();
const INTEREST_CACHE_SIZE = 20_000;
function interestsOf(text: string): string[] {
  let hit = interestCache.get(text);
  if (!hit) {
    if (interestCache.size >= INTEREST_CACHE_SIZE) interestCache.clear();
    hit = interestsIn(text).map((t) => t.id).slice(0, 4);
    interestCache.set(text, hit);
  }
  return [...hit];
}

const norm = (s: unknown): string | null => {
  if (typeof s !== 'string') return null;
  const t = foldText(s).trim().replace(/\s+/g, '_');
  return t === '' ? null : t.slice(0, 60);
};

export function contextOf(contact: Record<string, unknown>, company: Record<string, unknown> | undefined, history: TouchHistory | number, now: Date): ContactContext {
  const role = roleProfile(typeof contact.title === 'string' ? contact.title : null);
  const last = typeof contact.last_contacted_at === 'string' ? Date.parse(contact.last_contacted_at) : NaN;
  const employees = typeof company?.employees === 'number' ? company.employees : null;
  const tags = Array.isArray(contact.tags) ? contact.tags.filter((t): t is string => typeof t === 'string') : [];
  const text = [contact.notes, tags.join(' ')].filter((x) => typeof x === 'string').join('\n');
  // A recommendation to wait is not a touch: nothing reached the contact.
  const touchRecs = typeof history === 'number' ? [] : history.recommendations.filter((r) => r.action !== 'wait');
  const newest = touchRecs.reduce<{ at: Date; action: string } | undefined>((a, r) => (!a || r.at.getTime() >= a.at.getTime() ? r : a), undefined);
  const lastTouch = Math.max(Number.isNaN(last) ? -Infinity : last, newest ? newest.at.getTime() : -Infinity);
  const touchTimes = touchRecs.map((r) => r.at.getTime());
  if (!Number.isNaN(last) && !touchTimes.some((t) => Math.abs(t - last) < 60_000)) touchTimes.push(last);
  return {
    family: role.function,
    seniority: role.seniority,
    industry: norm(company?.industry),
    size: sizeBand(employees),
    source: norm(contact.lead_source),
    status: norm(contact.lead_status),
    touches: typeof history === 'number' ? history : touchRecs.length + history.activities,
    daysSinceContact: Number.isNaN(last) ? null : Math.max(0, Math.floor((now.getTime() - last) / 86_400_000)),
    interests: interestsOf(text),
    employees,
    ...(typeof contact.id === 'string' ? { contactId: contact.id } : {}),
    companyId: typeof contact.company_id === 'string' ? contact.company_id : null,
    tags: [...new Set(tags.map(norm).filter((t): t is string => t !== null))].sort().slice(0, MAX_TAGS),
    hoursSinceTouch: lastTouch === -Infinity ? null : Math.max(0, (now.getTime() - lastTouch) / 3_600_000),
    lastAction: newest?.action ?? null,
    country: norm(company?.country),
    region: norm(regionOf(typeof company?.country === 'string' ? company.country : null)),
    ageDays: ageDaysOf(contact.created_at, now),
    atHours: now.getTime() / 3_600_000,
    touchAges: touchTimes.map((t) => Math.round(Math.max(0, (now.getTime() - t) / 3_600_000) * 100) / 100).sort((a, b) => a - b),
    ...(typeof history !== 'number' && history.outcomes ? responseHistory(history.outcomes, now) : {}),
    ...(typeof history !== 'number' && history.longTouches !== undefined ? { touchesLong: history.longTouches } : {}),
  };
}

function ageDaysOf(created: unknown, now: Date): number | null {
  const t = typeof created === 'string' ? Date.parse(created) : created instanceof Date ? created.getTime() : NaN;
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((now.getTime() - t) / 86_400_000));
}

/** How long someone has been a lead: a fresh lead and a years-old one answer outreach differently. */
const ageBucket = (d: number | null) => (d === null ? 'unknown' : d < 30 ? '<30d' : d < 90 ? '30-90d' : d < 180 ? '90-180d' : d < 365 ? '180-365d' : 'older');

function responseHistory(outcomes: NonNullable<TouchHistory['outcomes']>, now: Date): Pick<ContactContext, 'respondedActions' | 'unanswered' | 'hoursSinceResponse'> {
  const responded = new Set<string>();
  const unanswered: Record<string, number> = {};
  let lastResponse = -Infinity;
  for (const o of outcomes) {
    if (o.responded) {
      responded.add(o.action);
      lastResponse = Math.max(lastResponse, o.at.getTime());
    } else unanswered[o.action] = (unanswered[o.action] ?? 0) + 1;
  }
  return {
    respondedActions: [...responded].sort(),
    unanswered,
    hoursSinceResponse: lastResponse === -Infinity ? null : Math.max(0, (now.getTime() - lastResponse) / 3_600_000),
  };
}

/** Time since the contact last responded (warmer or colder for a while after it). */
const sinceResponseBucket = (h: number | null) => (h === null ? 'never' : h < 168 ? '<7d' : h < 720 ? '7-30d' : h < 2160 ? '30-90d' : 'older');

const touchBucket = (n: number) => (n <= 0 ? '0' : n === 1 ? '1' : n <= 3 ? '2-3' : '4+');
/** A month's touches: finer than the fatigue window's buckets (a month holds more of them). */
const longTouchBucket = (n: number) => (n <= 0 ? '0' : n <= 3 ? String(n) : n <= 5 ? '4-5' : '6+');
const recencyBucket = (d: number | null) => (d === null ? 'never' : d < 3 ? '<3d' : d < 14 ? '<14d' : d < 60 ? '<60d' : 'older');

/** How long since the last touch, finer where fatigue changes fastest (the first days). */
const sinceTouchBucket = (h: number | null) =>
  h === null ? 'never' : h < 24 ? '<1d' : h < 48 ? '1-2d' : h < 96 ? '2-4d' : h < 168 ? '4-7d' : h < 336 ? '7-14d' : h < 1440 ? '14-60d' : 'older';

/** Which optional feature groups the learner uses (the learning bench compares them; see docs/next-best-action.md). */
export interface FeatureOptions {
  /** Hours since the last touch of any kind (finer buckets) instead of days since last_contacted_at. */
  sinceTouch: boolean;
  /** The contact's tags. */
  tags: boolean;
  /** Per action: "this action was the last touch" (repeating the same outreach). */
  repeat: boolean;
  /**
   * The contact's and its company's offsets (`contact=<id>`, `org=<company id>`): the hierarchical random effects of
   * random-effects.ts, whose variances are learned from the outcomes.
   */
  contactEffect: boolean;
  /** Company size in finer, logarithmic bands (half a decade each) beside the CRM's named size band. */
  sizeFine: boolean;
  /** The industry × size cross (where a company is); family × seniority (who a person is) is always there. */
  industryBySize: boolean;
  /** The contact's answers so far: time since the last response; per action, answered before / unanswered 1, 2+ times. */
  responseHistory: boolean;
  /** The role family × seniority cross. */
  familyBySeniority: boolean;
  /** Interests named in notes and tags. */
  interests: boolean;
  /** Where the company is: `region=` and `country=` (a hidden response model may depend on place; the CRM holds it). */
  place: boolean;
  /**
   * Crosses of the lead's status with who they are and where they came from (`seniority&status`, `family&status`,
   * `source&status`) and of seniority with company size: the stage of a relationship changes which outreach fits a
   * role. Under the learned group variances a cross the data do not support shrinks to the floor.
   */
  statusCrosses: boolean;
  /** How long the contact has been in the CRM (`lead_age=`). */
  leadAge: boolean;
  /**
   * A continuous fatigue load beside the buckets: real-valued features `load=<τ>*<Σ exp(−age/τ)>` over the touches'
   * ages for time constants of 1, 3 and 9 days (FATIGUE_LOAD_DAYS). Each action learns a weight per time constant —
   * outreach a suppression, wait a pending-reply lift — so the shape of the decay is learned as a mix of exponentials
   * from a few weights rather than from a bucket of hours per action.
   */
  fatigueLoad?: boolean;
  /**
   * With fatigueLoad: the same time constants on the last touch alone (`load=last<τ>*exp(−age/τ)`), so a fatigue set
   * by the gap since the last touch (not by how many touches) is a mix the weights can learn too.
   */
  lastTouchLoad?: boolean;
  /** With contactEffect: when the context was taken (`at=<hours>`), for traits whose evidence fades; no weight. */
  contactTime?: boolean;
  /**
   * The contact's touches over a month (`touches_30d=`, LONG_TOUCH_DAYS) beside the fatigue window's: fatigue and
   * pending replies that outlast the window (a count over three weeks, a month's annoyance) are otherwise invisible.
   */
  longTouches?: boolean;
  /**
   * Time since the contact's last response (`last_response=`, the first half of `responseHistory` without its
   * per-action answered/unanswered features): a warmth (or coolness) after a reply that every action shares, so that
   * per-contact offsets (`contactPreference`) do not read it as a lasting preference for the action that was answered.
   */
  sinceResponse?: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { sinceTouch: true, tags: true, repeat: true, contactEffect: false, sizeFine: false, industryBySize: false, responseHistory: false, familyBySeniority: true, interests: true, place: false, statusCrosses: false, leadAge: false, fatigueLoad: false, lastTouchLoad: false, longTouches: true, sinceResponse: false };

/** The time constants of the continuous fatigue load (days). */
export const FATIGUE_LOAD_DAYS = [1, 3, 9] as const;

/**
 * A real-valued feature is written `<name>*<value>` with a name under a known key (the posterior's weight is the
 * name's; the value multiplies it). Every other feature is binary (value 1). Only `load=` is valued so far.
 */
export function valuedFeature(feature: string): { name: string; value: number } | undefined {
  if (!feature.startsWith('load=')) return undefined;
  const star = feature.indexOf('*');
  return star < 0 ? undefined : { name: feature.slice(0, star), value: Number(feature.slice(star + 1)) };
}

/** The continuous fatigue load at each time constant of FATIGUE_LOAD_DAYS: Σ over touches of exp(−age / τ). */
export function fatigueLoads(touchAges: readonly number[]): number[] {
  return FATIGUE_LOAD_DAYS.map((d) => touchAges.reduce((s, h) => s + Math.exp(-h / (24 * d)), 0));
}

/** The binary features of a context that every action shares (each present feature has value 1; `load=…*x` valued). */
export function featuresOf(c: ContactContext, opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS): string[] {
  const fam = c.family ?? 'none';
  const out = [
    'bias',
    `family=${fam}`,
    `seniority=${c.seniority}`,
    `industry=${c.industry ?? 'none'}`,
    `size=${c.size ?? 'none'}`,
    `source=${c.source ?? 'none'}`,
    `status=${c.status ?? 'none'}`,
    `touches=${touchBucket(c.touches)}`,
    opts.sinceTouch && c.hoursSinceTouch !== undefined ? `since_touch=${sinceTouchBucket(c.hoursSinceTouch)}` : `recency=${recencyBucket(c.daysSinceContact)}`,
  ];
  if (opts.longTouches && c.touchesLong !== undefined) out.push(`touches_30d=${longTouchBucket(c.touchesLong)}`);
  // Crossed features: who a person is (function at a level) and where (industry at a size) act together.
  if (opts.familyBySeniority) out.push(`family=${fam}&seniority=${c.seniority}`);
  if (opts.industryBySize) out.push(`industry=${c.industry ?? 'none'}&size=${c.size ?? 'none'}`);
  // Logged contexts from before `place` existed carry no country: they replay without the place features.
  if (opts.place && c.country !== undefined) out.push(`region=${c.region ?? 'none'}`, `country=${c.country ?? 'none'}`);
  if (opts.leadAge && c.ageDays !== undefined) out.push(`lead_age=${ageBucket(c.ageDays)}`);
  if (opts.statusCrosses) {
    const st = c.status ?? 'none';
    out.push(`seniority=${c.seniority}&status=${st}`, `family=${fam}&status=${st}`, `source=${c.source ?? 'none'}&status=${st}`, `seniority=${c.seniority}&size=${c.size ?? 'none'}`);
  }
  if (opts.fatigueLoad && c.touchAges !== undefined)
    fatigueLoads(c.touchAges).forEach((x, i) => {
      // A load too small to matter is left out (value 0: no change to the logit, and no work).
      if (x >= 1e-3) out.push(`load=${FATIGUE_LOAD_DAYS[i]}d*${x.toFixed(4)}`);
    });
  if (opts.fatigueLoad && opts.lastTouchLoad && c.touchAges !== undefined && c.touchAges.length > 0)
    fatigueLoads([Math.min(...c.touchAges)]).forEach((x, i) => {
      if (x >= 1e-3) out.push(`load=last${FATIGUE_LOAD_DAYS[i]}d*${x.toFixed(4)}`);
    });
  if (opts.interests) for (const i of c.interests) out.push(`interest=${i}`);
  if (opts.tags) for (const t of c.tags ?? []) out.push(`tag=${t}`);
  if ((opts.responseHistory || opts.sinceResponse) && c.hoursSinceResponse !== undefined) out.push(`last_response=${sinceResponseBucket(c.hoursSinceResponse)}`);
  if (opts.sizeFine && c.employees != null && c.employees > 0) out.push(`employees~${Math.round(2 * Math.log10(c.employees))}`);
  if (opts.contactEffect && c.contactId !== undefined) {
    out.push(`contact=${c.contactId}`);
    if (c.companyId) out.push(`org=${c.companyId}`);
    if (opts.contactTime && c.atHours !== undefined) out.push(`at=${c.atHours}`);
  }
  return out;
}

/** The features of a context for one action: the shared ones plus those that depend on the action. */
export function actionFeatures(c: ContactContext, shared: readonly string[], action: string, opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS): readonly string[] {
  const repeat = opts.repeat && action !== 'wait' && c.lastAction === action;
  const answered = opts.responseHistory && c.respondedActions !== undefined ? answeredFeature(c, action) : undefined;
  if (!repeat && !answered) return shared;
  return [...shared, ...(repeat ? ['last_touch=same_action'] : []), ...(answered ? [answered] : [])];
}

/** Whether the contact answered this action before, or how often it went unanswered (never answered). */
function answeredFeature(c: ContactContext, action: string): string | undefined {
  if (c.respondedActions!.includes(action)) return 'answered=same_action';
  const n = c.unanswered?.[action] ?? 0;
  return n === 0 ? undefined : n === 1 ? 'unanswered=same_action_1' : 'unanswered=same_action_2+';
}

const FEATURE_WORDS: Record<string, (v: string) => string> = {
  family: (v) => (v === 'none' ? 'no known role family' : `${v.replace(/_/g, ' ')} roles`),
  seniority: (v) => `${v.replace(/_/g, '-')} seniority`,
  industry: (v) => (v === 'none' ? 'no known industry' : `the ${v.replace(/_/g, ' ')} industry`),
  size: (v) => (v === 'none' ? 'unknown company size' : `${v} companies`),
  source: (v) => (v === 'none' ? 'no lead source' : `leads from ${v.replace(/_/g, ' ')}`),
  status: (v) => `${v} leads`,
  touches: (v) => `${v} recent touches`,
  touches_30d: (v) => `${v} touches in the last ${LONG_TOUCH_DAYS} days`,
  recency: (v) => (v === 'never' ? 'never contacted' : `last contacted ${v} ago`),
  interest: (v) => `interest in ${v.replace(/_/g, ' ')}`,
  tag: (v) => `contacts tagged ${v.replace(/_/g, ' ')}`,
  lead_age: (v) => (v === 'unknown' ? 'leads of unknown age' : `leads created ${v} ago`),
  region: (v) => (v === 'none' ? 'no known region' : `companies in ${v.replace(/_/g, ' ')}`),
  country: (v) => (v === 'none' ? 'no known country' : `companies in ${v.replace(/_/g, ' ')}`),
  load: (v) => `recent outreach (its load over ${v.split('*')[0]})`,
  since_touch: (v) => (v === 'never' ? 'never contacted' : `last touched ${v} ago`),
  last_touch: () => 'a repeat of the last touch',
  last_response: (v) => (v === 'never' ? 'no response so far' : `a response ${v} ago`),
  answered: () => 'contacts who answered this action before',
  unanswered: (v) => `contacts who left this action unanswered ${v.endsWith('2+') ? 'twice or more' : 'once'}`,
  contact: () => 'this contact',
  org: () => 'this company',
};

/** A feature in words: "family=engineering&seniority=vp" → "engineering roles at vp seniority". */
export function featureInWords(feature: string): string {
  return feature
    .split('&')
    .map((part) => {
      const [k, v = ''] = part.split('=');
      return FEATURE_WORDS[k!]?.(v) ?? part;
    })
    .join(' at ');
}
