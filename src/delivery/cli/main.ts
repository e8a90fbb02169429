#!/usr/bin/env node
/** The `crm` command: serve, import, export, migrate, seed, duplicates, merge, embed, worker, similar, search, query, model, experiment, score, user, token, workspace, audit, erase. */
import { Command, InvalidArgumentError } from 'commander';
import { displayName, ENTITIES, ENTITY_ORDER, entityByPlural, type EntityDef } from '../../core/entities.js';
import { CrmError } from '../../core/errors.js';
import { DEFAULT_WORKSPACE, type Crm } from '../../crm/index.js';
import type { ImportReport } from '../../crm/import.service.js';
import { MERGEABLE } from '../../crm/merge.service.js';
import { createApp } from '../api/app.js';
import { loadConfig, type AppConfig } from '../config.js';
import { demoDataDir, loadDemoData, openCrm, SAMPLE_DATA_DIR, storageConfigOf } from '../runtime.js';
import { workerTrainer } from '../../intelligence/learning/retrain.js';
import { createIntelligence } from '../../intelligence/index.js';
import { EMBED_QUEUE, enqueueAll } from '../../intelligence/memory/embedding-queue.js';
import { SIMILAR_ENTITIES } from '../../intelligence/similarity/similar.service.js';
import { ScoringService, STRATEGIES, TARGETS, type EvaluationReport, type StrategyName, type TargetName } from '../../intelligence/scoring/index.js';
import { toTimestamp } from '../../core/clock.js';
import { accessCommands, authOptionsOf, printFirstOwner } from './access.commands.js';
import { countProgress, importProgress } from './progress.js';

const program = new Command();
program.name('crm').description('HoloLoom CRM').option('-w, --workspace <id>', 'workspace to work in', DEFAULT_WORKSPACE).showHelpAfterError();

function entityArg(value: string): EntityDef {
  const e = entityByPlural(value) ?? ENTITY_ORDER.map((n) => ENTITIES[n]).find((d) => d.name === value);
  if (!e) throw new InvalidArgumentError(`unknown object "${value}"; use ${ENTITY_ORDER.map((n) => ENTITIES[n].plural).join(', ')}`);
  return e;
}

/** Runs a command with an open CRM and closes it afterwards, whatever happens. */
async function withCrm<T>(fn: (crm: Crm, config: AppConfig, fresh: boolean) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { crm, freshDatabase } = await openCrm(config);
  try {
    return await fn(crm, config, freshDatabase);
  } finally {
    await crm.storage.close();
  }
}

const ws = () => program.opts<{ workspace: string }>().workspace;

export function printImportReport(report: ImportReport, out: (s: string) => void = console.log, err: (s: string) => void = console.error) {
  for (const f of report.files) {
    const state = f.rolled_back ? 'NOT IMPORTED (rolled back)' : `${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged, ${f.skipped} skipped`;
    out(`${f.file}: ${f.rows} rows — ${state}${f.duplicates ? `; ${f.duplicates} likely duplicate pairs (crm duplicates ${ENTITIES[f.entity].plural})` : ''}`);
    for (const e of f.errors) err(`  ${e.file}:${e.line}${e.id ? ` [${e.id}]` : ''}: ${e.message}`);
    if (f.more_errors > 0) err(`  … and ${f.more_errors} more errors in ${f.file}`);
  }
  for (const n of report.not_imported) err(`${n}: not imported because an earlier file failed`);
}

