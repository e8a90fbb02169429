/**
 * Model factors in a salesperson's words. Strategies name factors by feature key ("meetings_14d",
 * "lead_source=referral", "rate:product×industry", "\"budget approved\""); this turns a key plus the snapshot's
 * own facts into "2 meetings in the last 14 days", "came from a referral" or "Security Suite deals in Healthcare
 * win 41% of the time (37 closed, 28% overall)" — never a feature key, an underscore or an id — and leaves out factors that
 * would raise a score because something is not known (no industry, never contacted).
 */
import { SIZE_BAND_LABEL, type SizeBand } from '../lexicon/firmographics.js';
import { FUNCTION_LABEL, SENIORITY_LABEL, type RoleFunction, type Seniority } from '../lexicon/roles.js';
import type { Snapshot } from './features.js';

const KINDS: Record<string, [string, string]> = {
  emails: ['email', 'emails'],
  calls: ['call', 'calls'],
  meetings: ['meeting', 'meetings'],
  notes: ['note', 'notes'],
  tasks: ['task', 'tasks'],
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const money = (n: number) => `$${n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}k` : Math.round(n)}`;
const pct = (p: number) => `${Math.round(p * 100)}%`;
/** Words for any value that might still carry an underscore ("closed_won", "customer_success"). */
const words = (v: string) => v.replace(/_/g, ' ');

/** Values that mean "not recorded" rather than a fact about the record. */
const UNKNOWN = new Set(['none', 'unknown', '']);

const STAGE_WORDS: Record<string, string> = { lead: 'still a lead', qualified: 'qualified', proposal: 'at the proposal stage', negotiation: 'in negotiation', closed_won: 'won', closed_lost: 'lost' };
const STAGE_ORDER = ['lead', 'qualified', 'proposal', 'negotiation'];
const STATUS_WORDS: Record<string, string> = { new: 'a new lead', contacted: 'contacted', qualified: 'qualified', unqualified: 'unqualified', customer: 'a customer' };
const AMOUNT_WORDS: Record<string, string> = { '<10k': 'under $10k', '10-50k': '$10k–$50k', '50-100k': '$50k–$100k', '100-250k': '$100k–$250k', '250k+': 'over $250k' };
const ENGAGEMENT_WORDS: Record<string, string> = { low: 'little engagement (1–2 activities)', medium: 'some engagement (3–6 activities)', high: 'high engagement (7 or more activities)' };
const DEALS_WORDS: Record<string, [string, string]> = {
  none: ['no deals yet', 'has deals'],
  open: ['has open deals', 'no open deals'],
  'all lost': ['every deal so far was lost', 'not every deal was lost'],
  won: ['has won a deal', 'has not won a deal'],
};
const HISTORY_WORDS: Record<string, [string, string]> = {
  none: ['the account has no closed deals yet', 'the account has closed deals before'],
  'won before': ['the account has won deals before', 'the account has not won a deal before'],
  'lost before': ['the account has only lost deals before', 'the account has not only lost deals before'],
};

const sizeWords = (v: string) => SIZE_BAND_LABEL[v as SizeBand] ?? words(v);
const functionWords = (v: string) => FUNCTION_LABEL[v as RoleFunction] ?? words(v);
const seniorityWords = (v: string) => SENIORITY_LABEL[v as Seniority] ?? words(v);
const article = (w: string) => `${/^[aeiou]/.test(w) ? 'an' : 'a'} ${w}`;

/** A categorical field's value as a statement about the record, or its negation (`holds` false). */
function fieldWords(field: string, value: string, holds: boolean): string {
  const yes = (a: string, b: string) => (holds ? a : b);
  switch (field) {
    case 'stage_stay':
      return value === 'unknown' ? yes('time in the stage not recorded', 'time in the stage recorded') : yes(`in the stage ${value}`, `not in the stage ${value}`);
    case 'stage': {
      const phrase = STAGE_WORDS[value] ?? words(value);
      return holds ? phrase : `not ${phrase}`;
    }
    case 'lead_status':
      return holds ? STATUS_WORDS[value] ?? words(value) : `not ${STATUS_WORDS[value] ?? words(value)}`;
    case 'lead_source':
      return value === 'none' ? yes('no lead source recorded', 'a lead source recorded') : yes(`came from ${value}`, `did not come from ${value}`);
    case 'industry':
      return value === 'none' ? yes("the company's industry is not recorded", "the company's industry is recorded") : yes(`company in ${value}`, `company not in ${value}`);
    case 'region':
      return value === 'unknown' ? yes("the company's country is not recorded", "the company's country is recorded") : yes(`company in ${value}`, `company outside ${value}`);
    case 'size':
      return value === 'unknown' ? yes("the company's size is not recorded", "the company's size is recorded") : yes(`company of ${sizeWords(value)}`, `company not of ${sizeWords(value)}`);
    case 'product':
      return value === 'none' ? yes('no product set', 'a product set') : yes(`product ${value}`, `product not ${value}`);
    case 'contact_function':
      return value === 'unknown' ? yes("the contact's function is not known", "the contact's function is known") : yes(`contact works in ${functionWords(value)}`, `contact does not work in ${functionWords(value)}`);
    case 'contact_seniority':
      return yes(`contact is ${article(seniorityWords(value))}`, `contact is not ${article(seniorityWords(value))}`);
    case 'amount_band':
      return yes(`amount ${AMOUNT_WORDS[value] ?? value}`, `amount not ${AMOUNT_WORDS[value] ?? value}`);
    case 'engagement':
      return value === 'none' ? yes('never contacted', 'contacted before') : yes(ENGAGEMENT_WORDS[value] ?? `${value} engagement`, `not ${ENGAGEMENT_WORDS[value] ?? `${value} engagement`}`);
    case 'deals':
      return (DEALS_WORDS[value] ?? [`deals: ${value}`, `deals not ${value}`])[holds ? 0 : 1];
    case 'account_history':
      return (HISTORY_WORDS[value] ?? [`account history: ${value}`, `account history not ${value}`])[holds ? 0 : 1];
    case 'product_industry': {
      const [product, industry] = value.split(' × ');
      const what = `${product === 'none' ? 'a deal with no product' : article(`${product} deal`)} ${industry === 'none' ? 'at a company with no industry recorded' : `in ${industry}`}`;
      return holds ? what : `not ${what}`;
    }
  }
  if (field.startsWith('tag:')) return `${holds ? 'tagged' : 'not tagged'} ${field.slice(4)}`;
  return holds ? `${words(field)}: ${words(value)}` : `${words(field)} not ${words(value)}`;
}

/** How a group of records with one value of a field is named in a rate ("in Healthcare", "from referral"). */
function groupWords(field: string, value: string): string {
  switch (field) {
    case 'stage':
      return STAGE_WORDS[value] ?? `at stage ${words(value)}`;
    case 'industry':
      return value === 'none' ? 'at companies with no industry recorded' : `in ${value}`;
    case 'region':
      return value === 'unknown' ? 'at companies with no country recorded' : `in ${value}`;
    case 'size':
      return value === 'unknown' ? 'at companies of unknown size' : `at companies of ${sizeWords(value)}`;
    case 'lead_source':
      return value === 'none' ? 'with no lead source recorded' : `from ${value}`;
    case 'contact_function':
      return value === 'unknown' ? 'with a contact of unknown function' : `with a contact in ${functionWords(value)}`;
    case 'contact_seniority':
      return `with ${article(seniorityWords(value))} contact`;
    case 'amount_band':
      return `of ${AMOUNT_WORDS[value] ?? value}`;
    case 'engagement':
      return value === 'none' ? 'never contacted' : `with ${ENGAGEMENT_WORDS[value] ?? `${value} engagement`}`;
    case 'deals':
      return { none: 'with no deals yet', open: 'with open deals', 'all lost': 'whose every deal was lost', won: 'who have won a deal' }[value] ?? `with deals ${value}`;
    case 'account_history':
      return { none: 'at accounts with no closed deals', 'won before': 'at accounts that won before', 'lost before': 'at accounts that only lost before' }[value] ?? `with account history ${value}`;
    case 'product':
      return value === 'none' ? 'with no product set' : `of ${value}`;
    case 'stage_stay':
      return value === 'unknown' ? 'with no recorded time in their stage' : `in their stage ${value}`;
  }
  return `with ${words(field)} ${words(value)}`;
}

/** "Security Suite deals in Healthcare win 41% of the time (37 closed)", from a rate factor and its share. */
function rateWords(fieldSpec: string, s: Snapshot, { share, count, overall }: RateDetail): string {
  const fields = fieldSpec.split('×');
  const values = fields.map((f) => s.categorical[f] ?? 'unknown');
  const productAt = fields.indexOf('product');
  const product = productAt >= 0 && values[productAt] !== 'none' ? `${values[productAt]} ` : '';
  const rest = fields.flatMap((f, i) => (i === productAt && product ? [] : [groupWords(f, values[i]!)]));
  // Relative clauses last: "leads from referral whose every deal was lost".
  rest.sort((a, b) => Number(/^whos?e? /.test(a)) - Number(/^whos?e? /.test(b)));
  const noun = s.subject === 'deal' ? `${product}deals` : 'leads';
  const group = [noun, ...rest].join(' ');
  if (share === undefined) return s.subject === 'deal' ? `how ${group} usually end` : `how ${group} usually turn out`;
  const outcome = s.subject === 'deal' ? `win ${pct(share)} of the time` : `become customers ${pct(share)} of the time`;
  const basis = [count ? `${count} ${s.subject === 'deal' ? 'closed' : 'resolved'}` : '', overall !== undefined ? `${pct(overall)} overall` : ''].filter(Boolean).join(', ');
  return `${group.charAt(0).toUpperCase()}${group.slice(1)} ${outcome}${basis ? ` (${basis})` : ''}`;
}

/** What a rate factor rests on (encoding.ts rateShareOf): its group's share, how many records, the share overall. */
export interface RateDetail {
  share?: number;
  count?: number;
  overall?: number;
}

/** One factor in words, from the snapshot it was computed on (`detail`: a rate factor's data). */
export function describeFactor(key: string, s: Snapshot, detail: RateDetail = {}): string {
  const f = s.facts;
  const n = (k: string) => f[k] ?? 0;
  if (key.startsWith('rate:')) return rateWords(key.slice(5), s, detail);
  const m = /^(emails|calls|meetings|notes|tasks)(_14d)?$/.exec(key);
  if (m) {
    const [one, many] = KINDS[m[1]!]!;
    if (n(key) === 0) return m[2] ? `no ${many} in the last 14 days` : `no ${many} so far`;
    return m[2] ? `${plural(n(key), one, many)} in the last 14 days` : `${plural(n(key), one, many)} so far`;
  }
  switch (key) {
    case 'activities':
      return n(key) === 0 ? 'never contacted' : `${plural(n(key), 'activity', 'activities')} so far`;
    case 'activities_30d':
      return n(key) === 0 ? 'no activity in the last 30 days' : `${plural(n(key), 'activity', 'activities')} in the last 30 days`;
    case 'days_since_activity':
    case 'no_activity': {
      const d = f.days_since_activity;
      if (d === null || d === undefined) return 'never contacted';
      if (d === 0) return 'last contacted today';
      return d > 14 ? `not contacted for ${d} days` : `last contacted ${plural(d, 'day', 'days')} ago`;
    }
    case 'age_days':
      return `${s.subject === 'deal' ? 'open' : 'a lead'} for ${plural(n(key), 'day', 'days')}`;
    case 'days_to_expected_close': {
      const d = f.days_to_expected_close;
      if (d === null || d === undefined) return 'no expected close date';
      return d >= 0 ? `expected to close in ${plural(d, 'day', 'days')}` : `${plural(-d, 'day', 'days')} past the expected close`;
    }
    case 'amount':
      return n(key) > 0 ? `amount ${money(n(key))}` : 'no amount set';
    case 'employees':
      return f.employees ? `company of ${n(key).toLocaleString('en-US')} employees` : "the company's size is not recorded";
    case 'revenue':
      return f.revenue ? `company revenue ${money(n(key))}` : "the company's revenue is not recorded";
    case 'seniority':
      return `contact is ${article(seniorityWords(s.categorical.contact_seniority ?? 'individual'))}`;
    case 'deals':
      return n(key) === 0 ? 'no deals yet' : `${plural(n(key), 'deal', 'deals')} so far`;
    case 'open_deals':
      return n(key) === 0 ? 'no open deals' : plural(n(key), 'open deal', 'open deals');
    case 'lost_deals':
      return n(key) === 0 ? 'no lost deals before' : `${plural(n(key), 'lost deal', 'lost deals')} before`;
    case 'account_won':
      return n(key) === 0 ? 'the account has not won a deal before' : `the account has won ${plural(n(key), 'deal', 'deals')} before`;
    case 'account_lost':
      return n(key) === 0 ? 'the account has not lost a deal before' : `the account has lost ${plural(n(key), 'deal', 'deals')} before`;
    case 'open_pipeline':
      return n(key) > 0 ? `${money(n(key))} in open deals` : 'no money in open deals';
    case 'days_in_stage':
    case 'stage_unknown': {
      const d = f.days_in_stage;
      const where = STAGE_WORDS[s.categorical.stage ?? ''] ?? 'in its stage';
      return d === null || d === undefined ? 'time in the stage not recorded' : `${where} for ${plural(d, 'day', 'days')}`;
    }
    case 'activities_in_stage':
      return n(key) === 0 ? 'no activity since entering the stage' : `${plural(n(key), 'activity', 'activities')} since entering the stage`;
    case 'stage_moves':
      return `${plural(n(key), 'stage move', 'stage moves')} so far`;
    case 'moved_back':
      return n(key) > 0 ? 'moved back a stage before' : 'never moved back a stage';
  }
  const phrase = /^"(.*)"(?:=(yes|no))?$/.exec(key);
  if (phrase) {
    const said = phrase[2] ? phrase[2] === 'yes' : s.phrases.has(phrase[1]!);
    return `${said ? 'activities mention' : 'no activity mentions'} “${phrase[1]}”`;
  }
  const eq = key.indexOf('=');
  if (eq > 0) {
    const [field, value] = [key.slice(0, eq), key.slice(eq + 1)];
    if (field.startsWith('tag:')) return fieldWords(field, value, s.categorical[field] === 'yes');
    // A funnel position (a lead's status) may be evidence without being one of the model's fields.
    const actual = s.categorical[field] ?? (s.funnel === value ? value : undefined);
    if (field === 'stage' && actual !== value && actual && STAGE_ORDER.includes(actual) && STAGE_ORDER.includes(value)) {
      return STAGE_ORDER.indexOf(actual) > STAGE_ORDER.indexOf(value) ? `past ${value === 'lead' ? 'the lead stage' : `the ${value} stage`}` : `not yet ${STAGE_WORDS[value]}`;
    }
    return fieldWords(field, value, actual === value);
  }
  return words(key);
}

/** Engagement-derived factor keys: without any activity they describe absence, not evidence. */
const ENGAGEMENT_KEY = /^(emails|calls|meetings|notes|tasks)(_14d)?$|^(activities|activities_30d|days_since_activity|no_activity)$|^".*"(=(yes|no))?$|^engagement=/;

/**
 * Whether a factor's value for this record is "not known" rather than a fact: no industry, country, size, source,
 * title or product recorded, no expected close date or amount, never contacted (then every engagement factor is
 * about nothing), or a rate over such a value. Such a factor may lower a score (the model knows less) but is never
 * shown as a reason that raises it.
 */
export function isMissingEvidence(key: string, s: Snapshot): boolean {
  const f = s.facts;
  const neverContacted = f.no_activity === 1 || (f.activities === 0 && (f.days_since_activity === null || f.days_since_activity === undefined));
  if (neverContacted && ENGAGEMENT_KEY.test(key)) return true;
  // A contact without a title reads as an individual contributor of no known function.
  const noTitle = s.categorical.contact_function === 'unknown' && s.categorical.contact_seniority === 'individual';
  const missingField = (field: string): boolean => {
    if (field === 'engagement') return s.categorical.engagement === 'none';
    if (field === 'contact_seniority') return noTitle;
    if (field === 'stage' || field === 'stage_stay') return (s.categorical[field] ?? 'unknown') === 'unknown';
    if (['industry', 'region', 'size', 'lead_source', 'product', 'contact_function'].includes(field)) return UNKNOWN.has(s.categorical[field] ?? '');
    if (field === 'product_industry') return missingField('product') || missingField('industry');
    return false;
  };
  if (key.startsWith('rate:')) return key.slice(5).split('×').some(missingField);
  const eq = key.indexOf('=');
  if (eq > 0 && !key.startsWith('"')) return missingField(key.slice(0, eq));
  switch (key) {
    case 'employees':
      return !f.employees;
    case 'revenue':
      return !f.revenue;
    case 'seniority':
      return noTitle;
    case 'days_to_expected_close':
      return f.days_to_expected_close === null || f.days_to_expected_close === undefined;
    case 'amount':
      return s.subject === 'deal' && !f.amount;
    case 'days_in_stage':
    case 'stage_unknown':
    case 'activities_in_stage':
      return f.days_in_stage === null || f.days_in_stage === undefined;
  }
  return false;
}

export interface Factor {
  /** The factor in words. */
  feature: string;
  /** Its contribution to the log-odds (positive raises the probability). */
  effect: number;
  /** The model's own name for it. */
  key: string;
}

/**
 * A rate factor whose effect goes against its own numbers ("win 29% of the time, 55% overall" raising a score):
 * the model leaning on correlated columns, which in words would read as a contradiction.
 */
function contradicts(f: { feature: string; effect: number } & RateDetail): boolean {
  if (!f.feature.startsWith('rate:') || f.share === undefined || f.overall === undefined) return false;
  return f.share !== f.overall && Math.sign(f.share - f.overall) !== Math.sign(f.effect);
}

/**
 * Factors in words, without the ones that would raise the score on missing data (isMissingEvidence): "no industry
 * recorded" is never a reason a score is high; nor rates whose effect contradicts their numbers (contradicts).
 */
export function describeFactors(factors: readonly ({ feature: string; effect: number } & RateDetail)[], s: Snapshot): Factor[] {
  return factors
    .filter((f) => !(f.effect > 0 && isMissingEvidence(f.feature, s)) && !contradicts(f))
    .map((f) => ({ feature: describeFactor(f.feature, s, f), effect: f.effect, key: f.feature }));
}

/** "3 meetings in the last 14 days: +" — the top positive and negative factors, the form commercial CRMs use. */
export function summarise(factors: readonly Factor[], each = 3): { positive: string[]; negative: string[] } {
  const significant = factors.filter((f) => Math.abs(f.effect) >= 0.05);
  return {
    positive: significant.filter((f) => f.effect > 0).slice(0, each).map((f) => `${f.feature}: +`),
    negative: significant.filter((f) => f.effect < 0).slice(0, each).map((f) => `${f.feature}: −`),
  };
}

/**
 * Lead tiers on the calibrated probability: hot ≥ 0.70, warm ≥ 0.40, cold below. The 1–99 score is the
 * probability in percent, clamped. A tier is confident when both ends of the uncertainty interval fall in the
 * same tier; otherwise callers that route or alert on tiers should say there is not enough evidence.
 */
export const TIER_THRESHOLDS = { hot: 0.7, warm: 0.4 } as const;
export type Tier = 'hot' | 'warm' | 'cold';

export function tierOf(p: number): Tier {
  return p >= TIER_THRESHOLDS.hot ? 'hot' : p >= TIER_THRESHOLDS.warm ? 'warm' : 'cold';
}

export function tierIsConfident(interval: readonly [number, number]): boolean {
  return tierOf(interval[0]) === tierOf(interval[1]);
}

/** A lead nobody has engaged with yet (no activity, no deals): whatever its fit, there is no evidence of interest. */
export function lacksEvidence(s: Snapshot): boolean {
  return s.subject === 'lead' && s.facts.no_activity === 1 && !s.facts.deals;
}

/**
 * A lead's 1–99 score and tier as shown: a lead without evidence (lacksEvidence) is never hot and never a
 * confident tier, however well it fits — a brand-new lead has not shown interest yet.
 */
export function leadTier(probability: number, interval: readonly [number, number], s: Snapshot): { score: number; tier: Tier; confident: boolean } {
  const tier = tierOf(probability);
  if (lacksEvidence(s)) return { score: Math.min(scoreOf(probability), scoreOf(TIER_THRESHOLDS.hot) - 1), tier: tier === 'hot' ? 'warm' : tier, confident: false };
  return { score: scoreOf(probability), tier, confident: tierIsConfident(interval) };
}

export function scoreOf(p: number): number {
  return Math.min(99, Math.max(1, Math.round(p * 100)));
}
