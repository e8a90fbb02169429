/**
 * Held-out pipeline worlds (bench/heldout, written by someone who never read the scoring code; nothing here is
 * tuned on them): each seed's world is generated, imported with its stage history, trained as a workspace would
 * be, and every open deal is scored through the service's scoreDeal (what GET /api/deals/{id}/score answers) with
 * the hand-set `weighted` baseline and the workspace's default strategy. The scores are judged against the
 * hidden eventual outcomes (hidden/open_outcomes.csv, never imported), beside the oracle (the true probabilities).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ScoringService } from '../src/intelligence/scoring/index.js';
import { auc, brier } from '../src/intelligence/scoring/learn/index.js';
import { importWorkspace } from './scoring-world.js';

export interface HeldoutFigures {
  seed: number;
  openDeals: number;
  default: string;
  stageEvidence: string | null;
  oracle: { auc: number; brier: number };
  weighted: { auc: number; brier: number };
  learnedDefault: { auc: number; brier: number };
  /** Calibration on the open pipeline: per current stage, the mean probability given (default / weighted) and the share won. */
  stages: { stage: string; deals: number; given: number; weighted: number; won: number }[];
  trainSeconds: number;
}

const AS_OF = '2026-11-01T00:00:00Z';
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const pct = (x: number) => `${Math.round(x * 100)}%`;

export async function benchHeldoutPipeline(opts: { seeds: number[]; workDir: string; log: (line: string) => void }): Promise<HeldoutFigures[]> {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const figures: HeldoutFigures[] = [];
  for (const seed of opts.seeds) {
    const dir = path.join(opts.workDir, `heldout-world-${seed}`);
    if (!fs.existsSync(path.join(dir, 'hidden', 'open_outcomes.csv'))) {
      execFileSync('npx', ['tsx', path.join(here, 'heldout/pipeline-world.ts'), '--seed', String(seed), '--out', dir], { stdio: 'ignore' });
    }
    const hidden = parse(fs.readFileSync(path.join(dir, 'hidden', 'open_outcomes.csv'), 'utf8'), { columns: true }) as { deal_id: string; won: string; true_probability: string }[];
    // The hidden file lives beside the shared formats; the import reads only the CRM's own files.
    const { storage, clock, ws } = await importWorkspace(dir, path.join(opts.workDir, `heldout-db-${seed}`), AS_OF);
    const scoring = new ScoringService(storage, clock);
    const t0 = performance.now();
    await scoring.train(ws);
    const trainSeconds = (performance.now() - t0) / 1000;
    const status = await scoring.status(ws);
    const deal = status.targets.find((t) => t.target === 'deal')!;
    const labels = hidden.map((h) => Number(h.won));
    const given = new Map<string, number[]>();
    const judge = async (strategy?: string) => {
      const probs: number[] = [];
      for (const h of hidden) probs.push((await scoring.scoreDeal(ws, h.deal_id, strategy)).probability);
      given.set(strategy ?? 'default', probs);
      return { auc: r3(auc(probs, labels)), brier: r3(brier(probs, labels)) };
    };
    const truth = hidden.map((h) => Number(h.true_probability));
    const f: HeldoutFigures = {
      seed, openDeals: hidden.length, default: deal.default, stageEvidence: deal.stage_evidence,
      oracle: { auc: r3(auc(truth, labels)), brier: r3(brier(truth, labels)) },
      weighted: await judge('weighted'),
      learnedDefault: await judge(),
      stages: [],
      trainSeconds: r3(trainSeconds),
    };
    const stageOf = new Map((parse(fs.readFileSync(path.join(dir, 'deals.csv'), 'utf8'), { columns: true }) as { id: string; stage: string }[]).map((d) => [d.id, d.stage]));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const stage of ['lead', 'qualified', 'proposal', 'negotiation']) {
      const at = hidden.flatMap((h, i) => (stageOf.get(h.deal_id) === stage ? [i] : []));
      if (at.length === 0) continue;
      const pick = (xs: number[]) => r3(mean(at.map((i) => xs[i]!)));
      f.stages.push({ stage, deals: at.length, given: pick(given.get('default')!), weighted: pick(given.get('weighted')!), won: pick(labels) });
    }
    await storage.close();
    opts.log(
      `  seed ${seed}: ${f.openDeals} open deals; weighted AUC ${f.weighted.auc} / Brier ${f.weighted.brier}; default (${f.default}) AUC ${f.learnedDefault.auc} / Brier ${f.learnedDefault.brier}; oracle ${f.oracle.auc} / ${f.oracle.brier}; stage evidence: ${f.stageEvidence}; trained in ${f.trainSeconds.toFixed(0)} s`,
    );
    opts.log(`    per stage (given by ${f.default} / weighted / won): ${f.stages.map((st) => `${st.stage} ${pct(st.given)}/${pct(st.weighted)}/${pct(st.won)} (${st.deals})`).join('  ')}`);
    figures.push(f);
  }
  return figures;
}
