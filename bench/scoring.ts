/**
 * Scoring figures for `npm run bench`: a full retrain (evaluation of every strategy, then each learned one fitted
 * with its bootstrap ensemble, for deals and leads) on a set of ~10k deals, and the latency of scoring one deal
 * and one lead through the service (database reads of the record's neighbourhood included).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../src/core/clock.js';
import { ENTITIES } from '../src/core/entities.js';
import { createCrm, prepareStorage } from '../src/crm/index.js';
import { ScoringService } from '../src/intelligence/scoring/index.js';
import { openStorage } from '../src/storage/connect.js';
import { percentile } from './core.js';
import { generateScaledSet } from './generate.js';

export interface ScoringFigures {
  deals: number;
  closedDeals: number;
  leads: number;
  retrainSeconds: number;
  auc: Record<string, Record<string, number>>;
  scoreDeal: { p50ms: number; p95ms: number; runs: number };
  scoreLead: { p50ms: number; p95ms: number; runs: number };
}

export async function benchScoring(opts: { sharedDir: string; workDir: string; copies: number; runs: number; log: (line: string) => void }): Promise<ScoringFigures> {
  const { sharedDir, workDir, copies, runs, log } = opts;
  const contacts = 2400 * copies;
  const dataDir = path.join(workDir, `scoring-${copies}`);
  const setDir = path.join(workDir, `scoring-set-${copies}`);
  if (!fs.existsSync(path.join(setDir, 'activities.csv'))) await generateScaledSet(sharedDir, setDir, { contacts, activities: 13_021 * copies });
  fs.rmSync(dataDir, { recursive: true, force: true });
  const storage = await openStorage({ dataDir });
  const clock = fixedClock('2026-11-01T12:00:00Z');
  await prepareStorage(storage, clock);
  const crm = createCrm({ storage, clock });
  await crm.importer.importDirectory('default', setDir);
  await storage.optimize();
  const ws = 'default';
  const scoring = new ScoringService(storage, clock);

  const t0 = performance.now();
  const report = await scoring.train(ws);
  const retrainSeconds = (performance.now() - t0) / 1000;
  const auc: ScoringFigures['auc'] = {};
  for (const e of report.evaluations) auc[e.target] = Object.fromEntries(e.strategies.map((s) => [s.strategy, Math.round(s.auc * 1000) / 1000]));
  const deals = report.evaluations.find((e) => e.target === 'deal')!;
  const leads = report.evaluations.find((e) => e.target === 'lead')!;
  log(`  retrain on ${deals.outcomes} closed deals and ${leads.outcomes} resolved leads: ${retrainSeconds.toFixed(1)} s (target < 60 s for 10k deals)`);

  const ids = async (entity: 'deal' | 'contact', filters: { field: string; op: 'in'; value: string[] }[]) =>
    (await crm.records.list(ws, entity, { filters, limit: runs })).records.map((r) => r.id);
  const openDeals = await ids('deal', [{ field: 'stage', op: 'in', value: ['lead', 'qualified', 'proposal', 'negotiation'] }]);
  const openLeads = await ids('contact', [{ field: 'lead_status', op: 'in', value: ['new', 'contacted', 'qualified'] }]);
  const time = async (list: string[], fn: (id: string) => Promise<unknown>) => {
    for (const id of list.slice(0, 20)) await fn(id); // warm the model cache and the database
    const samples: number[] = [];
    for (const id of list) {
      const t = performance.now();
      await fn(id);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    return { p50ms: percentile(samples, 50), p95ms: percentile(samples, 95), runs: samples.length };
  };
  const scoreDeal = await time(openDeals, (id) => scoring.scoreDeal(ws, id));
  const scoreLead = await time(openLeads, (id) => scoring.scoreContact(ws, id));
  log(`  score one deal: p50 ${scoreDeal.p50ms.toFixed(2)} ms, p95 ${scoreDeal.p95ms.toFixed(2)} ms; one lead: p50 ${scoreLead.p50ms.toFixed(2)} ms, p95 ${scoreLead.p95ms.toFixed(2)} ms (target p95 < 5 ms)`);
  log(`  held-out AUC: ${JSON.stringify(auc)}`);
  const allDeals = await storage.records.count(ws, ENTITIES.deal);
  await storage.close();
  return { deals: allDeals, closedDeals: deals.outcomes, leads: leads.outcomes, retrainSeconds, auc, scoreDeal, scoreLead };
}

export interface BacktestFigures {
  stageEvidence: string;
  best: string;
  /** Time split of closed deals (one snapshot each of the newer ones): AUC and Brier per strategy. */
  timeSplit: Record<string, { auc: number; brier: number }>;
  /** The pipeline backtest: per as-of date and pooled, AUC and Brier per strategy. */
  points: { asOf: string; open: number; trained: number; scores: Record<string, { auc: number; brier: number }> }[];
  pooled: Record<string, { auc: number; brier: number }>;
}

/**
 * The pipeline backtest on the shared data with its stage history (backtest.ts): what open-pipeline scores would
 * have been worth at three earlier dates, beside the time split of closed deals the default is chosen on.
 */
export async function benchPipelineBacktest(opts: { sharedDir: string; workDir: string; log: (line: string) => void }): Promise<BacktestFigures> {
  const { importWorkspace } = await import('./scoring-world.js');
  const { storage, clock, ws } = await importWorkspace(opts.sharedDir, path.join(opts.workDir, 'scoring-shared-history'), '2026-11-01T12:00:00Z');
  const report = await new ScoringService(storage, clock).evaluate(ws, 'deal', { backtest: true });
  await storage.close();
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const byStrategy = (scores: readonly { strategy: string; auc: number; brier: number }[]) => Object.fromEntries(scores.map((s) => [s.strategy, { auc: r3(s.auc), brier: r3(s.brier) }]));
  const line = (scores: Record<string, { auc: number; brier: number }>) => Object.entries(scores).map(([s, v]) => `${s} ${v.auc.toFixed(3)}/${v.brier.toFixed(3)}`).join('  ');
  const figures: BacktestFigures = {
    stageEvidence: report.stageEvidence,
    best: report.best,
    timeSplit: byStrategy(report.strategies),
    points: (report.backtest?.points ?? []).map((p) => ({ asOf: p.asOf, open: p.open, trained: p.trained, scores: byStrategy(p.strategies) })),
    pooled: byStrategy(report.backtest?.pooled ?? []),
  };
  opts.log(`  stage evidence: ${figures.stageEvidence}; default strategy: ${figures.best} (AUC / Brier)`);
  opts.log(`  time split of closed deals (${report.test} newer):  ${line(figures.timeSplit)}`);
  for (const p of figures.points) opts.log(`  open pipeline at ${p.asOf.slice(0, 10)} (${p.open} open, ${p.trained} closed before):  ${line(p.scores)}`);
  opts.log(`  open pipeline, pooled:  ${line(figures.pooled)}`);
  return figures;
}
