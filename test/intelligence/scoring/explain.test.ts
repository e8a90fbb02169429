/** Factors in words and lead tiers. */
import { describe, expect, it } from 'vitest';
import { describeFactor, describeFactors, isMissingEvidence, leadTier, scoreOf, summarise, tierIsConfident, tierOf } from '../../../src/intelligence/scoring/explain.js';
import type { Snapshot } from '../../../src/intelligence/scoring/features.js';

const snap: Snapshot = {
  subject: 'lead', id: 'ct_1', at: 0,
  numeric: {},
  categorical: { lead_source: 'referral', industry: 'Fintech', contact_seniority: 'c_level', 'tag:vip': 'yes' },
  phrases: new Set(['budget approved']),
  facts: { meetings_14d: 3, emails: 1, days_since_activity: 40, amount: 52_000, open_deals: 2, days_to_expected_close: -5 },
  funnel: 'qualified',
};

describe('factors in words', () => {
  it.each([
    ['meetings_14d', '3 meetings in the last 14 days'],
    ['emails', '1 email so far'],
    ['days_since_activity', 'not contacted for 40 days'],
    ['amount', 'amount $52k'],
    ['open_deals', '2 open deals'],
    ['days_to_expected_close', '5 days past the expected close'],
    ['lead_source=referral', 'came from referral'],
    ['lead_source=webinar', 'did not come from webinar'],
    ['tag:vip=yes', 'tagged vip'],
    ['tag:ai-interest=yes', 'not tagged ai-interest'],
    ['seniority', 'contact is a C-level'],
    ['contact_seniority=c_level', 'contact is a C-level'],
    ['industry=Fintech', 'company in Fintech'],
    ['calls', 'no calls so far'],
    ['"budget approved"', 'activities mention “budget approved”'],
    ['"no budget"=no', 'no activity mentions “no budget”'],
    // The funnel position is evidence of its own, not a model field.
    ['lead_status=qualified', 'qualified'],
    ['lead_status=new', 'not a new lead'],
  ])('%s → %s', (key, words) => {
    expect(describeFactor(key, snap)).toBe(words);
  });

  it('says when there was no activity at all', () => {
    expect(describeFactor('days_since_activity', { ...snap, facts: { days_since_activity: null } })).toBe('never contacted');
    expect(describeFactor('days_since_activity', { ...snap, facts: { days_since_activity: 3 } })).toBe('last contacted 3 days ago');
  });


  it('summarises the strongest reasons each way and leaves out negligible ones', () => {
    const s = summarise([
      { feature: '3 meetings in the last 14 days', effect: 0.8, key: 'meetings_14d' },
      { feature: 'not contacted for 40 days', effect: -0.5, key: 'days_since_activity' },
      { feature: 'industry: Fintech', effect: 0.01, key: 'industry=Fintech' },
    ]);
    expect(s).toEqual({ positive: ['3 meetings in the last 14 days: +'], negative: ['not contacted for 40 days: −'] });
  });
});

const deal: Snapshot = {
  subject: 'deal', id: 'dl_1', at: 0,
  numeric: {},
  categorical: { stage: 'negotiation', product: 'Security Suite', industry: 'Healthcare', region: 'Europe', size: 'mid-market', lead_source: 'none', contact_function: 'security', contact_seniority: 'vp', engagement: 'medium', amount_band: '50-100k', account_history: 'none', product_industry: 'Security Suite × Healthcare' },
  phrases: new Set(),
  facts: { activities: 4, days_since_activity: 3, amount: 60_000, no_activity: 0 },
  funnel: 'negotiation',
};

describe('rates and stages in the words of the data', () => {
  it('says what share of such deals win, with the number from the model', () => {
    expect(describeFactor('rate:industry×product', deal, { share: 0.412, count: 37 })).toBe('Security Suite deals in Healthcare win 41% of the time (37 closed)');
    expect(describeFactor('rate:industry×product', deal, { share: 0.412, count: 37, overall: 0.28 })).toBe('Security Suite deals in Healthcare win 41% of the time (37 closed, 28% overall)');
    expect(describeFactor('rate:product', deal, { share: 0.3 })).toBe('Security Suite deals win 30% of the time');
    expect(describeFactor('rate:region×size', deal, { share: 0.5, count: 12 })).toBe('Deals in Europe at companies of 201–1,000 employees win 50% of the time (12 closed)');
    const lead: Snapshot = { ...snap, categorical: { ...snap.categorical, deals: 'all lost' } };
    expect(describeFactor('rate:deals×lead_source', lead, { share: 0.08, count: 25 })).toBe('Leads from referral whose every deal was lost become customers 8% of the time (25 resolved)');
  });

  it('names stages as people do', () => {
    expect(describeFactor('stage=negotiation', deal)).toBe('in negotiation');
    expect(describeFactor('stage=lead', deal)).toBe('past the lead stage');
    expect(describeFactor('stage=proposal', { ...deal, categorical: { ...deal.categorical, stage: 'qualified' } })).toBe('not yet at the proposal stage');
    expect(describeFactor('product_industry=Security Suite × Healthcare', deal)).toBe('a Security Suite deal in Healthcare');
  });

  it('never shows a feature key, a multiplication sign, an underscore or an id', () => {
    const keys = [
      'rate:industry×product', 'rate:contact_function×contact_seniority', 'rate:account_history', 'rate:amount_band×stage', 'rate:engagement',
      'contact_function=customer_success', 'stage=closed_won', 'account_history=won before', 'amount_band=250k+', 'product_industry=Security Suite × Healthcare',
      'days_to_expected_close', 'open_pipeline', 'account_won', 'no_activity', 'activities_30d', 'meetings_14d', 'age_days', 'engagement=none',
    ];
    for (const key of keys) for (const detail of [{}, { share: 0.25, count: 8 }]) {
      const text = describeFactor(key, deal, detail);
      expect(text, key).not.toMatch(/rate:|×|_|\b(ct|co|dl|ac)_/);
    }
  });
});

