/**
 * `npm run bench:nba`: next-best-action quality against the live server (issue 18). A seeded response simulation
 * (bench/nba/README.md documents its response model) is driven through the HTTP contract for each policy, each in
 * a fresh copy of the shared data set's workspace; the oracle and the best single action come from the simulator.
 *
 *   npm run bench:nba                                   # default steps, seeds 1–3, all policies
 *   npm run bench:nba -- --full                         # 50,000 outcomes per policy and seed (long)
 *   npm run bench:nba -- --steps 2000 --seeds 1 --policies thompson,fixed
 *   npm run bench:nba -- --json > nba.json              # the summary on stdout, progress on stderr
 *   npm run bench:nba -- --base /tmp/nba-base           # where the imported base database is kept (default bench/.data/nba-base)
 *   npm run bench:nba -- --world heldout                # the held-out response model (bench/nba/heldout) instead of the open one
 *
 * `fixed` in --policies means fixed:<the best single action of the seed's simulation>; fixed:<action> is taken
 * as given. Runs with every default policy merge their summary into bench/results/latest.json as `nba`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runOverHttp, type HttpRun } from './driver.js';
import { loadPopulation } from './population.js';
import { ACTIONS, isAction, type Action } from './response-model.js';
import { checkpointsFor, figuresAt, percentile, verdictOf, WINDOW_SHARE, type Checkpoint, type Verdict } from './report.js';
import { prepareBase, startServer } from './server.js';
import * as openWorld from './simulator.js';
import * as heldoutWorld from './heldout/simulator.js';

/** The worlds a run can drive; each module has the same surface (World, Trajectory, runLocal, bestSingleAction, oracleChoice). */
const WORLDS = { standard: openWorld, heldout: heldoutWorld as unknown as typeof openWorld } as const;

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED_CRM = path.resolve(here, '../../../shared/data/crm');
const RESULTS_FILE = path.resolve(here, '../results/latest.json');
/** The imported and embedded shared data set, made once (bench/.data is not committed). */
const DEFAULT_BASE = path.resolve(here, '../.data/nba-base');
export const DEFAULT_STEPS = 1_000;
const FULL_STEPS = 50_000;
const DEFAULT_POLICIES = ['thompson', 'greedy', 'epsilon-greedy', 'random', 'fixed'];

interface PolicyFigures {
  policy: string;
  checkpoints: Checkpoint[];
  latency?: { nextActionP50ms: number; nextActionP95ms: number; outcomeP50ms: number; outcomeP95ms: number; pairsPerSecond: number };
  /** Mean of the server's probabilityBest over the last WINDOW_SHARE of steps: how sure it has become. */
  recentProbabilityBest?: number;
}

interface SeedFigures {
  seed: number;
  bestSingle: { action: Action; expectedRate: number; byAction: Record<string, number> };
  policies: PolicyFigures[];
  verdict: Verdict;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function parseList(value: string, what: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`--${what} is empty`);
  return list;
}

function latencyOf(run: HttpRun, seconds: number): NonNullable<PolicyFigures['latency']> {
  const na = [...run.nextActionMs].sort((a, b) => a - b);
  const oc = [...run.outcomeMs].sort((a, b) => a - b);
  return {
    nextActionP50ms: round(percentile(na, 50), 2),
    nextActionP95ms: round(percentile(na, 95), 2),
    outcomeP50ms: round(percentile(oc, 50), 2),
    outcomeP95ms: round(percentile(oc, 95), 2),
    pairsPerSecond: round(run.results.length / seconds, 1),
  };
}

function printSeedTable(out: (s: string) => void, title: string, rows: PolicyFigures[]) {
  const cps = rows[0]?.checkpoints.map((c) => c.outcomes) ?? [];
  const width = Math.max(16, ...rows.map((r) => r.policy.length));
  out(title);
  out(`  ${'policy'.padEnd(width)}  ${cps.map((n) => `@${n.toLocaleString('en-US')}`.padStart(24)).join('')}`);
  out(`  ${''.padEnd(width)}  ${cps.map(() => 'rate  recent   regret'.padStart(24)).join('')}`);
  for (const r of rows) {
    out(`  ${r.policy.padEnd(width)}  ${r.checkpoints.map((c) => `${pct(c.responseRate).padStart(6)} ${pct(c.recentRate).padStart(6)} ${c.cumulativeRegret.toFixed(0).padStart(8)}`.padStart(24)).join('')}`);
  }
}

function meanCheckpoints(perSeed: Checkpoint[][]): Checkpoint[] {
  const first = perSeed[0] ?? [];
  return first.map((c, i) => {
    const all = perSeed.map((s) => s[i]!);
    const mean = (k: keyof Checkpoint) => all.reduce((sum, x) => sum + x[k], 0) / all.length;
    return { outcomes: c.outcomes, responseRate: mean('responseRate'), expectedRate: mean('expectedRate'), recentRate: mean('recentRate'), cumulativeRegret: mean('cumulativeRegret') };
  });
}

