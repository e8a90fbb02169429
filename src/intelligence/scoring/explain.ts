/**
 * Model factors in a salesperson's words. Strategies name factors by feature key ("meetings_14d",
 * "lead_source=referral", "\"budget approved\""); this turns a key plus the snapshot's own facts into
 * "2 meetings in the last 14 days" or "lead source: referral", and sorts out the tiers of a lead score.
 */
import type { Snapshot } from './features.js';

const KINDS: Record<string, [string, string]> = {
  emails: ['email', 'emails'],
  calls: ['call', 'calls'],
  meetings: ['meeting', 'meetings'],
  notes: ['note', 'notes'],
  tasks: ['task', 'tasks'],
};

const FIELD_LABEL: Record<string, string> = {
  stage: 'stage',
  product: 'product',
  industry: 'industry',
  region: 'region',
  size: 'company size',
  lead_source: 'lead source',
  contact_function: "contact's function",
  contact_seniority: 'seniority',
  amount_band: 'amount',
  engagement: 'engagement',
  product_industry: 'product × industry',
  deals: 'deals',
  account_history: 'account history',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const money = (n: number) => `$${n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}k` : Math.round(n)}`;

/** One factor in words, from the snapshot it was computed on. */
export function describeFactor(key: string, s: Snapshot): string {
  const f = s.facts;
  const n = (k: string) => f[k] ?? 0;
  const m = /^(emails|calls|meetings|notes|tasks)(_14d)?$/.exec(key);
  if (m) {
    const [one, many] = KINDS[m[1]!]!;
    return m[2] ? `${plural(n(key), one, many)} in the last 14 days` : `${plural(n(key), one, many)} so far`;
  }
  switch (key) {
    case 'activities':
      return `${plural(n(key), 'activity', 'activities')} so far`;
    case 'activities_30d':
      return `${plural(n(key), 'activity', 'activities')} in the last 30 days`;
    case 'days_since_activity':
    case 'no_activity': {
      const d = f.days_since_activity;
      if (d === null || d === undefined) return 'no activity yet';
      return d > 14 ? `no activity for ${d} days` : `last activity ${plural(d, 'day', 'days')} ago`;
    }
    case 'age_days':
      return `${s.subject === 'deal' ? 'open' : 'a lead'} for ${plural(n(key), 'day', 'days')}`;
    case 'days_to_expected_close': {
      const d = f.days_to_expected_close;
      if (d === null || d === undefined) return 'no expected close date';
      return d >= 0 ? `expected to close in ${plural(d, 'day', 'days')}` : `${plural(-d, 'day', 'days')} past the expected close`;
    }
    case 'amount':
      return `amount ${money(n(key))}`;
    case 'employees':
      return f.employees ? `company of ${n(key).toLocaleString('en-US')} employees` : 'company size unknown';
    case 'revenue':
      return f.revenue ? `company revenue ${money(n(key))}` : 'company revenue unknown';
    case 'seniority':
      return `seniority: ${(s.categorical.contact_seniority ?? 'unknown').replace('_', '-')}`;
    case 'deals':
      return `${plural(n(key), 'deal', 'deals')} so far`;
    case 'open_deals':
      return `${plural(n(key), 'open deal', 'open deals')}`;
    case 'lost_deals':
      return `${plural(n(key), 'lost deal', 'lost deals')} before`;
    case 'account_won':
      return `the account has won ${plural(n(key), 'deal', 'deals')} before`;
    case 'account_lost':
      return `the account has lost ${plural(n(key), 'deal', 'deals')} before`;
    case 'open_pipeline':
      return `${money(n(key))} in open deals`;
  }
  const phrase = /^"(.*)"(?:=(yes|no))?$/.exec(key);
  if (phrase) {
    const said = phrase[2] ? phrase[2] === 'yes' : s.phrases.has(phrase[1]!);
    return `${said ? 'activities mention' : 'no activity mentions'} “${phrase[1]}”`;
  }
  const eq = key.indexOf('=');
  if (eq > 0) {
    const [field, value] = [key.slice(0, eq), key.slice(eq + 1)];
    if (field.startsWith('tag:')) return `${s.categorical[field] === 'yes' ? 'tagged' : 'not tagged'} ${field.slice(4)}`;
    const label = FIELD_LABEL[field] ?? field.replace(/_/g, ' ');
    // A funnel position (a lead's status) may be evidence without being one of the model's fields.
    const actual = s.categorical[field] ?? (s.funnel === value ? value : undefined);
    return actual === value ? `${label}: ${value}` : `${label} not ${value}`;
  }
  return key.replace(/_/g, ' ');
}

export interface Factor {
  /** The factor in words. */
  feature: string;
  /** Its contribution to the log-odds (positive raises the probability). */
  effect: number;
  /** The model's own name for it. */
  key: string;
}

export function describeFactors(factors: readonly { feature: string; effect: number }[], s: Snapshot): Factor[] {
  return factors.map((f) => ({ feature: describeFactor(f.feature, s), effect: f.effect, key: f.feature }));
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

export function scoreOf(p: number): number {
  return Math.min(99, Math.max(1, Math.round(p * 100)));
}