describe('missing data never raises a score', () => {
  const bare: Snapshot = {
    subject: 'lead', id: 'ct_2', at: 0, numeric: {},
    categorical: { industry: 'none', region: 'unknown', size: 'unknown', lead_source: 'none', contact_function: 'unknown', contact_seniority: 'individual', engagement: 'none', deals: 'none' },
    phrases: new Set(),
    facts: { activities: 0, no_activity: 1, days_since_activity: null, employees: null, revenue: null, deals: 0 },
  };

  it('drops positive factors on unknown values and keeps the negative ones', () => {
    const factors = describeFactors(
      [
        { feature: 'industry=none', effect: 0.6 },
        { feature: 'rate:industry×lead_source', effect: 0.5, share: 0.7 },
        { feature: 'days_since_activity', effect: 0.4 },
        { feature: 'emails', effect: 0.3 },
        { feature: '"budget approved"', effect: 0.3 },
        { feature: 'employees', effect: 0.2 },
        { feature: 'seniority', effect: 0.2 },
        { feature: 'deals=none', effect: 0.2 },
        { feature: 'region=unknown', effect: -0.4 },
      ],
      bare,
    );
    expect(factors.map((f) => f.key)).toEqual(['deals=none', 'region=unknown']);
    expect(factors.map((f) => f.feature)).toEqual(['no deals yet', "the company's country is not recorded"]);
  });

  it('leaves out rates whose effect contradicts their own numbers', () => {
    const factors = describeFactors(
      [
        { feature: 'rate:industry', effect: 0.4, share: 0.29, count: 7, overall: 0.55 },
        { feature: 'rate:product', effect: 0.3, share: 0.7, count: 20, overall: 0.55 },
        { feature: 'rate:region', effect: -0.3, share: 0.13, count: 8, overall: 0.55 },
      ],
      deal,
    );
    expect(factors.map((f) => f.key)).toEqual(['rate:product', 'rate:region']);
  });

  it('treats known values as evidence', () => {
    expect(isMissingEvidence('industry=Fintech', snap)).toBe(false);
    expect(isMissingEvidence('rate:lead_source', snap)).toBe(false);
    expect(isMissingEvidence('days_since_activity', snap)).toBe(false);
    expect(isMissingEvidence('rate:lead_source', bare)).toBe(true);
  });
});

describe('lead tiers', () => {
  it('maps probabilities to documented tiers and a 1–99 score', () => {
    expect([0.95, 0.7, 0.69, 0.4, 0.39, 0].map(tierOf)).toEqual(['hot', 'hot', 'warm', 'warm', 'cold', 'cold']);
    expect([0, 0.004, 0.5, 0.996, 1].map(scoreOf)).toEqual([1, 1, 50, 99, 99]);
  });
});

describe('confidence in a tier', () => {
  it('is there when both ends of the interval fall in the same tier', () => {
    expect(tierIsConfident([0.82, 0.99])).toBe(true);
    expect(tierIsConfident([0.62, 0.99])).toBe(false);
    expect(tierIsConfident([0.1, 0.35])).toBe(true);
  });
});

describe('a brand-new lead', () => {
  const fresh: Snapshot = {
    subject: 'lead', id: 'ct_3', at: 0, numeric: {}, categorical: { contact_seniority: 'c_level', engagement: 'none', deals: 'none' }, phrases: new Set(),
    facts: { activities: 0, no_activity: 1, days_since_activity: null, deals: 0 },
  };

  it('is never hot nor a confident tier without activity or deals, however well it fits', () => {
    expect(leadTier(0.9, [0.85, 0.95], fresh)).toEqual({ score: 69, tier: 'warm', confident: false });
    expect(leadTier(0.2, [0.15, 0.25], fresh)).toEqual({ score: 20, tier: 'cold', confident: false });
  });

  it('is scored as usual once there is evidence', () => {
    const met: Snapshot = { ...fresh, facts: { ...fresh.facts, activities: 2, no_activity: 0, days_since_activity: 3 } };
    expect(leadTier(0.9, [0.85, 0.95], met)).toEqual({ score: 90, tier: 'hot', confident: true });
  });
});
