/**
 * Where a learner's regret goes in the family worlds (diagnostics, never the product): the learner runs exactly as
 * in bench/nba-learner.ts (same seeds, so the same run as the suite's), and over the last 20 % of the steps — the
 * window of the "recent rate" the suite reports — each step's regret against the best action in the learner's own
 * state is split into:
 *
 * - **per-contact preference**: what even the best learner of the CRM's fields loses (the best action without the
 *   contact's own channel term, valued at the true probabilities) — no field carries it;
 * - **wait vs outreach**: the rest, where the learner waited and outreach was best without the channel, or the reverse;
 * - **wrong outreach action**: the rest, between two outreach actions, split by which parts of the true logit make the
 *   channel-free best better than the chosen one (FamilyWorld.parts: base rate, main effects on attributes the CRM
 *   reads, on attributes it does not, interactions and tables, timing — fatigue, repeat, follow-up), in proportion to
 *   each part's positive share of the gap.
 *
 * Also: the share of steps where the learner chose the channel-free best action, and the learning regret by how many
 * outcomes the contact had before the step (per-contact learning could only pay where a contact has several).
 * `--breakdown` adds, for the same window, the learning regret by action (where the action was chosen and the
 * channel-free best was another: over-chosen; where it was that best and another was chosen: missed) and by contact
 * segment (seniority, title family, lead source), and for the whole run the gap by phase (steps 0–5k, 5–10k, 10–25k,
 * 25–40k, 40k–end: per-contact and learning shares of that phase's best-in-state rate).
 *
 *   nice npx tsx bench/nba/diagnose.ts [--worlds family:1,…,variant:timing] [--steps 50000] [--seed 1] [--learner k=v,…] [--json]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACTIONS, DEFAULT_FATIGUE_DAYS, NbaLearner, policyByName } from '../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../src/intelligence/scoring/learn/rng.js';
import { learnerOptionsOf, loadCrmView, TouchLog } from '../nba-learner.js';
import { FamilyTrajectory, familyWorldModule, type FamilyWorld } from './family.js';
import { loadPopulation } from './population.js';
import type { Action } from './response-model.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PARTS = ['base', 'read', 'unread', 'interactions', 'timing'] as const;
const COUNT_BUCKETS = ['0', '1-2', '3-5', '6-10', '11+'] as const;
const bucketOf = (n: number) => (n === 0 ? '0' : n <= 2 ? '1-2' : n <= 5 ? '3-5' : n <= 10 ? '6-10' : '11+');

interface Diagnosis {
  world: string;
  seed: number;
  steps: number;
  /** Σ over the window of the best action's true probability in the learner's state, and of the chosen one's. */
  best: number;
  chosen: number;
  /** Regret parts, as shares of `best` (so 1 − chosen/best = their sum). */
  perContact: number;
  waitedWhenOutreachBest: number;
  reachedOutWhenWaitBest: number;
  wrongAction: Record<(typeof PARTS)[number], number>;
  /** Share of the window's steps where the learner chose the channel-free best action. */
  choseObservableBest: number;
  /** Learning regret (everything but per-contact) by the contact's outcomes before the step, as shares of `best`; and the steps per bucket. */
  byContactOutcomes: Record<string, { regret: number; steps: number }>;
  /** With `breakdown`: learning regret by action and by segment (shares of `best`), and the gap by phase (shares of each phase's best). */
  byAction?: Record<string, { chosen: number; best: number; overChosen: number; missed: number }>;
  bySegment?: Record<string, { steps: number; perContact: number; learning: number }>;
  byPhase?: { from: number; to: number; gap: number; perContact: number; learning: number }[];
}

const PHASES = [0, 5000, 10000, 25000, 40000];

