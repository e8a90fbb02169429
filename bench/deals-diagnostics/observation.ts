/**
 * Are the buyer's revealed signals in the observation the learned policy sees, at the moment it is asked? (issue 19,
 * thirteenth pass). A diagnostic, client-side (no server): N deals of a visible world played by a behaviour, every
 * week's notes written as the bench driver writes them (subject, body, outcome, inbound messages, the
 * recommendation an activity acted on), and at each week the server's own state function (`dealStateAsOf`) computed
 * as of that moment and compared with what the simulator says the buyer revealed. `--readers` says which readers run:
 * `lexicon` (the lexicon and concept words only: what the server reads before its first training), `learned` (plus a
 * learned reader fitted as a training fits it, `LearnedReader.fit` on the closed weeks of a first pass of the same
 * number of deals played by the cadence exploring uniformly on 20 % of the weeks: **what the server reads** after a
 * training — the server does not run the meaning reader, src/delivery/api/app.ts passes it no embedding provider),
 * `meaning` (the lexicon plus the meaning reader with the server's embedding provider, each note prepared as the
 * service prepares a deal's notes before a decision: what a server given a provider reads before a training), `all`
 * (the three):
 *
 * - per concern the reference reader acts on (an open price objection, a missing decision maker, an unhandled rival,
 *   an annoyed buyer): how often the state's readout of it agrees with the truth (confusion counts);
 * - the **observation reader**: the world's reference reader (policies.ts) run on the observation's readouts instead
 *   of the revealed signals (a diagnostic rule, never a policy of the CRM) — its close rate against the reader's says
 *   how much of the reader's value the observation carries; whatever is left between it and PPO is learning.
 *
 * Counts only, never phrasings.
 *
 * Per concern it also prints the read rate on the weeks where the truth is open (recall) and the share of weeks read
 * open that are open (precision).
 *
 *   npx tsx bench/deals-diagnostics/observation.ts [--world standard|variant] [--deals 2000] [--explore 0.3] [--seed 1] [--readers lexicon|learned|meaning|all] [--behaviours reader,observation-reader,cadence,playbook]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmbeddingProvider } from '../../src/intelligence/embeddings/index.js';
import { BuyerMeaning } from '../../src/intelligence/strategy/buyer-meaning.js';
import { defaultStrategySettings } from '../../src/intelligence/strategy/catalog.js';
import { dealStateAsOf, maskOf, observationOf, type DealState, type TextReading } from '../../src/intelligence/strategy/deal-state.js';
import { playbookChoice } from '../../src/intelligence/strategy/playbook.js';
import { trajectoryOf } from '../../src/intelligence/strategy/reflection.js';
import { LearnedReader } from '../../src/intelligence/strategy/text-reader.js';
import { readerSamples } from '../../src/intelligence/strategy/train.js';
import type { DealHistory } from '../../src/storage/index.js';
import { CADENCE, standardReader, variantReader } from '../deals/policies.js';
import { loadMarket } from '../deals/population.js';
import { freshHistory, iso } from './history.js';
import { ACTIVITY_DELAY, affordable, runProtocol, STAGE_DELAY, type DealView, type Recorder } from '../deals/simulator.js';
import { standardWorld } from '../deals/world-standard.js';
import { variantWorld } from '../deals/world-variant.js';
import { ACTIONS, COSTS, type Action } from '../deals/world.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { world: { type: 'string', default: 'standard' }, deals: { type: 'string', default: '2000' }, explore: { type: 'string', default: '0.3' }, seed: { type: 'string', default: '1' }, data: { type: 'string' }, readers: { type: 'string', default: 'lexicon' }, behaviours: { type: 'string', default: 'reader,observation-reader,cadence' } } });
if (!['lexicon', 'learned', 'meaning', 'all'].includes(values.readers!)) throw new Error('--readers: lexicon, learned, meaning or all');
if (values.world !== 'standard' && values.world !== 'variant') throw new Error('--world: standard or variant (the held-out world is not read here)');
const market = loadMarket(path.resolve(values.data ?? path.join(here, '../../../shared/data/crm')));
const world = values.world === 'standard' ? standardWorld : variantWorld;
const reader = values.world === 'standard' ? standardReader : variantReader;
const seed = Number(values.seed);
const n = Number(values.deals);
const epsilon = Number(values.explore);
const settings = defaultStrategySettings();
const CONCERNS = values.world === 'standard'
  ? { objection: ['price_objection', 'objection_resolved'], dm: ['dm_missing', 'dm_engaged'], rival: ['competitor', 'competitor_handled'], annoyed: ['annoyed'] }
  : { objection: ['price_objection', 'objection_resolved'], dm: ['dm_missing', 'dm_engaged'], rival: ['rival', 'rival_settled'], annoyed: ['crowded'] };

/** The truth the reference reader acts on, from the revealed signals. */
function truthOf(d: DealView) {
  const last = (s: string) => d.signals.lastIndexOf(s);
  return {
    objection: last(CONCERNS.objection[0]!) > last(CONCERNS.objection[1]!),
    dm: last(CONCERNS.dm[0]!) > last(CONCERNS.dm[1]!),
    rival: d.signals.includes(CONCERNS.rival[0]!) && !d.signals.includes(CONCERNS.rival[1]!),
    annoyed: d.lastSignals.includes(CONCERNS.annoyed[0]!),
  };
}
/** The same concerns as the state reads them (what the observation's numbers say). */
function readoutOf(s: DealState) {
  return {
    objection: s.signals.price_objection !== undefined && !s.discounted,
    dm: s.signals.missing_decision_maker !== undefined && !s.escalated,
    rival: s.signals.competition !== undefined && !((s.touches.demo ?? 0) > 0 && values.world === 'standard'),
    annoyed: s.signals.negative_sentiment !== undefined && s.signals.negative_sentiment <= 7.5,
  };
}
/** The revealed signals the reference reader would read if it saw only the readouts above. */
function signalsFromReadout(r: ReturnType<typeof readoutOf>): { signals: string[]; lastSignals: string[] } {
  const signals: string[] = [];
  if (r.objection) signals.push(CONCERNS.objection[0]!);
  if (r.dm) signals.push(CONCERNS.dm[0]!);
  if (r.rival) signals.push(CONCERNS.rival[0]!);
  return { signals, lastSignals: r.annoyed ? [CONCERNS.annoyed[0]!] : [] };
}

