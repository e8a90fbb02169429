/**
 * Where does the learned policy lose the value of reading the buyer? (issue 19, thirteenth pass.) A diagnostic,
 * in-process and client-side (no server, no HTTP): N training deals of a visible world played as the server plays
 * its exploring deals before any version is promoted — the playbook on the server's own state (`dealStateAsOf`),
 * a uniformly drawn allowed action on a share ε of the weeks, every recommendation logged with its state and
 * propensity, every note written as the bench driver writes it — then one `trainStrategy` call on those histories
 * (the server's training, without the imported history), and:
 *
 * - **in the learned world model** (its corrected model, from the logged deals' first weeks): the close rates the
 *   training reports (PPO, the real-outcome clone, the best rule, the playbook) and that of the *state reader* — a
 *   diagnostic rule (never a CRM policy) that acts on the state's readouts as the world's reference reader acts on the
 *   revealed signals (observation.ts shows the readouts are right);
 * - **in the world itself** (M evaluation deals, the same deals for every policy): the playbook, the state reader,
 *   PPO (trained as the challenger of kind `ppo`) and the real-outcome clone.
 *
 * If the model ranks the state reader well above the playbook but PPO does not find it, the loss is in PPO's search
 * (exploration, credit); if the model does not rank it above, the loss is in the model (b). Counts only.
 *
 * `--decisions` (fourteenth pass) checks the corrected model **per decision** against the world: on N fresh deals played
 * like the training deals (seed + 1000's deals, ε-uniform), each logged week grouped by stage × the concern the state
 * reads open (an objection not discounted, a missing decision maker not escalated, a rival, none) × the action; per
 * cell with enough weeks, how often the deal moved forward (a stage up or won) that week in the world, against the
 * model's mean P(advanced or won) on the same states — so a cell where the model ranks the reader's action below
 * another while the world ranks it above shows where the model is wrong.
 *
 *   npx tsx bench/deals-diagnostics/world-model.ts [--world standard|variant] [--deals 1000] [--eval 1000] [--explore 0.2] [--seed 1] [--interactions on|off] [--challenger ppo|real-outcome] [--decisions] [--min-cell 40]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultStrategySettings } from '../../src/intelligence/strategy/catalog.js';
import { dealStateAsOf, maskOf, observationOf, type DealState } from '../../src/intelligence/strategy/deal-state.js';
import { playbookChoice } from '../../src/intelligence/strategy/playbook.js';
import { createRng, type PpoPolicy } from '../../src/intelligence/strategy/ppo/index.js';
import { trajectoryOf } from '../../src/intelligence/strategy/reflection.js';
import { trainStrategy } from '../../src/intelligence/strategy/train.js';
import { closeRate, DealWorldEnvironment } from '../../src/intelligence/strategy/world-model.js';
import type { DealHistory } from '../../src/storage/index.js';
import { loadMarket } from '../deals/population.js';
import { freshHistory, iso } from './history.js';
import { ACTIVITY_DELAY, runProtocol, STAGE_DELAY, type Recorder } from '../deals/simulator.js';
import { standardWorld } from '../deals/world-standard.js';
import { variantWorld } from '../deals/world-variant.js';
import { COSTS, type Action } from '../deals/world.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { world: { type: 'string', default: 'standard' }, deals: { type: 'string', default: '1000' }, eval: { type: 'string', default: '1000' }, explore: { type: 'string', default: '0.2' }, seed: { type: 'string', default: '1' }, interactions: { type: 'string', default: 'off' }, challenger: { type: 'string', default: 'ppo' }, 'pair-l2': { type: 'string', default: '1' }, data: { type: 'string' }, decisions: { type: 'boolean', default: false }, 'min-cell': { type: 'string', default: '40' } } });
if (values.world !== 'standard' && values.world !== 'variant') throw new Error('--world: standard or variant (the held-out world is not read here)');
const market = loadMarket(path.resolve(values.data ?? path.join(here, '../../../shared/data/crm')));
const world = values.world === 'standard' ? standardWorld : variantWorld;
const seed = Number(values.seed);
const settings = defaultStrategySettings();
const keys = settings.actions.map((a) => a.key);
type Rule = (state: DealState, mask: boolean[]) => number;
const tally = new Map<string, number>();

/** The diagnostic state reader (see the module comment): the reference reader's logic on the state's readouts. */
const stateReader: Rule = (s, mask) => {
  const t = (a: string) => s.touches[a] ?? 0;
  const sig = s.signals;
  const pick = (a: string): number => {
    const i = keys.indexOf(a);
    if (mask[i]) return i;
    return mask[keys.indexOf('email')] && s.idleDays > 10 ? keys.indexOf('email') : keys.indexOf('wait');
  };
  if (sig.negative_sentiment !== undefined && sig.negative_sentiment <= 7.5) return pick('wait');
  const objection = sig.price_objection !== undefined && !s.discounted;
  const dm = sig.missing_decision_maker !== undefined && !s.escalated;
  const rival = sig.competition !== undefined && t('demo') === 0;
  switch (s.stage) {
    case 'lead':
      if (t('call') === 0) return pick('call');
      return pick(t('meeting') <= t('email') ? 'meeting' : 'email');
    case 'qualified':
      if (s.meetings === 0) return pick('meeting');
      if (dm) return pick('escalate');
      if (rival) return pick('demo');
      return pick('proposal');
    case 'proposal':
    case 'negotiation':
      if (objection) return pick('discount');
      if (dm) return pick('escalate');
      if (rival && values.world === 'standard') return pick('demo');
      return pick(s.idleDays > 10 ? 'email' : 'wait');
    default:
      return pick('wait');
  }
};
const playbook: Rule = (s, mask) => keys.indexOf(playbookChoice(s, settings, mask).action);
const greedy = (p: PpoPolicy): Rule => (s, mask) => p.act(observationOf(s, settings), mask, () => 0.5, false).action;

