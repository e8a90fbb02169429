/**
 * Is the learned deal model calibrated where users look? (issue 17: the Models screen showed lead 38 % given vs
 * 50 % observed.) On a CRM data directory with stage history, for `weighted` and `logistic`:
 * - the time split's newest 30 % of closed deals, one snapshot each at a moment of their life (what the evaluation
 *   judges): AUC, Brier, mean given vs share won, reliability bins;
 * - per stage on three footings: in the stage at that moment (given vs won), in the middle of each stage a deal
 *   passed through (once per deal; what the screen used to compare), and the stage conversion (each deal once);
 * - the pipeline backtest's deals open at three earlier dates, scored by models fitted on what was known then,
 *   per stage they stood in (given vs won), and pooled AUC / Brier.
 * Usage: npx tsx bench/scoring-calibration.ts [DIR]   (default: ../shared/data/crm)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backtestMoments, pipelineBacktest } from '../src/intelligence/scoring/backtest.js';
import { fitOn, heldOutExamples, inProcessFitter } from '../src/intelligence/scoring/evaluate.js';
import { loadWorld, type Snapshot } from '../src/intelligence/scoring/features.js';
import { auc, brier, expectedCalibrationError, reliabilityTable } from '../src/intelligence/scoring/learn/index.js';
import { stageRates, stageStays } from '../src/intelligence/scoring/stage-rates.js';
import { TARGETS } from '../src/intelligence/scoring/targets.js';
import { importWorkspace } from './scoring-world.js';

const dir = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/data/crm');
const dataDir = path.join(os.tmpdir(), `scoring-calibration-${process.pid}`);
const { storage, ws } = await importWorkspace(dir, dataDir, '2026-11-01T12:00:00Z');
const world = await loadWorld(storage, ws);
const target = TARGETS.deal;
const resolved = target.outcomes(world);
const cut = Math.floor(resolved.length * 0.7);
const f3 = (x: number) => x.toFixed(3);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Mean given / share won per stage the snapshot stood in, with counts. */
function byStage(snaps: readonly Snapshot[], probs: readonly number[], labels: readonly number[]): string {
  return target.funnel.order
    .map((stage) => {
      const at = snaps.flatMap((s, i) => (s.funnel === stage ? [i] : []));
      return at.length === 0 ? '' : `${stage} ${pct(mean(at.map((i) => probs[i]!)))}/${pct(mean(at.map((i) => labels[i]!)))} (${at.length})`;
    })
    .filter(Boolean)
    .join('  ');
}

console.log(`${resolved.length} closed deals; won: older 70 % ${pct(mean(resolved.slice(0, cut).map((o) => o.label)))}, newest 30 % ${pct(mean(resolved.slice(cut).map((o) => o.label)))}`);
const test = heldOutExamples(world, target, resolved.slice(cut));
const labels = test.map((e) => e.label);
const stays = stageStays(world, target, resolved.slice(cut));
for (const name of ['weighted', 'logistic'] as const) {
  const model = await fitOn(world, target, name, resolved.slice(0, cut));
  const probs = test.map((e) => model.predict(e.snap).probability);
  const table = reliabilityTable(probs, labels);
  console.log(`\n${name} on the newest ${test.length} closed deals: AUC ${f3(auc(probs, labels))}, Brier ${f3(brier(probs, labels))}, ECE ${f3(expectedCalibrationError(table))}; given ${pct(mean(probs))}, won ${pct(mean(labels))}`);
  console.log(`  reliability (given/won, records): ${table.map((b) => `${pct(b.meanPredicted)}/${pct(b.observedRate)} (${b.count})`).join('  ')}`);
  console.log(`  in the stage at the moment (given/won):       ${byStage(test.map((e) => e.snap), probs, labels)}`);
  const rates = stageRates(model, target.funnel.order, stays, test);
  const midStay = target.funnel.order.map((stage) => {
    const at = stays.filter((s) => s.stage === stage);
    return at.length === 0 ? '' : `${stage} ${pct(mean(at.map((s) => model.predict(s.snap).probability)))}/${pct(mean(at.map((s) => s.label)))} (${at.length})`;
  });
  console.log(`  mid-stay, once per deal (given/conversion):   ${midStay.filter(Boolean).join('  ')}`);
  console.log(`  stage conversion (reached, each deal once):   ${rates.map((r) => `${r.stage} ${pct(r.conversion)} (${r.reached})`).join('  ')}`);
}

console.log('\nopen pipeline at earlier dates, per stage (given/won, deals):');
for (const t of backtestMoments(resolved)) {
  const open = resolved.filter((o) => o.start < t && o.end >= t);
  const snaps = open.map((o) => target.snapshot(world, target.record(world, o.id)!, t));
  const ys = open.map((o) => o.label);
  for (const name of ['weighted', 'logistic'] as const) {
    const model = await fitOn(world, target, name, resolved.filter((o) => o.end < t));
    const probs = snaps.map((s) => model.predict(s).probability);
    console.log(`  ${new Date(t).toISOString().slice(0, 10)} ${name.padEnd(8)} all ${pct(mean(probs))}/${pct(mean(ys))} (${ys.length})  ${byStage(snaps, probs, ys)}`);
  }
}
const bt = await pipelineBacktest(world, target, { fit: inProcessFitter(world), strategies: ['weighted', 'logistic'] });
console.log(`pipeline backtest pooled (AUC/Brier): ${bt.pooled.map((s) => `${s.strategy} ${f3(s.auc)}/${f3(s.brier)}`).join('  ')}`);
await storage.close();
fs.rmSync(dataDir, { recursive: true, force: true });
