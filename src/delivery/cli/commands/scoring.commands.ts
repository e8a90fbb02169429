/** `crm model …`, `crm experiment …`, `crm score`: learned deal and lead scores, their versions and A/B tests. */
import { CrmError } from '../../../core/errors.js';
import { STRATEGIES, TARGETS, type EvaluationReport, type StrategyName, type TargetName } from '../../../intelligence/scoring/index.js';
import type { CliContext } from '../context.js';

const targetOption = (value: string): TargetName => {
  if (!(value in TARGETS)) throw new CrmError('validation', `unknown target "${value}"; use deal or lead`);
  return value as TargetName;
};

const pct = (p: number) => `${Math.round(p * 100)}%`;
const STAGE_EVIDENCE_WORDS: Record<EvaluationReport['stageEvidence'], string> = {
  history: 'learned from the recorded stage history',
  'funnel estimate': 'no stage history recorded: the funnel estimate adds open records\' stages to learned scores',
  none: 'none (no stage history, and the funnel estimate found nothing it could trust)',
};

/** A strategy comparison as a salesperson's manager reads it. */
function printEvaluation(r: EvaluationReport) {
  const noun = TARGETS[r.target].resolved;
  const [yes, no] = r.target === 'deal' ? ['won', 'lost'] : ['became customers', 'disqualified'];
  console.log(`${r.target} scores — ${noun}: ${r.outcomes} (${r.won} ${yes}, ${r.lost} ${no}); trained on the ${r.train} resolved first, tested on the ${r.test} resolved after ${r.splitAt ?? '—'}`);
  console.log('strategy       AUC    Brier  log-loss  calib.err  train s');
  for (const s of r.strategies) {
    console.log(`${s.strategy.padEnd(13)}  ${s.auc.toFixed(3)}  ${s.brier.toFixed(3)}  ${s.logLoss.toFixed(3)}     ${s.ece.toFixed(3)}      ${s.trainSeconds.toFixed(1)}`);
  }
  if (r.learningCurve.length > 0) {
    console.log('learning curve (AUC on the same newer outcomes, after the first N outcomes):');
    for (const p of r.learningCurve) console.log(`  ${String(p.outcomes).padStart(5)}  ${Object.entries(p.auc).map(([k, v]) => `${k} ${v!.toFixed(3)}`).join('  ')}`);
  }
  const best = r.strategies.find((s) => s.strategy === r.best);
  if (best) {
    console.log(`reliability of ${best.strategy} (predicted → observed rate, count):`);
    for (const b of best.reliability) console.log(`  ${b.lo.toFixed(1)}–${b.hi.toFixed(1)}  ${b.meanPredicted.toFixed(2)} → ${b.observedRate.toFixed(2)}  (${b.count})`);
    if (best.funnel) {
      const f = best.funnel;
      const shifts = Object.entries(f.shifts).map(([pos, shift]) => `${pos} ${shift >= 0 ? '+' : '−'}${Math.abs(shift).toFixed(2)} (${f.counts[pos]} open)`);
      console.log(`funnel evidence for open records' ${f.field.replace('_', ' ')} (log-odds added to ${best.strategy} scores): ${shifts.join(', ')}`);
    }
  }
  if (r.backtest && r.backtest.points.length > 0) {
    console.log(`pipeline backtest (open ${noun.replace('closed ', '')} at each date scored by models trained on what was known then; AUC / Brier against how they ended):`);
    const row = (label: string, scores: { strategy: string; auc: number; brier: number }[]) => console.log(`  ${label}  ${scores.map((s) => `${s.strategy} ${s.auc.toFixed(3)} / ${s.brier.toFixed(3)}`).join('  ')}`);
    for (const p of r.backtest.points) row(`${p.asOf.slice(0, 10)} (${String(p.open).padStart(4)} open, ${String(p.trained).padStart(5)} learned from)`, p.strategies);
    row('pooled'.padEnd(41), r.backtest.pooled);
  }
  const stages = r.strategies.find((s) => s.strategy === r.best)?.stages ?? [];
  if (stages.length > 0) console.log(`win rate per stage, ${r.best} vs observed: ${stages.map((s) => `${s.stage} ${pct(s.predicted)} vs ${pct(s.observed)} (${s.records})`).join(', ')}`);
  console.log(`stage evidence: ${STAGE_EVIDENCE_WORDS[r.stageEvidence]}`);
  console.log(`default strategy: ${r.best}`);
  for (const w of r.warnings) console.log(`warning: ${w}`);
}