/** Plays deals [first, first + count) with `rule` (ε-uniform on a share of weeks), writing histories as the bench driver writes them. */
async function play(rule: Rule, opts: { train: number; eval: number; epsilon: number; phase: 'train' | 'eval'; seed?: number }): Promise<{ histories: DealHistory[]; won: number; end: number }> {
  const histories = new Map<number, DealHistory>();
  const runSeed = opts.seed ?? seed;
  const rng = createRng(runSeed * 1009 + (opts.phase === 'train' ? 1 : 2));
  let end = 0;
  const recorder: Recorder = {
    createDeal: async (d, at) => {
      histories.set(d.setup.index, freshHistory(d, at));
      return `sim_${d.setup.index}`;
    },
    recordWeek: async (d, at, performed, result, choice) => {
      const h = histories.get(d.setup.index)!;
      const rec = h.recommendations.at(-1);
      end = Math.max(end, at + STAGE_DELAY);
      if (result.activity) {
        const linked = rec !== undefined && rec.action === performed && choice.recommendationId === rec.id;
        if (linked) (rec.acted_at = iso(at + ACTIVITY_DELAY)), (rec.activity_id = `a${h.activities.length}`);
        h.activities.push({ id: `a${h.activities.length}`, type: result.activity.type, occurred_at: iso(at + ACTIVITY_DELAY), subject: result.activity.subject, body: result.activity.body, outcome: result.activity.outcome ?? null, recommendation_id: linked ? rec.id : null });
      }
      if (result.inbound) h.activities.push({ id: `a${h.activities.length}`, type: result.inbound.type, occurred_at: iso(at + ACTIVITY_DELAY + 1000), subject: result.inbound.subject, body: result.inbound.body, outcome: null, recommendation_id: null });
      if (result.discounted) h.amountChanges.push({ at: iso(at + STAGE_DELAY), before: h.deal.amount, after: d.amount }), (h.deal.amount = d.amount);
      const stage = h.moves.at(-1)!.to_stage;
      if (stage !== result.stage) h.moves.push({ seq: h.moves.length, from_stage: stage, to_stage: result.stage, at: iso(at + STAGE_DELAY) });
      h.deal.stage = result.stage;
      if (result.stage === 'closed_won' || result.stage === 'closed_lost') h.deal.closed_at = iso(at + STAGE_DELAY);
    },
    train: async () => null,
  };
  const results = await runProtocol(world, market, { seed: runSeed, trainDeals: opts.train, evalDeals: opts.eval, trainEvery: opts.train + 1, train: false, skipTraining: opts.phase === 'eval' }, async (d, at) => {
    const h = histories.get(d.setup.index)!;
    const state = dealStateAsOf(h, iso(at), settings);
    const mask = maskOf(state, settings);
    const base = rule(state, mask);
    const allowed = mask.map((m, i) => (m ? i : -1)).filter((i) => i >= 0);
    const explore = opts.phase === 'train' && rng() < opts.epsilon;
    const index = explore ? allowed[Math.floor(rng() * allowed.length)]! : base;
    const propensity = opts.phase === 'train' ? opts.epsilon / allowed.length + (index === base ? 1 - opts.epsilon : 0) : 1;
    const action = keys[index]! as Action;
    if (opts.phase === 'eval') tally.set(`${state.stage}:${action}`, (tally.get(`${state.stage}:${action}`) ?? 0) + 1);
    const id = `r${d.setup.index}_${d.actions.length}`;
    h.recommendations.push({ seq: h.recommendations.length, id, deal_id: h.deal.id, policy: 'ppo', action, propensity, cost: COSTS[action], state: JSON.stringify(state), model_version: 0, as_of: iso(at), created_at: iso(at), acted_at: null, activity_id: null });
    return { action, recommendationId: id, budgetLeft: state.budgetLeft };
  }, recorder);
  const phase = results.filter((r) => r.phase === opts.phase);
  if (opts.phase === 'eval' && process.env.ACTIONS_BY_STAGE) console.log(`  actions by stage: ${[...tally].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
  tally.clear();
  return { histories: [...histories.values()], won: phase.filter((r) => r.won).length / phase.length, end };
}

const n = Number(values.deals);
const m = Number(values.eval);
const eps = Number(values.explore);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(`== ${values.world} world, seed ${seed}: ${n} training deals (playbook, ε ${eps} uniform), ${m} evaluation deals; second-order world model ${values.interactions} (products' L2 ×${values['pair-l2']}) ==`);
let t = performance.now();
const logged = await play(playbook, { train: n, eval: 0, epsilon: eps, phase: 'train' });
console.log(`training deals played: ${pct(logged.won)} won (${((performance.now() - t) / 1000).toFixed(0)} s)`);
t = performance.now();
const trained = trainStrategy(logged.histories, settings, { seed, now: iso(logged.end + 60_000), previous: 'playbook', lastChallengerKind: values.challenger === 'ppo' ? 'real-outcome' : 'ppo', safetySeconds: 600, interactions: values.interactions === 'on', pairL2Scale: Number(values['pair-l2']) });
const r = trained.report;
console.log(`trained in ${((performance.now() - t) / 1000).toFixed(0)} s; stored: ${r.stored}; challenger: ${r.challenger?.kind ?? 'none'}`);
console.log(`in the model (training's evaluation): ${Object.entries(r.evaluation.closeRate).map(([k, v]) => `${k} ${v === null ? '–' : pct(v)}`).join(', ')}`);
const fresh = logged.histories.map((h) => dealStateAsOf(h, h.recommendations[0]!.as_of, settings));
const env = new DealWorldEnvironment(trained.worldModel, fresh, settings, r.lastWeek ? { lastWeek: r.lastWeek } : {});
const inModel = (rule: Rule) => closeRate(env, (_o, mask, _r, state) => rule(state, mask), 1000, seed + 7).closeRate;
console.log(`in the model (1,000 episodes, this script): playbook ${pct(inModel(playbook))}, state reader ${pct(inModel(stateReader))}${trained.challenger ? `, ${r.challenger?.kind} ${pct(inModel(greedy(trained.challenger)))}` : ''}`);
const inWorld = async (rule: Rule) => (await play(rule, { train: n, eval: m, epsilon: 0, phase: 'eval' })).won;
console.log(`in the world (${m} evaluation deals): playbook ${pct(await inWorld(playbook))}, state reader ${pct(await inWorld(stateReader))}${trained.challenger ? `, ${r.challenger?.kind} ${pct(await inWorld(greedy(trained.challenger)))}` : ''}`);

if (values.decisions) {
  // Fresh deals played like the training deals (their own draws: the evaluation phase of the protocol, ε-uniform).
  t = performance.now();
  const check = await play(playbook, { train: n, eval: 0, epsilon: eps, phase: 'train', seed: seed + 1000 });
  const now = iso(check.end + 60_000);
  const concernOf = (s: DealState) => (s.signals.price_objection !== undefined && !s.discounted ? 'objection' : s.signals.missing_decision_maker !== undefined && !s.escalated ? 'no-DM' : s.signals.competition !== undefined ? 'rival' : 'none');
  const cells = new Map<string, { n: number; world: number; model: number }>();
  const outcome = new Float64Array(4);
  const signals = new Float64Array(trained.worldModel.followed);
  for (const h of check.histories) {
    const tr = trajectoryOf(h, settings, now);
    if (!tr || tr.source !== 'logged') continue;
    for (const st of tr.steps) {
      if (!st.acted && st.action !== 'wait') continue;
      trained.worldModel.predictInto(observationOf(st.state, settings), keys.indexOf(st.action), outcome, signals);
      const key = `${st.state.stage} | ${concernOf(st.state)} | ${st.action}`;
      const c = cells.get(key) ?? { n: 0, world: 0, model: 0 };
      c.n++;
      c.world += st.outcome === 'advanced' || st.outcome === 'won' ? 1 : 0;
      c.model += outcome[1]! + outcome[2]!;
      cells.set(key, c);
    }
  }
  const min = Number(values['min-cell']);
  console.log(`per decision (${check.histories.length} fresh deals, ${((performance.now() - t) / 1000).toFixed(0)} s): stage | concern read open | action: weeks, P(moved forward that week) in the world vs the model's mean`);
  const groups = new Map<string, [string, { n: number; world: number; model: number }][]>();
  for (const [k, c] of cells) {
    if (c.n < min) continue;
    const g = k.split(' | ').slice(0, 2).join(' | ');
    groups.set(g, [...(groups.get(g) ?? []), [k.split(' | ')[2]!, c]]);
  }
  for (const [g, list] of [...groups].sort()) {
    list.sort((a, b) => b[1].world / b[1].n - a[1].world / a[1].n);
    const worldOrder = list.map(([a]) => a);
    const modelOrder = [...list].sort((a, b) => b[1].model / b[1].n - a[1].model / a[1].n).map(([a]) => a);
    console.log(`  ${g}: ${list.map(([a, c]) => `${a} ${c.n}: ${pct(c.world / c.n)} vs ${pct(c.model / c.n)}`).join('; ')}${worldOrder[0] !== modelOrder[0] ? `  ← best in the world ${worldOrder[0]}, in the model ${modelOrder[0]}` : ''}`);
  }
}
