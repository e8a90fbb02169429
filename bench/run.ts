/**
 * `npm run bench`: prints the figures the issues set targets for and writes them to bench/results/latest.json.
 *
 *   npm run bench                          # everything, both backends, 100k contacts / 1M activities
 *   npm run bench -- --only core --backend sqlite
 *   npm run bench -- --only memory --only quality   # sections: core memory quality embeddings vectors scoring
 *   npm run bench -- --contacts 20000 --activities 200000   # smaller, faster
 *   npm run bench -- --only core --reuse   # latency again on the databases the last run imported
 *   npm run bench -- --only import --backend sqlite   # a 100k-row API import with PATCHes and GETs beside it
 *   npm run bench -- --only hostile   # nested-JSON bodies without sign-in: time to refuse, /health under a flood
 *   npm run bench -- --only query-wait   # how long a question's text waits for its vector while a server embeds an import (not in the default set)
 *   npm run bench -- --only overhead   # request overhead: get-by-id and /health against a bare Fastify route (not in the default set)
 *   npm run bench -- --only heldout-pipeline   # deal scores on held-out worlds' open pipelines (seeds 1–3)
 *   npm run bench -- --only nba-latency --backend sqlite   # next-best action: next-action p95, outcome round trip, pairs/s
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchCore, PG_URL, type CoreFigures } from './core.js';
import { generateScaledSet } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../shared/data/crm');
const DEMO = path.resolve(here, '../demo');

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    backend: { type: 'string', default: 'all' },
    contacts: { type: 'string', default: '100000' },
    activities: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '300' },
    reuse: { type: 'boolean', default: false },
    'import-rows': { type: 'string', default: '100000' },
    out: { type: 'string', default: path.join(here, 'results/latest.json') },
  },
});

const sections = new Set(args.only ?? ['core', 'memory', 'quality', 'embeddings', 'vectors', 'scoring', 'import', 'hostile']);
const log = (line: string) => console.log(line);

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

// Sections not run now keep their figures from the last run that had them.
const previous = fs.existsSync(args.out!) ? (JSON.parse(fs.readFileSync(args.out!, 'utf8')) as Record<string, unknown>) : {};
const results: Record<string, unknown> = {
  ...previous,
  at: new Date().toISOString(),
  machine: { cpus: os.availableParallelism(), memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
};

function save() {
  fs.mkdirSync(path.dirname(args.out!), { recursive: true });
  fs.writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
}

if (sections.has('core')) {
  const sharedDir = fs.existsSync(path.join(SHARED, 'companies.csv')) ? SHARED : DEMO;
  const target = { contacts: Number(args.contacts), activities: Number(args.activities) };
  const scaledDir = path.join(here, '.data', `scaled-${target.contacts}-${target.activities}`);
  const workDir = path.join(here, '.data', 'work');
  if (!fs.existsSync(path.join(scaledDir, 'activities.csv'))) {
    log(`generating ${target.contacts} contacts / ${target.activities} activities from ${sharedDir} …`);
    const t = Date.now();
    const set = await generateScaledSet(sharedDir, scaledDir, target);
    log(`  ${JSON.stringify(set.counts)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const backends: ('sqlite' | 'postgres')[] = args.backend === 'all' ? ['sqlite', 'postgres'] : [args.backend as 'sqlite' | 'postgres'];
  const core: CoreFigures[] = [];
  for (const backend of backends) {
    if (backend === 'postgres' && !(await postgresReachable())) {
      log(`\nPostgreSQL at ${PG_URL} is not reachable: PostgreSQL figures SKIPPED`);
      continue;
    }
    log(`\n== core on ${backend} (shared data set from ${sharedDir}; scaled set ${scaledDir}) ==`);
    const figures = await benchCore({ backend, sharedDir, scaledDir, workDir, iterations: Number(args.iterations), reuse: args.reuse, log });
    if (args.reuse) {
      // Keep the import figures of the run that imported.
      const before = ((previous.core as CoreFigures[] | undefined) ?? []).find((c) => c.backend === backend);
      if (before) Object.assign(figures, { ...before, latency: figures.latency, httpConnectionErrors: figures.httpConnectionErrors });
    }
    core.push(figures);
    results.core = core;
    save();
  }
  for (const c of core) {
    const worst = (via: string, pattern: RegExp) => Math.max(...c.latency.filter((l) => l.via === via && pattern.test(l.name)).map((l) => l.p95ms));
    log(
      `\n[${c.backend}] targets: shared import ${c.sharedImportSeconds.toFixed(2)} s (< 10 s); ` +
        `p95 get ${worst('service', /get by id/).toFixed(2)} ms, worst filtered list p95 ${worst('service', /^(?!.*full-text)(?!.*get)/).toFixed(2)} ms (< 10 ms at 100k, SQLite)`,
    );
  }
}

if (sections.has('memory')) {
  const { benchMemoryLatency } = await import('./memory-latency.js');
  log('\n== semantic memory latency at scale (SQLite) ==');
  results.memory = await benchMemoryLatency(undefined, log);
  save();
}

if (sections.has('quality')) {
  const { evalMemory } = await import('./eval-memory.js');
  log('\n== semantic memory quality on ../shared/data/nlq/dev.jsonl ==');
  const q = await evalMemory({ log });
  results.quality = { provider: q.provider, similar: q.similar, semantic: q.semantic, ann: q.ann };
  log(`  ANN recall@10 on ${q.ann.vectors} real contact vectors ${q.ann.recallAt10.toFixed(3)} (128-d PCA keeps ${(q.ann.varianceKept * 100).toFixed(1)}% of the variance)`);
  log(`  "like X": graded precision@5 ${q.similar.gradedPrecisionAt5.toFixed(3)} (target ≥ 0.85); semantic search precision@10 ${q.semantic.precisionAt10.toFixed(3)} (target ≥ 0.8)`);
  save();
}

if (sections.has('embeddings')) {
  const { benchEmbeddings, contactProfileTexts } = await import('./embeddings.js');
  log('\n== embeddings ==');
  const texts = contactProfileTexts(600);
  results.embeddings = [await benchEmbeddings(texts, { workers: 1 }), await benchEmbeddings(texts)];
  for (const e of results.embeddings as { provider: string; workers: number; perSecond: number; texts: number }[]) {
    log(`  ${e.provider}, ${e.workers} worker(s): ${e.perSecond.toFixed(0)} texts/s over ${e.texts} contact profiles (target ≥ 150/s)`);
  }
  save();
}

if (sections.has('vectors')) {
  const { benchVectors } = await import('./vectors.js');
  log('\n== vector search ==');
  const v = await benchVectors(100_000, 512);
  results.vectors = v;
  log(`  ${JSON.stringify(v)}`);
  save();
}

if (sections.has('scoring')) {
  const { benchScoring } = await import('./scoring.js');
  const sharedDir = fs.existsSync(path.join(SHARED, 'companies.csv')) ? SHARED : DEMO;
  log('\n== learned scores: retrain time and scoring latency (SQLite, the shared set cloned 6×, ~10k deals) ==');
  results.scoring = await benchScoring({ sharedDir, workDir: path.join(here, '.data'), copies: 6, runs: 300, log });
  save();
  if (fs.existsSync(path.join(sharedDir, 'stage_history.csv'))) {
    const { benchPipelineBacktest } = await import('./scoring.js');
    log('\n== deal scores on the open pipeline: pipeline backtest on the shared data with its stage history ==');
    results.scoringBacktest = await benchPipelineBacktest({ sharedDir, workDir: path.join(here, '.data'), log });
    save();
  }
}

if (sections.has('heldout-pipeline')) {
  const { benchHeldoutPipeline } = await import('./heldout-pipeline.js');
  log('\n== held-out pipeline worlds (bench/heldout, seeds 1–3; never tuned on): open deals scored as GET /api/deals/{id}/score does, judged on hidden outcomes ==');
  results.heldoutPipeline = await benchHeldoutPipeline({ seeds: [1, 2, 3], workDir: path.join(here, '.data'), log });
  save();
}

if (sections.has('import')) {
  const { benchImportUnderLoad } = await import('./import.js');
  const backends: ('sqlite' | 'postgres')[] = args.backend === 'all' ? ['sqlite', 'postgres'] : [args.backend as 'sqlite' | 'postgres'];
  const figures = [];
  for (const backend of backends) {
    if (backend === 'postgres' && !(await postgresReachable())) {
      log(`\nPostgreSQL at ${PG_URL} is not reachable: import figures SKIPPED`);
      continue;
    }
    log(`\n== import under load on ${backend}: ${args['import-rows']} rows via POST /api/import, PATCH and GET beside it ==`);
    figures.push(await benchImportUnderLoad({ backend, rows: Number(args['import-rows']), pgUrl: PG_URL, log }));
  }
  results.importUnderLoad = figures;
  save();
}

if (sections.has('overhead')) {
  const { benchRequestOverhead } = await import('./request-overhead.js');
  log('\n== request overhead: bare Fastify + better-sqlite3 vs the CRM, 10 connections (autocannon), background embedding off ==');
  results.requestOverhead = await benchRequestOverhead({ log });
  save();
}

if (sections.has('query-wait')) {
  const { benchQueryWait } = await import('./embeddings-query-wait.js');
  log("\n== a question's text while the server embeds an import (USE lite threads as crm serve runs them) ==");
  results.queryWait = await benchQueryWait({ log });
  save();
}

if (sections.has('hostile')) {
  const { benchHostile } = await import('./hostile.js');
  log('\n== hostile input (SQLite, no sign-in) ==');
  results.hostile = await benchHostile(log);
  save();
}

if (sections.has('nba-latency')) {
  const { benchNbaLatency } = await import('./nba-latency.js');
  const backend = args.backend === 'postgres' ? 'postgres' : 'sqlite';
  log(`\n== next-best action latency on ${backend} (${args.contacts} contacts): next-action, outcome round trip, pairs per second ==`);
  results.nbaLatency = await benchNbaLatency({ backend, contacts: Number(args.contacts), activities: Math.min(Number(args.activities), 300_000) }, log);
  save();
}

log(`\nfigures written to ${path.relative(process.cwd(), args.out!)}`);