const roundCheckpoints = (cps: Checkpoint[]) =>
  cps.map((c) => ({ outcomes: c.outcomes, responseRate: round(c.responseRate), expectedRate: round(c.expectedRate), recentRate: round(c.recentRate), cumulativeRegret: round(c.cumulativeRegret, 1) }));

async function main() {
  const { values: args } = parseArgs({
    options: {
      steps: { type: 'string' },
      full: { type: 'boolean', default: false },
      seeds: { type: 'string', default: '1,2,3' },
      policies: { type: 'string', default: DEFAULT_POLICIES.join(',') },
      data: { type: 'string', default: SHARED_CRM },
      base: { type: 'string' },
      json: { type: 'boolean', default: false },
      world: { type: 'string', default: 'standard' },
    },
  });
  if (!Object.hasOwn(WORLDS, args.world!)) throw new Error(`--world must be one of ${Object.keys(WORLDS).join(', ')}, got "${args.world}"`);
  const worldName = args.world as keyof typeof WORLDS;
  const { bestSingleAction, FOLLOW_UP_DAYS, FOLLOW_UP_SHARE, oracleChoice, runLocal, SIM_START, STEP_MINUTES, Trajectory, World } = WORLDS[worldName];
  const out = args.json ? (s: string) => console.error(s) : (s: string) => console.log(s);
  if (args.full && args.steps) throw new Error('give --steps or --full, not both');
  const steps = args.full ? FULL_STEPS : Number(args.steps ?? DEFAULT_STEPS);
  if (!Number.isInteger(steps) || steps < 10) throw new Error(`--steps must be a whole number ≥ 10, got "${args.steps}"`);
  const seeds = parseList(args.seeds!, 'seeds').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--seeds takes whole numbers ≥ 0, got "${s}"`);
    return n;
  });
  const policies = parseList(args.policies!, 'policies');
  for (const p of policies) {
    if (p.startsWith('fixed:') && !isAction(p.slice(6))) throw new Error(`--policies: ${p} names an action outside the catalog (${ACTIONS.join(', ')})`);
    if (!p.startsWith('fixed:') && !DEFAULT_POLICIES.includes(p)) throw new Error(`--policies: unknown policy "${p}" (${DEFAULT_POLICIES.join(', ')} or fixed:<action>)`);
  }
  const dataDir = path.resolve(args.data!);
  const population = loadPopulation(dataDir);
  const checkpoints = checkpointsFor(steps);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hololoom-nba-'));
  const baseDir = path.resolve(args.base ?? DEFAULT_BASE);
  const started = performance.now();
  const perSeed: SeedFigures[] = [];
  try {
    out(`== next-best action (${worldName} world): ${population.length} contacts from ${path.relative(process.cwd(), dataDir) || dataDir}, ${steps.toLocaleString('en-US')} outcomes per policy and seed, seeds ${seeds.join(', ')} ==`);
    out(`simulated clock: from ${new Date(SIM_START).toISOString()}, ${STEP_MINUTES} min per step (${((steps * STEP_MINUTES) / 1440).toFixed(0)} days); ${pct(FOLLOW_UP_SHARE)} of steps follow up a contact up in the last ${FOLLOW_UP_DAYS} days`);
    await prepareBase(baseDir, dataDir, SIM_START, out);
    for (const seed of seeds) {
      const world = new World(population, { seed });
      const best = bestSingleAction(world, steps);
      const oracle = figuresAt(runLocal(world, steps, oracleChoice), checkpoints);
      out(`\nseed ${seed}: best single action ${best.action} (expected ${pct(best.expectedRate)}; ${ACTIONS.map((a) => `${a} ${pct(best.byAction[a])}`).join(', ')}); oracle ${pct(oracle.at(-1)!.expectedRate)}`);
      const rows: PolicyFigures[] = [{ policy: 'oracle', checkpoints: oracle }];
      for (const name of policies) {
        const policy = name === 'fixed' ? `fixed:${best.action}` : name;
        const server = await startServer(baseDir, path.join(workDir, 'run'), SIM_START);
        const t0 = performance.now();
        let run: HttpRun;
        try {
          run = await runOverHttp(new Trajectory(world), steps, policy, server, (done, results) => {
            if (done % 1000 === 0 || done === steps) {
              const last = results.slice(-1000);
              console.error(`  seed ${seed} ${policy}: ${done}/${steps}, last ${last.length}: ${pct(last.reduce((s, r) => s + r.probability, 0) / last.length)} expected, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
            }
          });
        } finally {
          await server.close();
        }
        const seconds = (performance.now() - t0) / 1000;
        const window = Math.max(1, Math.round(steps * WINDOW_SHARE));
        const recentPb = run.probabilityBest.slice(-window).filter(Number.isFinite);
        rows.push({
          policy,
          checkpoints: figuresAt(run.results, checkpoints),
          latency: latencyOf(run, seconds),
          ...(recentPb.length ? { recentProbabilityBest: round(recentPb.reduce((s, x) => s + x, 0) / recentPb.length, 3) } : {}),
        });
      }
      const fixedRow = rows.find((r) => r.policy === `fixed:${best.action}`);
      const verdict = verdictOf(rows.find((r) => r.policy === 'thompson')?.checkpoints, oracle, fixedRow?.checkpoints);
      perSeed.push({ seed, bestSingle: { action: best.action, expectedRate: round(best.expectedRate), byAction: Object.fromEntries(ACTIONS.map((a) => [a, round(best.byAction[a])])) }, policies: rows, verdict });
      printSeedTable(out, `seed ${seed} — response rate so far, recent rate (expected, last ${pct(WINDOW_SHARE)} of outcomes), cumulative regret (expected responses lost to the oracle):`, rows);
      for (const r of rows) if (r.latency) out(`  ${r.policy}: next-action p50 ${r.latency.nextActionP50ms} ms / p95 ${r.latency.nextActionP95ms} ms, outcome p50 ${r.latency.outcomeP50ms} ms / p95 ${r.latency.outcomeP95ms} ms, ${r.latency.pairsPerSecond} pairs/s${r.recentProbabilityBest !== undefined ? `, recent probabilityBest ${r.recentProbabilityBest}` : ''}`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  // Means over seeds, by policy role (fixed:<action> may differ between seeds: it is "the best single action").
  const role = (p: string, seed: SeedFigures) => (p === `fixed:${seed.bestSingle.action}` ? 'best single' : p);
  const roles = [...new Set(perSeed.flatMap((s) => s.policies.map((p) => role(p.policy, s))))];
  const mean = roles.map((r) => ({ policy: r, checkpoints: meanCheckpoints(perSeed.map((s) => s.policies.find((p) => role(p.policy, s) === r)?.checkpoints).filter((c): c is Checkpoint[] => c !== undefined)) }));
  out('');
  printSeedTable(out, `mean over seeds ${seeds.join(', ')}:`, mean);
  const verdicts = perSeed.map((s) => s.verdict);
  const all = (k: 'reaches90PctOfOracle' | 'beatsBestSingle') => (verdicts.some((v) => v[k] === null) ? null : verdicts.every((v) => v[k]));
  const summaryVerdict = {
    oracleRatioBySeed: verdicts.map((v) => (v.oracleRatio === null ? null : round(v.oracleRatio, 3))),
    reaches90PctOfOracle: all('reaches90PctOfOracle'),
    marginOverBestSingleBySeed: verdicts.map((v) => (v.marginOverBestSingle === null ? null : round(v.marginOverBestSingle))),
    beatsBestSingle: all('beatsBestSingle'),
    bestSingleComparedAt: verdicts[0]?.bestSingleComparedAt ?? null,
  };
  out('');
  if (summaryVerdict.reaches90PctOfOracle === null) out('thompson vs oracle: not measured (thompson was not run)');
  else out(`thompson vs oracle at ${steps.toLocaleString('en-US')} outcomes (recent rate): ${summaryVerdict.oracleRatioBySeed.map((x) => `${x}×`).join(', ')} — ${summaryVerdict.reaches90PctOfOracle ? 'reaches' : 'does NOT reach'} 0.9× on every seed${steps < FULL_STEPS ? ` (the issue's bar is at ${FULL_STEPS.toLocaleString('en-US')}; run with --full)` : ''}`);
  if (summaryVerdict.beatsBestSingle === null) out('thompson vs best single action: not measured (thompson or fixed was not run)');
  else out(`thompson vs best single action at ${summaryVerdict.bestSingleComparedAt?.toLocaleString('en-US')} outcomes (recent rate): margins ${summaryVerdict.marginOverBestSingleBySeed.map((m) => (m === null ? '–' : `${m >= 0 ? '+' : ''}${(m * 100).toFixed(1)} pts`)).join(', ')} — ${summaryVerdict.beatsBestSingle ? 'beats it' : 'does NOT beat it'} on every seed${steps < 10_000 ? ' (the issue asks by 10,000; this run is shorter)' : ''}`);
  out(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const summary = {
    at: new Date().toISOString(),
    settings: { world: worldName, steps, seeds, policies, contacts: population.length, stepMinutes: STEP_MINUTES, followUpShare: FOLLOW_UP_SHARE, windowShare: WINDOW_SHARE, backend: 'sqlite' },
    seeds: perSeed.map((s) => ({ ...s, policies: s.policies.map((p) => ({ ...p, checkpoints: roundCheckpoints(p.checkpoints) })) })),
    mean: mean.map((m) => ({ policy: m.policy, checkpoints: roundCheckpoints(m.checkpoints) })),
    verdict: summaryVerdict,
    seconds: round((performance.now() - started) / 1000, 1),
  };
  // The figures of record are the open world's; a held-out run is printed (and --json), not merged.
  if (worldName === 'standard' && DEFAULT_POLICIES.every((p) => policies.includes(p))) {
    const previous = fs.existsSync(RESULTS_FILE) ? (JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>) : {};
    const results = { ...previous, at: summary.at, machine: { cpus: os.availableParallelism(), memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, nba: summary };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    out(`summary merged into ${path.relative(process.cwd(), RESULTS_FILE)} as "nba"`);
  }
  if (args.json) console.log(JSON.stringify(summary, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    await main();
  } catch (e) {
    console.error(`bench:nba could not run: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
