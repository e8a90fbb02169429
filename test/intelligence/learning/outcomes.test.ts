/**
 * The reflection buffer and retraining on SQLite and PostgreSQL: single-record writes that settle or move a deal
 * or a lead are logged with the features and score of the moment before; imports and failed writes log nothing;
 * enough new outcomes make a retrain due, and the scheduler retrains in a worker thread and stores new versions.
 */
import { expect, it } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../../src/intelligence/index.js';
import { retrainDecision, RetrainScheduler, workerTrainer } from '../../../src/intelligence/learning/retrain.js';
import { modelKey } from '../../../src/intelligence/scoring/index.js';
import { describeEachBackend, SAMPLE_DIR } from '../../support/backends.js';

describeEachBackend('outcome log and retraining', (ctx) => {
  let intelligence: Intelligence;
  const ws = 'default';

  it('logs nothing for an import, then logs each settled or moved deal and lead with its context', async () => {
    const { crm } = ctx();
    await crm.importer.importDirectory(ws, SAMPLE_DIR);
    expect(await crm.storage.outcomes.countSince(ws, 0)).toEqual({ count: 0, lastSeq: 0 });
    intelligence = createIntelligence(crm, { provider: new HashingProvider(16), worker: false });
    await intelligence.start();

    const company = (await crm.records.create(ws, 'company', { name: 'Quillfeather Ltd', industry: 'Fintech', employees: 300 })).record;
    const contact = (await crm.records.create(ws, 'contact', { first_name: 'Ida', last_name: 'Brandt', title: 'CFO', company_id: company.id, lead_status: 'qualified' })).record;
    const deal = (await crm.records.create(ws, 'deal', { name: 'Quillfeather pilot', company_id: company.id, contact_id: contact.id, stage: 'proposal', amount: 40000 })).record;
    await crm.records.create(ws, 'activity', { type: 'meeting', deal_id: deal.id, contact_id: contact.id, subject: 'Demo', body: 'Budget approved.', occurred_at: '2026-10-30T10:00:00Z' });
    expect((await crm.storage.outcomes.countSince(ws, 0)).count).toBe(0); // opening a deal is not an outcome

    await crm.records.update(ws, 'deal', deal.id, { stage: 'negotiation' });
    await crm.records.update(ws, 'deal', deal.id, { stage: 'closed_won' });
    await crm.records.update(ws, 'contact', contact.id, { lead_status: 'customer' });
    await crm.records.update(ws, 'deal', deal.id, { name: 'Quillfeather pilot (signed)' }); // not an outcome
    await expect(crm.records.update(ws, 'deal', deal.id, { stage: 'won-ish' })).rejects.toThrow();

    const log = await crm.storage.outcomes.since(ws, 0, 10);
    expect(log.map((e) => [e.kind, e.record_id, e.detail.from, e.detail.to])).toEqual([
      ['stage_changed', deal.id, 'proposal', 'negotiation'],
      ['deal_won', deal.id, 'negotiation', 'closed_won'],
      ['lead_converted', contact.id, 'qualified', 'customer'],
    ]);
    const won = log[1]!;
    expect(won.detail.amount).toBe(40000);
    expect(won.source).toBe('api');
    // The features as they were just before: still in negotiation, one meeting, and the score then (the prior).
    const context = won.context as { features: { categorical: Record<string, string>; numeric: Record<string, number> }; score: { strategy: string; probability: number } };
    expect(context.features.categorical.stage).toBe('negotiation');
    expect(context.features.numeric.meetings).toBeCloseTo(Math.log1p(1));
    expect(context.score.strategy).toBe('weighted');
    expect(context.score.probability).toBeGreaterThan(0);
    expect((log[2]!.context as { features: { numeric: Record<string, number> } }).features.numeric.open_deals).toBeCloseTo(0); // the deal had closed before the lead converted
  });

  it('makes a retrain due after enough new outcomes and retrains in a worker thread', async () => {
    const { crm, storage: config, clock } = ctx();
    const policy = { afterOutcomes: 3, everyMs: 0 };
    const first = await retrainDecision(crm.storage, ws, policy, clock.now());
    expect(first.due).toBe(false);
    expect(first.reason).toMatch(/no model yet; \d+ closed deals is too few/);

    const report = await intelligence.scoring.train(ws, { throughSeq: first.throughSeq });
    expect(report.trained.length).toBeGreaterThan(0);
    expect(await retrainDecision(crm.storage, ws, policy, clock.now())).toMatchObject({ due: false, newOutcomes: 0, reason: 'nothing new since the last training' });

    const open = (await crm.records.list(ws, 'deal', { filters: [{ field: 'stage', op: 'in', value: ['lead', 'qualified', 'proposal'] }], limit: 3 })).records;
    expect(open.length).toBe(3);
    for (const d of open) await crm.records.update(ws, 'deal', d.id, { stage: 'closed_lost' });
    const due = await retrainDecision(crm.storage, ws, policy, clock.now());
    expect(due).toMatchObject({ due: true, newOutcomes: 3, reason: '3 new outcomes since the last training' });

    const logs: string[] = [];
    const scheduler = new RetrainScheduler({ storage: crm.storage, clock, policy, train: workerTrainer(config), log: (m) => logs.push(m) });
    expect(await scheduler.tick()).toEqual([ws]);
    expect(logs.join('\n')).toMatch(/retrained default in/);
    const after = await crm.storage.models.current(ws, modelKey('deal', 'logistic'));
    expect(after!.version).toBe(2);
    expect(JSON.parse(after!.metrics).throughSeq).toBe(due.throughSeq);
    expect((await retrainDecision(crm.storage, ws, policy, clock.now())).due).toBe(false);
    expect(await scheduler.tick()).toEqual([]);
    await intelligence.stop();
  }, 120_000);
});