/** Whether a lookup finds its record (false on not_found; other failures are thrown). */
async function exists(lookup: () => Promise<unknown>): Promise<boolean> {
  try {
    await lookup();
    return true;
  } catch (e) {
    if (e instanceof CrmError && e.code === 'not_found') return false;
    throw e;
  }
}

export function scoringCommands({ program, ws, withIntelligence }: CliContext) {
  const model = program.command('model').description('learned deal and lead scores: train, evaluate, list, rollback');

  model
    .command('evaluate')
    .description('time-based split of outcomes: AUC, Brier, log-loss, calibration and a learning curve for every strategy')
    .option('-t, --target <target>', 'deal (win probability) or lead (becoming a customer); default both', targetOption)
    .option('--json', 'print JSON')
    .option('--no-backtest', 'skip the pipeline backtest (scores of earlier open pipelines judged on how they ended)')
    .action((opts: { target?: TargetName; json?: boolean; backtest?: boolean }) =>
      withIntelligence(async ({ scoring }) => {
        const reports = [];
        for (const t of opts.target ? [opts.target] : (Object.keys(TARGETS) as TargetName[])) reports.push(await scoring.evaluate(ws(), t, { backtest: opts.backtest ?? true }));
        if (opts.json) return console.log(JSON.stringify(reports, null, 2));
        reports.forEach((r, i) => {
          if (i > 0) console.log('');
          printEvaluation(r);
        });
      }),
    );

  model
    .command('train')
    .description('evaluate, then train every learned strategy on all outcomes, deals and leads (each run stores a new version)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withIntelligence(async ({ scoring }) => {
        const report = await scoring.train(ws());
        if (opts.json) return console.log(JSON.stringify(report, null, 2));
        report.evaluations.forEach((r) => {
          printEvaluation(r);
          console.log('');
        });
        for (const t of report.trained) console.log(`stored ${t.target}/${t.strategy} v${t.version}`);
        console.log(`done in ${report.seconds.toFixed(1)} s`);
      }),
    );

  model
    .command('list')
    .description('stored model versions and the default strategy per target')
    .action(() =>
      withIntelligence(async ({ scoring }) => {
        const status = await scoring.status(ws());
        for (const t of status.targets) console.log(`${t.target}: default strategy ${t.default}${t.stage_evidence ? `; stage evidence: ${STAGE_EVIDENCE_WORDS[t.stage_evidence]}` : ''}`);
        for (const v of status.versions) console.log(`${v.strategy} v${v.version}  ${v.trained_at}  ${v.active ? 'active' : 'retired'}`);
      }),
    );

  model
    .command('rollback')
    .description('retire the current version of a strategy; the previous one scores again')
    .argument('<strategy>', STRATEGIES.join(', '))
    .option('-t, --target <target>', 'deal or lead', targetOption, 'deal' as TargetName)
    .action((strategy: string, opts: { target: TargetName }) =>
      withIntelligence(async ({ scoring }) => {
        if (!STRATEGIES.includes(strategy as StrategyName)) throw new CrmError('validation', `unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')}`);
        const v = await scoring.rollback(ws(), opts.target, strategy as StrategyName);
        const name = `${opts.target}/${strategy}`;
        console.log(v === undefined ? `${name}: no version left; scoring falls back to the weighted baseline` : `${name}: v${v} is current again`);
      }),
    );

  model
    .command('rollout')
    .description("roll a strategy out to the workspace (a feature flag); 'auto' goes back to the evaluation's best")
    .argument('<strategy>', `${STRATEGIES.join(', ')} or auto`)
    .option('-t, --target <target>', 'deal or lead', targetOption, 'deal' as TargetName)
    .action((strategy: string, opts: { target: TargetName }) =>
      withIntelligence(async ({ scoring }) => {
        if (strategy !== 'auto' && !STRATEGIES.includes(strategy as StrategyName)) throw new CrmError('validation', `unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')} or auto`);
        const now = await scoring.rollout(ws(), opts.target, strategy === 'auto' ? null : (strategy as StrategyName));
        console.log(`${opts.target} scores now use ${now}`);
      }),
    );

  const experiment = program.command('experiment').description('A/B tests of scoring strategies');

  experiment
    .command('start')
    .description('start an experiment: records of the target are split between the strategies by a hash of their id')
    .argument('<strategies...>', `two to four of ${STRATEGIES.join(', ')}`)
    .option('-t, --target <target>', 'deal or lead', targetOption, 'deal' as TargetName)
    .option('--name <name>', 'a name for it')
    .action((strategies: string[], opts: { target: TargetName; name?: string }) =>
      withIntelligence(async ({ scoring }) => {
        const e = await scoring.experiments.start(ws(), { name: opts.name, target: opts.target, variants: strategies });
        console.log(`started ${e.id}: ${e.name}`);
      }),
    );

  experiment
    .command('list')
    .description('experiments, newest first')
    .action(() =>
      withIntelligence(async ({ scoring }) => {
        for (const e of await scoring.experiments.list(ws())) {
          console.log(`${e.id}  ${e.status.padEnd(7)}  ${e.target}  ${e.variants.map((v) => v.strategy).join(' vs ')}  since ${e.started_at}  ${e.name}`);
        }
      }),
    );

  experiment
    .command('results')
    .description('outcomes per variant with win-rate intervals, Brier scores and a significance test')
    .argument('<id>')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withIntelligence(async ({ scoring }) => {
        const r = await scoring.experiments.results(ws(), id);
        if (opts.json) return console.log(JSON.stringify(r, null, 2));
        console.log(`${r.id} (${r.status}) ${r.name}`);
        for (const v of r.variants) {
          const rate = v.winRate === null ? '—' : `${(v.winRate * 100).toFixed(1)}% [${(v.winRateInterval![0] * 100).toFixed(1)}–${(v.winRateInterval![1] * 100).toFixed(1)}%]`;
          console.log(`  ${v.strategy.padEnd(12)} outcomes ${String(v.outcomes).padStart(5)}  won ${rate}  Brier ${v.brier === null ? '—' : v.brier.toFixed(3)}`);
        }
        console.log(r.verdict);
      }),
    );

  experiment
    .command('stop')
    .argument('<id>')
    .description('stop an experiment; records go back to the default strategy')
    .action((id: string) =>
      withIntelligence(async ({ scoring }) => {
        const e = await scoring.experiments.stop(ws(), id);
        console.log(`${e.id} stopped at ${e.stopped_at}`);
      }),
    );

  program
    .command('score')
    .description("a deal's win probability, or a contact's lead score, now, with its interval and factors in words")
    .argument('<id>', 'a deal id or a contact id')
    .option('-s, --strategy <name>', STRATEGIES.join(', '))
    .option('--json', 'print JSON')
    .action((id: string, opts: { strategy?: string; json?: boolean }) =>
      withIntelligence(async ({ scoring }, crm) => {
        const isContact = await exists(() => crm.records.get(ws(), 'contact', id));
        const lead = isContact ? await scoring.scoreContact(ws(), id, opts.strategy) : undefined;
        const s = lead ?? (await scoring.scoreDeal(ws(), id, opts.strategy));
        if (opts.json) return console.log(JSON.stringify(s, null, 2));
        const range = `${(s.interval[0] * 100).toFixed(0)}–${(s.interval[1] * 100).toFixed(0)}%`;
        if (lead) console.log(`${s.id}: lead score ${lead.score} (${lead.tier}${lead.confident ? '' : ', not enough evidence'}), ${range}, ${s.strategy} v${s.modelVersion}`);
        else console.log(`${s.id}: ${(s.probability * 100).toFixed(0)}% to win (${range}), ${s.strategy} v${s.modelVersion}`);
        for (const f of s.factors) console.log(`  ${f.effect >= 0 ? '+' : '−'} ${f.feature} (${f.effect.toFixed(2)})`);
        for (const n of s.notes) console.error(`note: ${n}`);
      }),
    );
}