// The meaning reader as the server runs it: its embedding provider (USE lite unless configured otherwise); each note
// is prepared when it is written, so the state as of any later moment reads it (as the service prepares a deal's notes).
const provider = values.readers === 'meaning' || values.readers === 'all' ? createEmbeddingProvider() : null;
const meaning = provider ? new BuyerMeaning(provider) : null;

// 'playbook': the CRM's playbook on the state as read (what the server's playbook, and ppo before a promotion, do).
type Behaviour = 'reader' | 'observation-reader' | 'cadence' | 'playbook';
async function play(behaviour: Behaviour, textReader: TextReading | null = null, epsilon_ = epsilon, seed_ = seed) {
  const histories = new Map<number, DealHistory>();
  const confusion: Record<string, { tp: number; fn: number; fp: number; tn: number }> = {};
  const agree = { same: 0, steps: 0 };
  let k = 0;
  const next = () => ((k = (Math.imul(k ^ (k >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
  k = (seed_ * 7919 + 31) >>> 0;
  const recorder: Recorder = {
    createDeal: async (d, at) => {
      histories.set(d.setup.index, freshHistory(d, at));
      return `sim_${d.setup.index}`;
    },
    recordWeek: async (d, at, performed, result, choice) => {
      const h = histories.get(d.setup.index)!;
      const rec = h.recommendations.at(-1);
      if (result.activity) {
        const linked = rec && rec.action === performed && choice.recommendationId === rec.id;
        if (linked) rec.acted_at = iso(at + ACTIVITY_DELAY);
        h.activities.push({ id: `a${h.activities.length}`, type: result.activity.type, occurred_at: iso(at + ACTIVITY_DELAY), subject: result.activity.subject, body: result.activity.body, outcome: result.activity.outcome ?? null, recommendation_id: linked ? rec.id : null });
        if (meaning) await meaning.prepare([`${result.activity.subject ?? ''}\n${result.activity.body ?? ''}`]);
      }
      if (result.inbound) h.activities.push({ id: `a${h.activities.length}`, type: result.inbound.type, occurred_at: iso(at + ACTIVITY_DELAY + 1000), subject: result.inbound.subject, body: result.inbound.body, outcome: null, recommendation_id: null });
      if (result.inbound && meaning) await meaning.prepare([`${result.inbound.subject ?? ''}\n${result.inbound.body ?? ''}`]);
      const stage = h.moves.at(-1)!.to_stage;
      if (stage !== result.stage) h.moves.push({ seq: h.moves.length, from_stage: stage, to_stage: result.stage, at: iso(at + STAGE_DELAY) });
      if (result.stage === 'closed_won' || result.stage === 'closed_lost') (h.deal.stage = result.stage), (h.deal.closed_at = iso(at + STAGE_DELAY));
    },
    train: async () => null,
  };
  const results = await runProtocol(world, market, { seed: seed_, trainDeals: 0, evalDeals: n, trainEvery: n + 1, train: false }, async (d, at) => {
    const h = histories.get(d.setup.index)!;
    const state = dealStateAsOf(h, iso(at), settings, textReader);
    observationOf(state, settings);
    const truth = truthOf(d);
    const read = readoutOf(state);
    for (const key of Object.keys(truth) as (keyof typeof truth)[]) {
      const c = (confusion[key] ??= { tp: 0, fn: 0, fp: 0, tn: 0 });
      c[truth[key] ? (read[key] ? 'tp' : 'fn') : read[key] ? 'fp' : 'tn']++;
    }
    const allowed = ACTIONS.filter((a) => affordable(a, d.budgetLeft) === a && !((a === 'discount' || a === 'escalate') && d.actions.includes(a)));
    const fit = (a: Action) => (allowed.includes(a) ? a : COSTS.email <= d.budgetLeft && d.actions.at(-1) === 'wait' ? 'email' : 'wait');
    const byReader = fit(reader(d));
    const byReadout = fit(reader({ ...d, ...signalsFromReadout(read) }));
    agree.steps++;
    if (byReader === byReadout) agree.same++;
    let action: Action = behaviour === 'reader' ? byReader : behaviour === 'observation-reader' ? byReadout : behaviour === 'playbook' ? fit(playbookChoice(state, settings, maskOf(state, settings)).action as Action) : fit(CADENCE[d.actions.length % CADENCE.length]!);
    if (epsilon_ > 0 && next() < epsilon_) action = allowed[Math.floor(next() * allowed.length)]!;
    const id = `r${d.setup.index}_${d.actions.length}`;
    h.recommendations.push({ seq: h.recommendations.length, id, deal_id: h.deal.id, policy: behaviour, action, propensity: 1, cost: COSTS[action], state: JSON.stringify(state), model_version: 0, as_of: iso(at), created_at: iso(at), acted_at: null, activity_id: null });
    return { action, recommendationId: id };
  }, recorder);
  const won = results.filter((r) => r.won).length / results.length;
  return { won, confusion, agree, histories: [...histories.values()] };
}

/** The learned reader a first training would fit: the cadence exploring on 20 % of the weeks, another seed's deals. */
async function learnedReader(): Promise<LearnedReader> {
  const first = await play('cadence', null, 0.2, seed + 1000);
  const now = iso(Date.parse(first.histories.reduce((m, h) => (h.deal.closed_at && h.deal.closed_at > m ? h.deal.closed_at : m), '')) + 86_400_000);
  const trajectories = first.histories.map((h) => trajectoryOf(h, settings, now)).filter((t) => t !== undefined);
  const reader = LearnedReader.fit(readerSamples(first.histories, trajectories).samples, settings.actions.map((a) => a.key), { seed });
  console.log(`learned reader (fitted on ${first.histories.length} cadence deals exploring 20 %): ${reader.json.targets.map((t) => `${t.action}→${t.signal} ${t.weights.length} words, effect ${t.effect}, ${t.treated} weeks`).join('; ')}`);
  return reader;
}

console.log(`== ${values.world} world, ${n} deals, seed ${seed}; behaviour explores uniformly on ${epsilon * 100} % of the weeks; readers: ${values.readers}${provider ? ` (embeddings ${provider.model})` : ''} ==`);
const textReader = values.readers === 'all' || values.readers === 'learned' ? await learnedReader() : null;
for (const b of values.behaviours!.split(',') as Behaviour[]) {
  const t = performance.now();
  const r = await play(b, textReader);
  const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)} %` : '–');
  const rows = Object.entries(r.confusion).map(([k, c]) => `${k}: truth open ${c.tp + c.fn} (read ${c.tp}, missed ${c.fn}; recall ${pct(c.tp, c.tp + c.fn)}), truth closed ${c.fp + c.tn} (read open ${c.fp}; precision ${pct(c.tp, c.tp + c.fp)})`).join('; ');
  console.log(`${b}: won ${(100 * r.won).toFixed(1)} %; the reader's action from the readouts = from the revealed signals in ${r.agree.same}/${r.agree.steps} weeks (${((100 * r.agree.same) / r.agree.steps).toFixed(1)} %); ${rows} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
await provider?.close();