export function diagnose(worldName: string, seed: number, steps: number, learnerSpec = '', breakdown = false): Diagnosis {
  const k = /^family:(\d+)$/.exec(worldName);
  const v = /^variant:(\w+)$/.exec(worldName);
  if (!k && !v) throw new Error(`diagnose: family or variant worlds only (${worldName})`);
  const dataDir = path.resolve(here, '../../../shared/data/crm');
  const population = loadPopulation(dataDir);
  const view = loadCrmView(dataDir);
  const mod = familyWorldModule(k ? Number(k[1]) : 0, v ? (v[1] as never) : undefined);
  const world = new mod.World(population, { seed }) as FamilyWorld;
  const path_ = new FamilyTrajectory(world);
  // As runLearner does, so the run is the suite's own.
  const rng = mulberry32(seed * 7919 + 17);
  const learner = new NbaLearner(learnerOptionsOf(learnerSpec));
  const policy = policyByName('thompson')!;
  const touches = new TouchLog();
  const catalog = [...DEFAULT_ACTIONS];
  const outcomesOf = new Map<string, number>();
  const from = Math.floor(steps * 0.8);
  const phases: { best: number; perContact: number; learning: number }[] = [];
  const byAction: NonNullable<Diagnosis['byAction']> = {};
  const bySegment: NonNullable<Diagnosis['bySegment']> = {};
  const d: Diagnosis = { world: worldName, seed, steps, best: 0, chosen: 0, perContact: 0, waitedWhenOutreachBest: 0, reachedOutWhenWaitBest: 0, wrongAction: { base: 0, read: 0, unread: 0, interactions: 0, timing: 0 }, choseObservableBest: 0, byContactOutcomes: Object.fromEntries(COUNT_BUCKETS.map((b) => [b, { regret: 0, steps: 0 }])) };
  for (let i = 0; i < steps; i++) {
    const { contact, at, probabilities: p } = path_.peek();
    const record = view.contacts.get(contact.id)!;
    const company = typeof record.company_id === 'string' ? view.companies.get(record.company_id) : undefined;
    const context = learner.context(record, company, touches.historyOf(view, contact.id, at, DEFAULT_FATIGUE_DAYS), new Date(at));
    const est = learner.estimate(context, catalog, rng, 0);
    const choice = policy.choose(est, rng);
    const c = choice.action as Action;
    const best = (q: Record<Action, number>) => (Object.keys(q) as Action[]).reduce((x, y) => (q[y] > q[x] ? y : x));
    if (breakdown) {
      // The gap by phase, over every step (diagnostics are read-only: the run is the same).
      const o = best(path_.diagnostics().observable);
      const b = best(p);
      let k = PHASES.length - 1;
      while (k > 0 && i < PHASES[k]!) k--;
      const ph = (phases[k] ??= { best: 0, perContact: 0, learning: 0 });
      ph.best += p[b];
      ph.perContact += p[b] - p[o];
      ph.learning += p[o] - p[c];
    }
    if (i >= from) {
      const obs = path_.diagnostics().observable;
      const b = best(p);
      const o = best(obs);
      if (breakdown) {
        const learning = p[o] - p[c];
        const act = (a: string) => (byAction[a] ??= { chosen: 0, best: 0, overChosen: 0, missed: 0 });
        act(c).chosen++;
        act(o).best++;
        if (c !== o) {
          act(c).overChosen += learning;
          act(o).missed += learning;
        }
        for (const key of [`seniority=${context.seniority}`, `family=${context.family ?? '-'}`, `source=${context.source ?? '-'}`]) {
          const g = (bySegment[key] ??= { steps: 0, perContact: 0, learning: 0 });
          g.steps++;
          g.perContact += p[b] - p[o];
          g.learning += learning;
        }
      }
      d.best += p[b];
      d.chosen += p[c];
      d.perContact += p[b] - p[o];
      const learning = p[o] - p[c];
      if (c === o) d.choseObservableBest++;
      const bucket = d.byContactOutcomes[bucketOf(outcomesOf.get(contact.id) ?? 0)]!;
      bucket.regret += learning;
      bucket.steps++;
      if ((o === 'wait') !== (c === 'wait')) {
        if (c === 'wait') d.waitedWhenOutreachBest += learning;
        else d.reachedOutWhenWaitBest += learning;
      } else if (o !== c) {
        const parts = path_.parts();
        const po = parts[o as Exclude<Action, 'wait'>];
        const pc = parts[c as Exclude<Action, 'wait'>];
        const gaps = PARTS.map((part) => Math.max(0, po[part] - pc[part]));
        const total = gaps.reduce((a, x) => a + x, 0);
        if (total > 0) PARTS.forEach((part, j) => (d.wrongAction[part] += (learning * gaps[j]!) / total));
      }
    }
    const result = path_.act(c);
    touches.add(contact.id, at, c, result.responded);
    learner.learn(c, context, result.responded);
    outcomesOf.set(contact.id, (outcomesOf.get(contact.id) ?? 0) + 1);
  }
  const n = steps - from;
  const share = (x: number) => x / d.best;
  return {
    ...d,
    perContact: share(d.perContact),
    waitedWhenOutreachBest: share(d.waitedWhenOutreachBest),
    reachedOutWhenWaitBest: share(d.reachedOutWhenWaitBest),
    wrongAction: Object.fromEntries(PARTS.map((part) => [part, share(d.wrongAction[part])])) as Diagnosis['wrongAction'],
    choseObservableBest: d.choseObservableBest / n,
    byContactOutcomes: Object.fromEntries(Object.entries(d.byContactOutcomes).map(([b, x]) => [b, { regret: share(x.regret), steps: x.steps }])),
    ...(breakdown
      ? {
          byAction: Object.fromEntries(Object.entries(byAction).map(([a, x]) => [a, { chosen: x.chosen / n, best: x.best / n, overChosen: share(x.overChosen), missed: share(x.missed) }])),
          bySegment: Object.fromEntries(Object.entries(bySegment).map(([g, x]) => [g, { steps: x.steps, perContact: share(x.perContact), learning: share(x.learning) }])),
          byPhase: phases.map((x, k) => ({ from: PHASES[k]!, to: Math.min(steps, PHASES[k + 1] ?? steps), gap: (x.perContact + x.learning) / x.best, perContact: x.perContact / x.best, learning: x.learning / x.best })),
        }
      : {}),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { worlds: { type: 'string', default: 'family:1,family:2,family:3,family:4,family:5,family:6,variant:region,variant:interactions,variant:timing' }, steps: { type: 'string', default: '50000' }, seed: { type: 'string', default: '1' }, learner: { type: 'string', default: '' }, json: { type: 'boolean', default: false }, breakdown: { type: 'boolean', default: false } } });
  const f = (x: number) => x.toFixed(3);
  for (const w of values.worlds!.split(',')) {
    const t0 = performance.now();
    const d = diagnose(w, Number(values.seed), Number(values.steps), values.learner, values.breakdown);
    if (values.json) console.log(JSON.stringify(d));
    const wrong = PARTS.reduce((a, p) => a + d.wrongAction[p], 0);
    console.error(
      `${w} seed ${d.seed}, steps ${Math.floor(d.steps * 0.8)}–${d.steps}: chosen ÷ best-in-state ${f(d.chosen / d.best)}; gap ${f(1 - d.chosen / d.best)} = per-contact ${f(d.perContact)} + waited when outreach best ${f(d.waitedWhenOutreachBest)} + reached out when wait best ${f(d.reachedOutWhenWaitBest)} + wrong outreach action ${f(wrong)} (${PARTS.map((p) => `${p} ${f(d.wrongAction[p])}`).join(', ')}); chose the channel-free best on ${(100 * d.choseObservableBest).toFixed(1)} % of steps; learning regret by the contact's outcomes so far: ${Object.entries(d.byContactOutcomes).map(([b, x]) => `${b}: ${f(x.regret)} (${x.steps} steps)`).join(', ')} [${((performance.now() - t0) / 1000).toFixed(0)} s]`,
    );
  }
}