program
  .command('serve')
  .description('run the HTTP API (and load demo data into a new database unless CRM_DEMO=0)')
  .action(async () => {
    const config = loadConfig();
    const { crm, freshDatabase } = await openCrm(config);
    if (freshDatabase && config.demo) {
      const dir = demoDataDir(config);
      console.log(`New database: loading demo data from ${dir} (set CRM_DEMO=0 to start empty)`);
      printImportReport(await loadDemoData(crm, dir));
    }
    const firstOwner = await crm.access.ensureFirstOwner(DEFAULT_WORKSPACE, { email: config.adminEmail, password: config.adminPassword });
    const intelligence = createIntelligence(crm, { log: (m) => console.log(m), trainer: workerTrainer(storageConfigOf(config)) });
    // Routes first: starting the intelligence layer can keep the event loop busy (embedding demo data), and
    // plugins registering meanwhile would run past Fastify's start-up timeout.
    const app = await createApp({ crm, intelligence, logger: { level: config.logLevel }, auth: authOptionsOf(config), trustProxy: config.trustProxy });
    await intelligence.start();
    const stop = async () => {
      await app.close();
      await intelligence.stop();
      await crm.storage.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const address = await app.listen({ port: config.port, host: config.host });
    console.log(`HoloLoom CRM on ${address} (${crm.storage.dialect}; API docs at ${address}/api/docs)`);
    if (config.auth === 'off') console.warn('WARNING: AUTH=off — no sign-in; anyone who can reach this address is the owner of every workspace.');
    else if (firstOwner) printFirstOwner(firstOwner, address);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() => withCrm(async (crm) => console.log(`database ready (${crm.storage.dialect})`)));

program
  .command('import')
  .description('import companies.csv, contacts.csv, deals.csv, activities.csv from a directory (upsert by id)')
  .argument('<dir>', 'directory holding the CSV files')
  .option('--skip-invalid', 'import the valid rows of a file that has errors (default: a file with errors is not imported)')
  .action((dir: string, opts: { skipInvalid?: boolean }) =>
    withCrm(async (crm) => {
      const progress = importProgress();
      const report = await crm.importer.importDirectory(ws(), dir, { skipInvalid: opts.skipInvalid, onProgress: progress.update });
      progress.stop();
      printImportReport(report);
      if (!report.ok) process.exitCode = 1;
    }),
  );

program
  .command('export')
  .description('export every object as CSV in the import format')
  .argument('<dir>', 'directory to write the CSV files to')
  .action((dir: string) =>
    withCrm(async (crm) => {
      const report = await crm.exporter.exportDirectory(ws(), dir);
      for (const f of report.files) console.log(`${f.file}: ${f.rows} rows`);
    }),
  );

program
  .command('seed')
  .description('load demo data: the shared data set beside the repo, or the built-in sample')
  .option('--sample', 'load the small built-in sample')
  .option('--dir <dir>', 'load CSV files from this directory')
  .action((opts: { sample?: boolean; dir?: string }) =>
    withCrm(async (crm, config) => {
      const dir = opts.dir ?? (opts.sample ? SAMPLE_DATA_DIR : demoDataDir(config));
      const progress = importProgress();
      const report = await loadDemoData(crm, dir, { onProgress: progress.update });
      progress.stop();
      printImportReport(report);
      if (!report.ok) process.exitCode = 1;
    }),
  );

program
  .command('duplicates')
  .description('list likely duplicate pairs with the reason')
  .argument('<object>', 'contacts or companies', entityArg)
  .option('--json', 'print JSON')
  .action((entity: EntityDef, opts: { json?: boolean }) =>
    withCrm(async (crm) => {
      const pairs = await crm.records.duplicatePairs(ws(), entity);
      if (opts.json) return console.log(JSON.stringify(pairs, null, 2));
      for (const p of pairs) console.log(`${p.a}  ${p.a_name}  ⇄  ${p.b}  ${p.b_name}  (${p.reasons.join('; ')})`);
      console.log(`${pairs.length} likely duplicate ${entity.name} pairs`);
    }),
  );

program
  .command('merge')
  .description('merge records into a survivor (moves deals, activities and timeline; fills empty fields)')
  .argument('<object>', 'contacts or companies', entityArg)
  .argument('<survivor>', 'id of the record that stays')
  .argument('<merged...>', 'ids of the records merged into it')
  .option('--keep <field=id...>', 'where the records disagree, keep this record\'s value of the field (default: the survivor\'s; the newest date)')
  .action((entity: EntityDef, survivor: string, merged: string[], o: { keep?: string[] }) =>
    withCrm(async (crm) => {
      if (!MERGEABLE.includes(entity.name)) throw new CrmError('validation', `${entity.plural} cannot be merged`);
      const choices: Record<string, string> = {};
      for (const k of o.keep ?? []) {
        const [field, id] = k.split('=');
        if (!field || !id) throw new CrmError('validation', `--keep ${k}: write field=id, e.g. --keep title=${merged[0]}`);
        choices[field] = id;
      }
      const r = await crm.merge.merge(ws(), entity.name, survivor, merged, { source: 'cli', actor: 'cli', choices });
      console.log(`merged ${r.merged.join(', ')} into ${survivor}`);
      for (const [f, v] of Object.entries(r.filled)) console.log(`  ${f} ← ${JSON.stringify(v.value)} (from ${v.from})`);
      for (const [what, n] of Object.entries(r.moved)) console.log(`  moved ${n} ${what}`);
    }),
  );

program
  .command('embed')
  .description('embed queued records into semantic memory now (--all: re-queue every record first, e.g. after a model change)')
  .option('--all', 'queue every record of the workspace (unchanged texts are skipped by content hash)')
  .action((opts: { all?: boolean }) =>
    withCrm(async (crm) => {
      const intelligence = createIntelligence(crm, { worker: false });
      try {
        const now = toTimestamp(crm.clock.now());
        if (opts.all) console.log(`queued ${await enqueueAll(crm.storage, ws(), now)} records`);
        const stats = await crm.storage.jobs.stats(EMBED_QUEUE, now);
        const progress = countProgress('embedding', stats.ready);
        const started = Date.now();
        const report = await intelligence.worker.drain((r) => progress.increment(r.claimed));
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `${report.embedded} embedded, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed} failed` +
            ` in ${seconds.toFixed(1)} s (${(report.embedded / Math.max(seconds, 1e-3)).toFixed(0)} shards/s, ${intelligence.provider.model})`,
        );
        if (report.failed > 0) process.exitCode = 1;
      } finally {
        await intelligence.stop();
      }
    }),
  );

program
  .command('worker')
  .description('run an embedding and retraining worker until stopped (several may share one PostgreSQL database)')
  .option('--interval <ms>', 'how often to look for new work', '1000')
  .action(async (opts: { interval: string }) => {
    const config = loadConfig();
    const { crm } = await openCrm(config);
    const intelligence = createIntelligence(crm, { worker: false, trainer: workerTrainer(storageConfigOf(config)), log: (m) => console.log(m) });
    intelligence.worker.start(Number(opts.interval));
    intelligence.retrain?.start();
    console.log(`embedding worker ${intelligence.worker.workerId} running (${intelligence.provider.model}, ${crm.storage.dialect}); Ctrl-C stops it`);
    const stop = async () => {
      await intelligence.stop();
      await crm.storage.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('similar')
  .description('records most like a given one, with reasons ("contacts like Alice")')
  .argument('<object>', 'contacts, companies or deals', entityArg)
  .argument('<id>', 'the record to compare with')
  .option('-n, --limit <n>', 'how many', '10')
  .option('--json', 'print JSON')
  .action((entity: EntityDef, id: string, opts: { limit: string; json?: boolean }) =>
    withCrm(async (crm) => {
      if (!SIMILAR_ENTITIES.includes(entity.name)) throw new CrmError('validation', `similar records are available for contacts, companies and deals, not ${entity.plural}`);
      const intelligence = createIntelligence(crm, { worker: false });
      try {
        await intelligence.memory.load();
        const results = await intelligence.similarity.similar(ws(), entity.name, id, Number(opts.limit));
        if (opts.json) return console.log(JSON.stringify({ results }, null, 2));
        for (const r of results) console.log(`${r.id}  ${r.score.toFixed(3)}  ${r.reasons.join('; ')}`);
      } finally {
        await intelligence.stop();
      }
    }),
  );

program
  .command('search')
  .description('semantic search: meaning and words ("people worried about compliance audits")')
  .argument('<text>', 'what to look for')
  .option('-e, --entity <entity>', 'contact, company, deal or activity', 'contact')
  .option('-n, --limit <n>', 'how many', '10')
  .option('--json', 'print JSON')
  .action((text: string, opts: { entity: string; limit: string; json?: boolean }) =>
    withCrm(async (crm) => {
      const entity = entityArg(opts.entity);
      const intelligence = createIntelligence(crm, { worker: false });
      try {
        await intelligence.memory.load();
        const found = await intelligence.search.search(ws(), entity.name, text, { limit: Number(opts.limit) });
        if (opts.json) return console.log(JSON.stringify(found, null, 2));
        console.error(`understood: ${found.interpretation.explanation}`);
        for (const r of found.results) console.log(`${r.id}  ${r.score.toFixed(3)}`);
      } finally {
        await intelligence.stop();
      }
    }),
  );

program
  .command('query')
  .description('a natural-language query ("open fintech deals over $50k", "how many deals are in negotiation?")')
  .argument('<text>', 'what you want, in words')
  .option('-n, --limit <n>', 'most records to return', '50')
  .option('--json', 'print the answer as the HTTP API returns it')
  .action((text: string, opts: { limit: string; json?: boolean }) =>
    withCrm(async (crm) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CrmError('validation', `--limit must be a whole number above 0, got "${opts.limit}"`);
      const intelligence = createIntelligence(crm, { worker: false });
      try {
        await intelligence.memory.load();
        const answer = await intelligence.nlq.query(ws(), text, limit);
        if (opts.json) return console.log(JSON.stringify(answer, null, 2));
        console.error(`understood: ${answer.interpretation.explanation}`);
        if (answer.value !== undefined) console.log(`${answer.value ?? '—'}`);
        for (const g of answer.groups ?? []) console.log(`${g.label}\t${g.value ?? '—'}\t(${g.count})`);
        const def = ENTITIES[answer.entity];
        for (const r of answer.results) console.log(`${r.id}  ${r.score.toFixed(3)}  ${displayName(def, r)}`);
        if (answer.value === undefined) console.error(`${answer.results.length} of ${answer.total}`);
      } finally {
        await intelligence.stop();
      }
    }),
  );

const model = program.command('model').description('learned deal and lead scores: train, evaluate, list, rollback');

const targetOption = (value: string): TargetName => {
  if (!(value in TARGETS)) throw new CrmError('validation', `unknown target "${value}"; use deal or lead`);
  return value as TargetName;
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
  console.log(`default strategy: ${r.best}`);
  for (const w of r.warnings) console.log(`warning: ${w}`);
}

model
  .command('evaluate')
  .description('time-based split of outcomes: AUC, Brier, log-loss, calibration and a learning curve for every strategy')
  .option('-t, --target <target>', 'deal (win probability) or lead (becoming a customer); default both', targetOption)
  .option('--json', 'print JSON')
  .action((opts: { target?: TargetName; json?: boolean }) =>
    withCrm(async (crm) => {
      const scoring = new ScoringService(crm.storage, crm.clock);
      const reports = [];
      for (const t of opts.target ? [opts.target] : (Object.keys(TARGETS) as TargetName[])) reports.push(await scoring.evaluate(ws(), t));
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
    withCrm(async (crm) => {
      const report = await new ScoringService(crm.storage, crm.clock).train(ws());
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
    withCrm(async (crm) => {
      const status = await new ScoringService(crm.storage, crm.clock).status(ws());
      for (const t of status.targets) console.log(`${t.target}: default strategy ${t.default}`);
      for (const v of status.versions) console.log(`${v.strategy} v${v.version}  ${v.trained_at}  ${v.active ? 'active' : 'retired'}`);
    }),
  );

model
  .command('rollback')
  .description('retire the current version of a strategy; the previous one scores again')
  .argument('<strategy>', STRATEGIES.join(', '))
  .option('-t, --target <target>', 'deal or lead', targetOption, 'deal' as TargetName)
  .action((strategy: string, opts: { target: TargetName }) =>
    withCrm(async (crm) => {
      if (!STRATEGIES.includes(strategy as StrategyName)) throw new CrmError('validation', `unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')}`);
      const v = await new ScoringService(crm.storage, crm.clock).rollback(ws(), opts.target, strategy as StrategyName);
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
    withCrm(async (crm) => {
      if (strategy !== 'auto' && !STRATEGIES.includes(strategy as StrategyName)) throw new CrmError('validation', `unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')} or auto`);
      const now = await new ScoringService(crm.storage, crm.clock).rollout(ws(), opts.target, strategy === 'auto' ? null : (strategy as StrategyName));
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
    withCrm(async (crm) => {
      const e = await new ScoringService(crm.storage, crm.clock).experiments.start(ws(), { name: opts.name, target: opts.target, variants: strategies });
      console.log(`started ${e.id}: ${e.name}`);
    }),
  );

experiment
  .command('list')
  .description('experiments, newest first')
  .action(() =>
    withCrm(async (crm) => {
      for (const e of await new ScoringService(crm.storage, crm.clock).experiments.list(ws())) {
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
    withCrm(async (crm) => {
      const r = await new ScoringService(crm.storage, crm.clock).experiments.results(ws(), id);
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
    withCrm(async (crm) => {
      const e = await new ScoringService(crm.storage, crm.clock).experiments.stop(ws(), id);
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
    withCrm(async (crm) => {
      const scoring = new ScoringService(crm.storage, crm.clock);
      const isContact = (await crm.storage.records.get(ws(), ENTITIES.contact, id)) !== undefined;
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

accessCommands(program, withCrm, ws);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CrmError) {
    console.error(`error: ${e.message}`);
    for (const d of e.details) if (d.field && !e.message.includes(d.message)) console.error(`  ${d.field}: ${d.message}`);
  } else console.error(e instanceof Error ? `error: ${e.message}` : e);
  process.exitCode = process.exitCode || 2;
});
