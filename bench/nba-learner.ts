/**
 * The next-best-action learner in-process, at thousands of steps a second: the real learner objects of
 * src/intelligence/decisions (contexts and features, the posterior, the policies) driven by bench/nba's open
 * response model, without HTTP or storage, so 50,000-step runs take minutes instead of hours. What the server
 * reads from its database is rebuilt here from the shared data's CSV files and the run's own recommendations:
 * the contact and company records, the imported e-mails, calls and meetings, and the touches the run made —
 * exactly the inputs of `NextActionService.contextFor` (the recommendations of the fatigue window, a `wait`
 * not counting). Agreement with the HTTP bench is checked by `--policies greedy`: greedy has no randomness, so
 * the same learner must choose the same actions as `npm run bench:nba -- --policies greedy` at every step.
 *
 *   npx tsx bench/nba-learner.ts                                  # thompson, greedy, epsilon-greedy, fixed, oracle; 50,000 steps; seeds 1–3
 *   npx tsx bench/nba-learner.ts --steps 10000 --seeds 1 --policies thompson,greedy
 *   npx tsx bench/nba-learner.ts --world heldout                  # another world module (bench/nba/<world>), when one exists
 *   npx tsx bench/nba-learner.ts --json                           # the summary as JSON on stdout
 *
 * Printed per seed and as a mean: recent rate (mean true probability of the chosen actions over the last 20 % of
 * outcomes before the checkpoint, as bench/nba reports it) ÷ the oracle's, at 1k/5k/10k/20k/50k.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { estimate, RESPONSE_HISTORY_DAYS, LONG_TOUCH_DAYS, DEFAULT_ACTIONS, DEFAULT_FATIGUE_DAYS, DEFAULT_LEARNER_OPTIONS, NbaLearner, policyByName, setContactEffectVariance, setFeaturePriorVariance, setGroupVarianceFloor, setSharedDeviationMin, setSharedGroupVariances, setDeviationStart, setPreferenceEm, setPreferenceHalfLife, type LearnerOptions, type TouchHistory } from '../src/intelligence/decisions/index.js';
import { mulberry32 } from '../src/intelligence/scoring/learn/rng.js';
import { loadPopulation } from './nba/population.js';
import { figuresAt, type Checkpoint } from './nba/report.js';
import { bestSingleAction, oracleChoice, runLocal, Trajectory, World, type StepResult } from './nba/simulator.js';
import type { Action } from './nba/response-model.js';
import type { SimContact } from './nba/population.js';
import { describeFamilyWorld, familySpec, familyWorldModule, variantSpec, VARIANTS, type VariantName } from './nba/family.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED_CRM = path.resolve(here, '../../shared/data/crm');
const DAY_MS = 86_400_000;
const CHECKPOINTS = [1_000, 5_000, 10_000, 20_000, 50_000];
type Row = Record<string, string>;

/** The records the server would read for each simulated contact, as the importer stores them. */
export interface CrmView {
  contacts: Map<string, Record<string, unknown>>;
  companies: Map<string, Record<string, unknown>>;
  /** Imported e-mails, calls and meetings per contact (occurred_at, ms), which count as touches. */
  activityTimes: Map<string, number[]>;
}

