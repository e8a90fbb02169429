/** Outcomes and snapshots of deals and leads: the right labels and times, and nothing from after the moment. */
import { describe, expect, it } from 'vitest';
import type { CrmRecord } from '../../../src/core/entities.js';
import { buildWorld, dealSnapshot, leadSnapshot } from '../../../src/intelligence/scoring/features.js';
import { dealTarget, leadTarget } from '../../../src/intelligence/scoring/targets.js';

const rec = (r: Partial<CrmRecord> & { id: string }): CrmRecord => ({ custom: {}, ...r }) as CrmRecord;
const t = (iso: string) => Date.parse(iso);

const world = buildWorld({
  companies: [rec({ id: 'co_1', industry: 'Fintech', employees: 800, country: 'Germany' })],
  contacts: [
    rec({ id: 'ct_won', company_id: 'co_1', title: 'VP Engineering', lead_status: 'customer', created_at: '2026-01-01T00:00:00Z', tags: ['vip'] }),
    rec({ id: 'ct_lost', company_id: 'co_1', title: 'Analyst', lead_status: 'unqualified', created_at: '2026-01-01T00:00:00Z' }),
    rec({ id: 'ct_open', company_id: 'co_1', title: 'CTO', lead_status: 'qualified', created_at: '2026-01-01T00:00:00Z' }),
  ],
  deals: [
    rec({ id: 'dl_a', contact_id: 'ct_won', company_id: 'co_1', stage: 'closed_lost', amount: 10_000, created_at: '2026-02-01T00:00:00Z', closed_at: '2026-03-01T00:00:00Z' }),
    rec({ id: 'dl_b', contact_id: 'ct_won', company_id: 'co_1', stage: 'closed_won', amount: 50_000, created_at: '2026-02-15T00:00:00Z', closed_at: '2026-05-01T00:00:00Z' }),
    rec({ id: 'dl_c', contact_id: 'ct_won', company_id: 'co_1', stage: 'closed_won', amount: 5_000, created_at: '2026-05-10T00:00:00Z', closed_at: '2026-06-01T00:00:00Z' }),
    rec({ id: 'dl_d', contact_id: 'ct_lost', company_id: 'co_1', stage: 'closed_lost', amount: 7_000, created_at: '2026-02-01T00:00:00Z', closed_at: '2026-04-01T00:00:00Z' }),
    rec({ id: 'dl_e', contact_id: 'ct_open', company_id: 'co_1', stage: 'proposal', amount: 9_000, created_at: '2026-02-01T00:00:00Z' }),
  ],
  activities: [
    rec({ id: 'ac_1', type: 'meeting', contact_id: 'ct_won', deal_id: 'dl_b', occurred_at: '2026-03-10T00:00:00Z', subject: 'Demo', body: 'Budget approved by the board.' }),
    rec({ id: 'ac_2', type: 'email', contact_id: 'ct_won', deal_id: 'dl_b', occurred_at: '2026-04-28T00:00:00Z', subject: 'Contract', body: 'Signed contract attached.' }),
    rec({ id: 'ac_3', type: 'call', contact_id: 'ct_lost', occurred_at: '2026-03-01T00:00:00Z', subject: 'Call', body: 'No budget this year.' }),
  ],
  stageChanges: [],
});

describe('outcomes', () => {
  it('labels closed deals won/lost between creation and close, oldest outcome first', () => {
    expect(dealTarget.outcomes(world).map((o) => [o.id, o.label])).toEqual([['dl_a', 0], ['dl_d', 0], ['dl_b', 1], ['dl_c', 1]]);
  });

  it("dates a customer by their first won deal and a disqualified lead by their last closed deal; open leads are not outcomes", () => {
    const leads = leadTarget.outcomes(world);
    expect(leads).toEqual([
      { id: 'ct_lost', label: 0, start: t('2026-01-01T00:00:00Z'), end: t('2026-04-01T00:00:00Z') },
      { id: 'ct_won', label: 1, start: t('2026-01-01T00:00:00Z'), end: t('2026-05-01T00:00:00Z') },
    ]);
  });
});

describe('snapshots see only the past', () => {
  it('a lead snapshot counts activities and deals before the moment only', () => {
    const contact = world.contacts.get('ct_won')!;
    const early = leadSnapshot(world, contact, t('2026-03-15T00:00:00Z'));
    expect(early.facts).toMatchObject({ meetings: 1, emails: 0, activities: 1, deals: 2, open_deals: 1, lost_deals: 1, open_pipeline: 50_000 });
    expect(early.phrases.has('budget approved by the board')).toBe(true);
    expect(early.phrases.has('signed contract attached')).toBe(false);
    expect(early.categorical).toMatchObject({ industry: 'Fintech', 'tag:vip': 'yes', contact_seniority: 'vp', deals: 'open' });
    const late = leadSnapshot(world, contact, t('2026-04-30T00:00:00Z'));
    expect(late.facts).toMatchObject({ emails: 1, days_since_activity: 2 });
    expect(late.phrases.has('signed contract attached')).toBe(true);
  });

  it('says "all lost" of a lead\'s deals only when every one of them was lost', () => {
    const won = world.contacts.get('ct_won')!;
    // After dl_a lost and dl_b won, nothing open: not "all lost".
    expect(leadSnapshot(world, won, t('2026-05-05T00:00:00Z')).categorical.deals).toBe('won');
    expect(leadSnapshot(world, world.contacts.get('ct_lost')!, t('2026-05-05T00:00:00Z')).categorical.deals).toBe('all lost');
    expect(leadSnapshot(world, world.contacts.get('ct_open')!, t('2026-05-05T00:00:00Z')).categorical.deals).toBe('open');
  });

  it('a deal snapshot ignores activities after the moment and hides the final stage of imported deals', () => {
    const deal = world.deals.find((d) => d.id === 'dl_b')!;
    const s = dealSnapshot(world, deal, t('2026-04-01T00:00:00Z'));
    expect(s.facts).toMatchObject({ meetings: 1, emails: 0, amount: 50_000 });
    expect(s.categorical.stage).toBe('unknown');
    expect([...s.phrases].some((p) => p.includes('contract'))).toBe(false);
  });
});
