/** Factors in words and lead tiers. */
import { describe, expect, it } from 'vitest';
import { describeFactor, scoreOf, summarise, tierIsConfident, tierOf } from '../../../src/intelligence/scoring/explain.js';
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
    ['days_since_activity', 'no activity for 40 days'],
    ['amount', 'amount $52k'],
    ['open_deals', '2 open deals'],
    ['days_to_expected_close', '5 days past the expected close'],
    ['lead_source=referral', 'lead source: referral'],
    ['lead_source=webinar', 'lead source not webinar'],
    ['tag:vip=yes', 'tagged vip'],
    ['tag:ai-interest=yes', 'not tagged ai-interest'],
    ['seniority', 'seniority: c-level'],
    ['"budget approved"', 'activities mention “budget approved”'],
    ['"no budget"=no', 'no activity mentions “no budget”'],
    // The funnel position is evidence of its own, not a model field.
    ['lead_status=qualified', 'lead status: qualified'],
    ['lead_status=new', 'lead status not new'],
  ])('%s → %s', (key, words) => {
    expect(describeFactor(key, snap)).toBe(words);
  });

  it('says when there was no activity at all', () => {
    expect(describeFactor('days_since_activity', { ...snap, facts: { days_since_activity: null } })).toBe('no activity yet');
  });

  it('summarises the strongest reasons each way and leaves out negligible ones', () => {
    const s = summarise([
      { feature: '3 meetings in the last 14 days', effect: 0.8, key: 'meetings_14d' },
      { feature: 'no activity for 40 days', effect: -0.5, key: 'days_since_activity' },
      { feature: 'industry: Fintech', effect: 0.01, key: 'industry=Fintech' },
    ]);
    expect(s).toEqual({ positive: ['3 meetings in the last 14 days: +'], negative: ['no activity for 40 days: −'] });
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