export function loadCrmView(dir: string): CrmView {
  const read = (name: string) => parse(fs.readFileSync(path.join(dir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
  const nonEmpty = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s);
  const companies = new Map<string, Record<string, unknown>>();
  for (const c of read('companies.csv')) companies.set(c.id!, { id: c.id, industry: nonEmpty(c.industry), employees: c.employees?.trim() ? Number(c.employees) : null, country: nonEmpty(c.country) });
  const activityTimes = new Map<string, number[]>();
  const lastActivity = new Map<string, number>();
  for (const a of read('activities.csv')) {
    if (!a.contact_id || !['email', 'call', 'meeting'].includes(a.type ?? '')) continue;
    const t = Date.parse(a.occurred_at ?? '');
    if (Number.isNaN(t)) continue;
    (activityTimes.get(a.contact_id) ?? activityTimes.set(a.contact_id, []).get(a.contact_id)!).push(t);
    lastActivity.set(a.contact_id, Math.max(lastActivity.get(a.contact_id) ?? 0, t));
  }
  const contacts = new Map<string, Record<string, unknown>>();
  for (const c of read('contacts.csv')) {
    contacts.set(c.id!, {
      id: c.id,
      title: nonEmpty(c.title),
      company_id: nonEmpty(c.company_id),
      lead_source: nonEmpty(c.lead_source),
      lead_status: nonEmpty(c.lead_status),
      last_contacted_at: nonEmpty(c.last_contacted_at),
      tags: (c.tags ?? '').split(';').map((s) => s.trim()).filter(Boolean),
      notes: nonEmpty(c.notes),
      created_at: nonEmpty(c.created_at),
    });
  }
  return { contacts, companies, activityTimes };
}

/** One simulated contact's outreach as the server's tables would hold it: recommendations (time, action, outcome). */
export class TouchLog {
  private readonly byContact = new Map<string, { at: number; action: string; responded?: boolean }[]>();

  add(contactId: string, at: number, action: string, responded: boolean) {
    (this.byContact.get(contactId) ?? this.byContact.set(contactId, []).get(contactId)!).push({ at, action, responded });
  }

  /** What NextActionService.touchHistory reads: recommendations in the window, imported activities, the answers so far. */
  historyOf(view: CrmView, contactId: string, now: number, fatigueDays: number): TouchHistory {
    const since = now - fatigueDays * DAY_MS;
    const all = this.byContact.get(contactId) ?? [];
    const recs = all.filter((r) => r.at > since);
    const activities = (view.activityTimes.get(contactId) ?? []).filter((t) => t >= since).length;
    const answersSince = now - RESPONSE_HISTORY_DAYS * DAY_MS;
    const outcomes = all.filter((r) => r.at > answersSince && r.responded !== undefined).map((r) => ({ at: new Date(r.at), action: r.action, responded: r.responded! }));
    // A month's touches (features.ts LONG_TOUCH_DAYS): what the service reads when `longTouches` is on.
    const longSince = now - Math.max(fatigueDays, LONG_TOUCH_DAYS) * DAY_MS;
    const longTouches = all.filter((r) => r.at > longSince && r.action !== 'wait').length + (view.activityTimes.get(contactId) ?? []).filter((t) => t >= longSince).length;
    return { recommendations: recs.map((r) => ({ at: new Date(r.at), action: r.action })), activities, outcomes, longTouches };
  }
}

export interface LearnerRun {
  results: StepResult[];
  seconds: number;
  /** Mean wall time of `estimate` per decision (µs): what a policy's view of the posterior costs on the request path. */
  estimateMicros?: number;
}

/** One policy's run: the real learner, the simulator's world, `steps` outcomes. */
/** What a world's trajectory offers (the open world's and the held-out one's have the same surface). */
interface WorldTrajectory {
  peek(): { contact: { id: string }; at: number; probabilities?: Record<Action, number> };
  act(action: Action): StepResult;
  /** Family worlds only (diagnostics, never the product): channel-free probabilities and perfect features. */
  diagnostics?(): { observable: Record<Action, number>; features: (action: string) => readonly string[] };
}

export function runLearner(
  world: World,
  view: CrmView,
  policyName: string,
  steps: number,
  opts: { seed: number; draws?: number; learner?: LearnerOptions; trajectory?: (world: World) => WorldTrajectory; oracleFeatures?: boolean; fullFeedback?: boolean },
): LearnerRun {
  const policy = policyByName(policyName);
  if (!policy) throw new Error(`unknown policy ${policyName}`);
  const rng = mulberry32(opts.seed * 7919 + 17 + policySeed * 1_000_003);
  const learner = new NbaLearner(opts.learner ?? DEFAULT_LEARNER_OPTIONS);
  const fullRng = mulberry32(opts.seed * 104_729 + 3);
  const touches = new TouchLog();
  const catalog = [...DEFAULT_ACTIONS];
  const trajectory: WorldTrajectory = opts.trajectory ? opts.trajectory(world) : new Trajectory(world);
  const results: StepResult[] = [];
  const t0 = performance.now();
  let estimateMs = 0;
  for (let i = 0; i < steps; i++) {
    const { contact, at, probabilities } = trajectory.peek();
    const record = view.contacts.get(contact.id);
    if (!record) throw new Error(`contact ${contact.id} is not in the data directory`);
    const company = typeof record.company_id === 'string' ? view.companies.get(record.company_id) : undefined;
    const now = new Date(at);
    const context = learner.context(record, company, touches.historyOf(view, contact.id, at, DEFAULT_FATIGUE_DAYS), now);
    // Diagnostic only: the same posterior and policy on the world's own features instead of the CRM's.
    const perfect = opts.oracleFeatures ? trajectory.diagnostics?.().features : undefined;
    if (opts.oracleFeatures && !perfect) throw new Error('oracle features: only family worlds offer them');
    // Thompson's choice is one posterior draw whichever the number of draws behind probabilityBest; fewer are faster.
    const te = performance.now();
    const est = perfect ? estimate(learner.posterior, perfect, catalog, rng, opts.draws ?? 0) : learner.estimate(context, catalog, rng, opts.draws ?? 0);
    estimateMs += performance.now() - te;
    const choice = policy.choose(est, rng);
    const result = trajectory.act(choice.action as Action);
    touches.add(contact.id, at, choice.action, result.responded);
    if (perfect) learner.posterior.update(choice.action, perfect(choice.action), result.responded);
    else learner.learn(choice.action, context, result.responded);
    // Diagnostic only: every other action's outcome as well (drawn from its true probability), as if nothing had to
    // be explored — what the model would know with full feedback, to split exploration's cost from estimation's.
    if (opts.fullFeedback && probabilities)
      for (const a of catalog) {
        if (a === choice.action) continue;
        const y = fullRng() < probabilities[a as Action];
        if (perfect) learner.posterior.update(a, perfect(a), y);
        else learner.learn(a, context, y);
      }
    results.push(result);
  }
  const effects = (learner.posterior as { effects?: { variances: unknown; size: number } }).effects;
  const prefs = (learner.posterior as { preferences?: { size: number; pu: Float64Array; pv: Float64Array; halfLifeHours: number; lastScores?: number[]; spread(): { u: number; v: number } } }).preferences;
  if (prefs && prefs.size > 0) console.error(`    ${policyName}: contact traits over ${prefs.size} contacts, sd u ${prefs.spread().u.toFixed(3)}, v ${prefs.spread().v.toFixed(3)}; π_v ${Array.from(prefs.pv, (x) => x.toFixed(3)).join(' ')}; half-life ${(prefs.halfLifeHours / 24).toFixed(1)} d${prefs.lastScores ? ` (prequential scores ${prefs.lastScores.map((s) => s.toFixed(1)).join(' ')})` : ''}`);
  if (effects && effects.size > 0) console.error(`    ${policyName}: learned offset variances ${JSON.stringify(effects.variances, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(4) : v))} over ${effects.size} contacts`);
  return { results, seconds: (performance.now() - t0) / 1000, estimateMicros: (1000 * estimateMs) / Math.max(1, steps) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

type WorldModule = Pick<typeof import('./nba/simulator.js'), 'runLocal' | 'bestSingleAction' | 'oracleChoice'> & {
  World: new (population: SimContact[], opts: { seed: number }) => unknown;
  Trajectory: new (world: never) => WorldTrajectory;
};

/** A world by name: the open one (default), `family:<k>` (bench/nba/family.ts) or another module under bench/nba/<name>/. */
async function worldModule(name: string | undefined): Promise<WorldModule> {
  if (!name || name === 'open') return { World, Trajectory, runLocal, bestSingleAction, oracleChoice } as unknown as WorldModule;
  const family = /^family:(\d+)$/.exec(name);
  if (family) return familyWorldModule(Number(family[1])) as unknown as WorldModule;
  const variant = /^variant:(\w+)$/.exec(name);
  if (variant) {
    if (!(VARIANTS as readonly string[]).includes(variant[1]!)) throw new Error(`unknown variant ${variant[1]} (known: ${VARIANTS.join(', ')})`);
    return familyWorldModule(0, variant[1] as VariantName) as unknown as WorldModule;
  }
  return (await import(`./nba/${name}/simulator.js`)) as unknown as WorldModule;
}

interface SeedRows {
  seed: number;
  bestSingle: string;
  rows: { policy: string; checkpoints: Checkpoint[]; ratio: number[]; seconds?: number }[];
}

/** Runs the oracle, the best single action and each policy for one seed of one world. */
function runSeed(sim: WorldModule, population: SimContact[], view: CrmView, seed: number, steps: number, checkpoints: number[], policies: string[], learnerOptions: LearnerOptions, draws: number): SeedRows {
  const world = new sim.World(population, { seed });
  const oracle = figuresAt(sim.runLocal(world as World, steps, sim.oracleChoice), checkpoints);
  const best = sim.bestSingleAction(world as World, Math.min(steps, 10_000));
  const rows: SeedRows['rows'] = [{ policy: 'oracle', checkpoints: oracle, ratio: oracle.map(() => 1) }];
  for (const name of policies) {
    const policy = name === 'fixed' ? `fixed:${best.action}` : name;
    // Diagnostics (family worlds): `observable-oracle` — the best action without the contact's own channel preference,
    // the ceiling of any learner of the CRM's fields; `<policy>@perfect` — the learner on the world's own features.
    const [base, variant] = policy.split('@') as [string, string | undefined];
    const run: LearnerRun = policy === 'observable-oracle'
      ? (() => {
          const t0 = performance.now();
          const path = new sim.Trajectory(world as never);
          const results: StepResult[] = [];
          for (let i = 0; i < steps; i++) {
            const p = path.diagnostics!().observable;
            results.push(path.act(sim.oracleChoice(p)));
          }
          return { results, seconds: (performance.now() - t0) / 1000 };
        })()
      : variant === 'perfect' || variant === 'full' || variant === 'perfect+full'
      ? runLearner(world as World, view, base, steps, { seed, draws, learner: learnerOptions, trajectory: (w) => new sim.Trajectory(w as never), oracleFeatures: variant.startsWith('perfect'), fullFeedback: variant.endsWith('full') })
      : policy.startsWith('fixed:')
      ? (() => {
          const t0 = performance.now();
          const results = sim.runLocal(world as World, steps, () => policy.slice('fixed:'.length) as Action);
          return { results, seconds: (performance.now() - t0) / 1000 };
        })()
      : runLearner(world as World, view, policy, steps, { seed, draws, learner: learnerOptions, trajectory: (w) => new sim.Trajectory(w as never) });
    const cps = figuresAt(run.results, checkpoints);
    rows.push({ policy, checkpoints: cps, ratio: cps.map((c, i) => c.recentRate / oracle[i]!.recentRate), seconds: run.seconds });
    console.error(`  seed ${seed} ${policy}: ${steps} steps in ${run.seconds.toFixed(1)} s (${Math.round(steps / run.seconds)} steps/s${run.estimateMicros !== undefined ? `; estimate ${run.estimateMicros.toFixed(1)} µs per decision` : ''})`);
  }
  return { seed, bestSingle: best.action, rows };
}

/**
 * `--learner …,policySeed=K` (bench only): the policy's own random numbers (Thompson's draws) from another stream,
 * the world, its schedule and its dice unchanged — the same learner again with other exploration luck, to measure
 * how much a world's figure moves by chance alone (0: the suite's usual stream).
 */
let policySeed = 0;

/** `--learner k=v,…` on top of the defaults. */
export function learnerOptionsOf(spec: string): LearnerOptions {
  const learnerOptions: LearnerOptions = { ...DEFAULT_LEARNER_OPTIONS };
  for (const kv of spec.split(',').filter(Boolean)) {
    const [k, v] = kv.split('=') as [string, string];
    if (k === 'contactVariance') setContactEffectVariance(Number(v));
    else if (k === 'priorVariance') setFeaturePriorVariance(Number(v));
    else if (k === 'groupFloor') setGroupVarianceFloor(Number(v));
    else if (k === 'deviationMin') setSharedDeviationMin(Number(v));
    else if (k === 'sharedArd') setSharedGroupVariances(v === 'true');
    else if (k === 'deviationStart') setDeviationStart(Number(v));
    else if (k === 'emFirst') setPreferenceEm({ first: Number(v) });
    else if (k === 'emLater') setPreferenceEm({ later: Number(v) });
    else if (k === 'traitStart') setPreferenceEm({ startSd: Number(v) });
    else if (k === 'traitBurnIn') setPreferenceEm({ burnIn: Number(v) });
    else if (k === 'halfLifeDays') setPreferenceHalfLife(Number(v));
    else if (k === 'policySeed') policySeed = Number(v);
    else if (k === 'covariance') learnerOptions.covariance = v as LearnerOptions['covariance'];
    else if (typeof (learnerOptions as unknown as Record<string, unknown>)[k] === 'number') (learnerOptions as unknown as Record<string, number>)[k] = Number(v);
    else if (k in learnerOptions) (learnerOptions as unknown as Record<string, boolean>)[k] = v === 'true';
    else throw new Error(`--learner: unknown option ${k}`);
  }
  return learnerOptions;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      steps: { type: 'string', default: '50000' },
      seeds: { type: 'string' },
      policies: { type: 'string' },
      data: { type: 'string', default: SHARED_CRM },
      world: { type: 'string' },
      /** The family suite: the open world and family worlds 1..N (bench/nba/family.ts), thompson by default, seeds 1,2. */
      suite: { type: 'boolean', default: false },
      worlds: { type: 'string', default: '6' },
      /** The suite's newer worlds beside the family (bench/nba/family.ts variantSpec): `all` or a list; `none` by default. */
      variants: { type: 'string', default: 'none' },
      /** The suite on exactly these worlds (e.g. open,family:2,variant:timing) instead of open + family + variants. */
      only: { type: 'string' },
      draws: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      /** Learner variants to compare, e.g. covariance=diagonal,repeat=false,contactEffect=true,contactVariance=0.25 */
      learner: { type: 'string', default: '' },
    },
  });
  const out = args.json ? (s: string) => console.error(s) : (s: string) => console.log(s);
  const steps = Number(args.steps);
  const seeds = (args.seeds ?? (args.suite ? '1,2' : '1,2,3')).split(',').map(Number);
  const policies = (args.policies ?? (args.suite ? 'thompson,fixed' : 'thompson,greedy,epsilon-greedy,fixed')).split(',').map((s) => s.trim()).filter(Boolean);
  const dataDir = path.resolve(args.data!);
  const learnerOptions = learnerOptionsOf(args.learner!);
  const population = loadPopulation(dataDir);
  const view = loadCrmView(dataDir);
  const checkpoints = [...CHECKPOINTS.filter((c) => c < steps), steps];
  const draws = Number(args.draws);
  if (args.suite) {
    const variants = args.variants === 'all' ? [...VARIANTS] : args.variants === 'none' ? [] : args.variants!.split(',');
    const worlds = args.only ? args.only.split(',') : ['open', ...Array.from({ length: Number(args.worlds) }, (_, i) => `family:${i + 1}`), ...variants.map((v) => `variant:${v}`)];
    await suite({ worlds, seeds, steps, checkpoints, policies, learnerOptions, draws, population, view, out, json: args.json!, label: args.learner! });
    return;
  }
  const sim = await worldModule(args.world);
  const summary: SeedRows[] = [];
  out(`== next-best-action learner in-process: ${population.length} contacts, ${steps} steps, seeds ${seeds.join(', ')}${args.world ? `, world ${args.world}` : ''}; learner ${JSON.stringify(learnerOptions)}${args.learner ? ` (${args.learner})` : ''} ==`);
  for (const seed of seeds) {
    const seedRows = runSeed(sim, population, view, seed, steps, checkpoints, policies, learnerOptions, draws);
    summary.push(seedRows);
    const { rows } = seedRows;
    out(`seed ${seed} (best single action ${seedRows.bestSingle}) — recent rate and ÷ oracle at ${checkpoints.map((c) => c.toLocaleString('en-US')).join(' / ')}`);
    for (const r of rows) {
      const end = r.checkpoints.at(-1)!;
      out(`  ${r.policy.padEnd(20)} ${r.checkpoints.map((c, i) => `${pct(c.recentRate).padStart(6)} ${r.ratio[i]!.toFixed(3)}`.padStart(15)).join('')}   (at the end: rate ${pct(end.responseRate)}, regret ${end.cumulativeRegret.toFixed(1)})`);
    }
  }
  const roleOf = (p: string, s: (typeof summary)[number]) => (p === `fixed:${s.bestSingle}` ? 'best single' : p);
  out(`mean over seeds — recent ÷ oracle at ${checkpoints.map((c) => c.toLocaleString('en-US')).join(' / ')}`);
  for (const role of ['oracle', ...policies.map((p) => (p === 'fixed' ? 'best single' : p))]) {
    const per = summary.map((s) => s.rows.find((r) => roleOf(r.policy, s) === role)).filter((r) => r !== undefined);
    const mean = checkpoints.map((_, i) => per.reduce((a, r) => a + r.ratio[i]!, 0) / per.length);
    const rates = checkpoints.map((_, i) => per.reduce((a, r) => a + r.checkpoints[i]!.recentRate, 0) / per.length);
    out(`  ${role.padEnd(20)} ${mean.map((m, i) => `${pct(rates[i]!).padStart(6)} ${m.toFixed(3)}`.padStart(15)).join('')}`);
  }
  if (args.json) console.log(JSON.stringify(summary.map((s) => ({ seed: s.seed, bestSingle: s.bestSingle, rows: s.rows.map((r) => ({ policy: r.policy, ratio: r.ratio, recent: r.checkpoints.map((c) => c.recentRate), seconds: r.seconds })) })), null, 1));
}

/**
 * The family suite: thompson ÷ oracle at 10k and at the end on every world × seed, the family's mean and worst
 * world, and the open world beside them; thompson minus the best single action at 10k (recent rate).
 */
async function suite(o: { worlds: string[]; seeds: number[]; steps: number; checkpoints: number[]; policies: string[]; learnerOptions: LearnerOptions; draws: number; population: SimContact[]; view: CrmView; out: (s: string) => void; json: boolean; label: string }) {
  const at10k = o.checkpoints.indexOf(Math.min(10_000, o.steps));
  const end = o.checkpoints.length - 1;
  o.out(`== family suite: ${o.worlds.length} worlds × seeds ${o.seeds.join(',')}, ${o.steps} steps, policies ${o.policies.join(',')}; learner ${o.label || 'default'} ${JSON.stringify(o.learnerOptions)} ==`);
  const table: { world: string; seed: number; policy: string; r10: number; rEnd: number; marginOverBest10: number }[] = [];
  for (const w of o.worlds) {
    const sim = await worldModule(w);
    const k = /^family:(\d+)$/.exec(w);
    if (k) o.out(`  ${describeFamilyWorld(familySpec(Number(k[1]), o.population))}`);
    const v = /^variant:(\w+)$/.exec(w);
    if (v) o.out(`  ${describeFamilyWorld(variantSpec(v[1] as VariantName, o.population))}`);
    for (const seed of o.seeds) {
      const s = runSeed(sim, o.population, o.view, seed, o.steps, o.checkpoints, o.policies, o.learnerOptions, o.draws);
      const best = s.rows.find((r) => r.policy === `fixed:${s.bestSingle}`);
      for (const r of s.rows) {
        if (r.policy === 'oracle' || r.policy.startsWith('fixed:')) continue;
        const margin = best ? r.checkpoints[at10k]!.recentRate - best.checkpoints[at10k]!.recentRate : NaN;
        table.push({ world: w, seed, policy: r.policy, r10: r.ratio[at10k]!, rEnd: r.ratio[end]!, marginOverBest10: margin });
        o.out(`  ${w.padEnd(10)} seed ${seed} ${r.policy.padEnd(16)} ÷ oracle @${o.checkpoints[at10k]} ${r.ratio[at10k]!.toFixed(3)}  @${o.steps} ${r.ratio[end]!.toFixed(3)}   (oracle ${pct(s.rows[0]!.checkpoints[end]!.recentRate)})   vs ${best?.policy ?? '—'} @10k ${(100 * margin).toFixed(2)} pts (its ÷ oracle ${best ? best.ratio[at10k]!.toFixed(3) : '—'})`);
      }
    }
  }
  for (const policy of new Set(table.map((t) => t.policy))) {
    // The original family and the newer variants are reported apart (the variants were written to test the learner).
    const fam = table.filter((t) => t.policy === policy && t.world.startsWith('family:'));
    const vars = table.filter((t) => t.policy === policy && t.world.startsWith('variant:'));
    const open = table.filter((t) => t.policy === policy && t.world === 'open');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const perWorld = [...new Set(fam.map((t) => t.world))].map((w) => ({ w, r10: mean(fam.filter((t) => t.world === w).map((t) => t.r10)), rEnd: mean(fam.filter((t) => t.world === w).map((t) => t.rEnd)) }));
    const worst = perWorld.reduce((a, b) => (b.rEnd < a.rEnd ? b : a), perWorld[0]!);
    o.out(`${policy}: family mean ÷ oracle @10k ${mean(fam.map((t) => t.r10)).toFixed(3)} @end ${mean(fam.map((t) => t.rEnd)).toFixed(3)}; worst world ${worst?.w} ${worst?.r10.toFixed(3)} / ${worst?.rEnd.toFixed(3)}; open ${mean(open.map((t) => t.r10)).toFixed(3)} / ${mean(open.map((t) => t.rEnd)).toFixed(3)}; above the best single action @10k on ${table.filter((t) => t.policy === policy && t.marginOverBest10 > 0).length}/${table.filter((t) => t.policy === policy).length} runs`);
    if (vars.length) o.out(`${policy}: variants mean ÷ oracle @10k ${mean(vars.map((t) => t.r10)).toFixed(3)} @end ${mean(vars.map((t) => t.rEnd)).toFixed(3)} (${[...new Set(vars.map((t) => t.world))].map((w) => `${w} ${mean(vars.filter((t) => t.world === w).map((t) => t.r10)).toFixed(3)} / ${mean(vars.filter((t) => t.world === w).map((t) => t.rEnd)).toFixed(3)}`).join(', ')})`);
  }
  if (o.json) console.log(JSON.stringify({ learner: o.label, options: o.learnerOptions, table }, null, 1));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
