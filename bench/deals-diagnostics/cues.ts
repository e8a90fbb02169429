/**
 * Can the per-action uplift cues (src/intelligence/strategy/text-reader.ts UpliftCues, eleventh pass) read what a
 * visible world's buyers say, learned from outcomes alone? For the standard and the variant world: N deals played
 * client-side (no server) by the full cadence with probability 1 − ε and a uniformly random allowed action otherwise
 * (`--explore ε`, default 1: uniform throughout), their notes
 * and final outcomes turned into the cues' samples as a training does (the words of the notes in the 10 days before
 * each week, the week's action, won or not), the cues fitted (seed 1); then every phrasing of every category (filled
 * with one name, product, rival) read with them. Printed per world and N: how many phrasings raise a cue, how many
 * raise a cue set shared only with phrasings of their own category ("pure"), how many distinct cue sets, how many
 * phrasings of a category that calls for an action (the world's reference reader acts differently after it) raise
 * that action's cue — the one check that the cues learned the right thing — and the words kept per action. Counts only, never the phrasings or which category favours what.
 *
 *   npx tsx bench/deals-diagnostics/cues.ts [--deals 1000,3000] [--explore 1] [--explored-only] [--target final|next2] [--per-stage] [--body-only] [--estimator logistic|dr] [--quantile 0.99] [--seed 1] [--data DIR]
 *
 * `--estimator dr` (twelfth pass): the doubly robust per-week advantage of each action (UpliftCues.fitDoublyRobust),
 * with the logged propensity of each week (the mixture of the cadence and the uniform exploring draw), thresholds
 * set by a null fit at `--quantile`.
 *
 * The held-out world is not read here. A proxy: the server's samples come from its own exploration (uniform on 20 %
 * of the weeks of 40 % of the training deals), so it sees each action after each note far less often than here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CUE_MIN, textFeatures, UpliftCues, type ReaderSample } from '../../src/intelligence/strategy/text-reader.js';
import { loadMarket } from '../deals/population.js';
import { CADENCE_FULL, standardReader, variantReader } from '../deals/policies.js';
import { ACTIVITY_DELAY, affordable, DAY, runProtocol, type DealView, type Recorder } from '../deals/simulator.js';
import { STANDARD_PHRASES, standardWorld } from '../deals/world-standard.js';
import { VARIANT_PHRASES, variantWorld } from '../deals/world-variant.js';
import { ACTIONS, OPEN_STAGES, say, type Action } from '../deals/world.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { deals: { type: 'string', default: '1000,3000' }, explore: { type: 'string', default: '1' }, 'explored-only': { type: 'boolean', default: false }, target: { type: 'string', default: 'final' }, 'per-stage': { type: 'boolean', default: false }, 'body-only': { type: 'boolean', default: false }, estimator: { type: 'string', default: 'logistic' }, quantile: { type: 'string', default: '0.99' }, seed: { type: 'string', default: '1' }, data: { type: 'string' } } });
const market = loadMarket(path.resolve(values.data ?? path.join(here, '../../../shared/data/crm')));
const seed = Number(values.seed);
const epsilon = Number(values.explore);
const WORDS = { first: 'Ada', company: 'Norwind', product: 'Ledger Pro', competitor: 'Quillstone', exec: 'their CFO' };
const WINDOW = 10 * DAY;

/**
 * What the world's reference reader (policies.ts, which reads the revealed signals exactly) would do after a category's
 * signal alone, in a qualified deal met once and in a negotiation after the cadence — when that differs from what it
 * does with no signal: the action the words of that category call for there (none: the category changes nothing).
 */
const CHECKED = [['qualified', ['call', 'meeting']], ['negotiation', ['call', 'meeting', 'demo', 'proposal']]] as const;
function calledFor(reader: (d: DealView) => Action, category: string, only?: string): Set<Action> {
  const out = new Set<Action>();
  for (const [stage, actions] of CHECKED) {
    if (only && stage !== only) continue;
    const view = (signals: string[]) => ({ stage, actions: [...actions], signals, lastSignals: signals, budgetLeft: 16 }) as unknown as DealView;
    const a = reader(view([category]));
    if (a !== reader(view([]))) out.add(a);
  }
  return out;
}

for (const [name, world, table, reader] of [['standard', standardWorld, STANDARD_PHRASES, standardReader], ['variant', variantWorld, VARIANT_PHRASES, variantReader]] as const) {
  for (const n of values.deals.split(',').map(Number)) {
    const notes = new Map<number, { at: number; text: string }[]>();
    const weeks = new Map<number, { at: number; stage: number; action: Action; explored: boolean; propensity: number; allowed: Action[]; after?: string }[]>();
    const won = new Map<number, boolean>();
    let r = (seed * 7919 + 17) >>> 0;
    const rng = { next: () => ((r = (Math.imul(r ^ (r >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296) };
    const recorder: Recorder = {
      createDeal: async (d) => `sim_${d.setup.index}`,
      recordWeek: async (d, at, performed, result) => {
        const ws = weeks.get(d.setup.index);
        if (ws && ws.length) ws[ws.length - 1]!.after = result.stage;
        const list = notes.get(d.setup.index) ?? [];
        for (const a of [result.activity, result.inbound]) if (a) list.push({ at: at + ACTIVITY_DELAY, text: values['body-only'] ? a.body : `${a.subject}. ${a.body}` });
        notes.set(d.setup.index, list);
      },
      train: async () => null,
    };
    await runProtocol(
      world,
      market,
      { seed, trainDeals: n, evalDeals: 0, trainEvery: n + 1, train: false },
      async (d, at) => {
        const allowed = ACTIONS.filter((a) => affordable(a, d.budgetLeft) === a && !((a === 'discount' || a === 'escalate') && d.actions.includes(a)));
        // --explore ε: the full cadence (every lever in turn) with probability 1 − ε, else a uniformly random allowed action.
        const step = CADENCE_FULL[d.actions.length % CADENCE_FULL.length]!;
        const explored = !(rng.next() >= epsilon && allowed.includes(step));
        const action = explored ? allowed[Math.floor(rng.next() * allowed.length)]! : step;
        // The logged probability of the action taken (what the server logs for an exploring answer).
        const stepOk = allowed.includes(step);
        const propensity = (stepOk && action === step ? 1 - epsilon : 0) + (stepOk ? epsilon : 1) / allowed.length;
        const list = weeks.get(d.setup.index) ?? [];
        list.push({ at, stage: Math.max(0, OPEN_STAGES.indexOf(d.stage as (typeof OPEN_STAGES)[number])), action, explored, propensity, allowed });
        weeks.set(d.setup.index, list);
        return { action };
      },
      recorder,
      { onClose: (e) => void won.set(e.index, e.won) },
    );
    const samples: ReaderSample[] = [];
    for (const [index, ws] of weeks) {
      const ns = notes.get(index) ?? [];
      for (const [k, w] of ws.entries()) {
        if (values['explored-only'] && !w.explored) continue;
        // --target next2: the deal won or moved up a stage within this week and the next (not lost), instead of the final outcome.
        const rank = (st: string | undefined) => (st === 'closed_won' ? 9 : st === 'closed_lost' ? -9 : OPEN_STAGES.indexOf(st as (typeof OPEN_STAGES)[number]));
        const soon = Math.max(...ws.slice(k, k + 2).map((x) => rank(x.after)));
        const lostSoon = ws.slice(k, k + 2).some((x) => x.after === 'closed_lost');
        const text = ns.filter((x) => x.at <= w.at && x.at > w.at - WINDOW).map((x) => x.text).join('\n');
        samples.push({ stage: w.stage, features: textFeatures(text), action: w.action, won: values.target === 'next2' ? !lostSoon && soon > w.stage : (won.get(index) ?? false), propensity: w.propensity, allowed: w.allowed, deal: index });
      }
    }
    // --estimator dr: the doubly robust per-week advantage regressed on the words, thresholds from a null fit (text-reader.ts fitDoublyRobust).
    const fitCues = (xs: ReaderSample[]) => (values.estimator === 'dr' ? UpliftCues.fitDoublyRobust(xs, ACTIONS, { seed: 1, slots: 16, quantile: Number(values.quantile) }) : UpliftCues.fit(xs, ACTIONS, { seed: 1, slots: 16 }));
    const t0 = performance.now();
    const cues = fitCues(samples);
    const fitSeconds = (performance.now() - t0) / 1000;
    const items = Object.entries(table).flatMap(([category, texts]) => texts.map((t) => ({ category, text: say(t, WORDS), slots: cues.topicsOf(say(t, WORDS)), set: cues.topicsOf(say(t, WORDS)).join('+') })));
    // Phrasings of categories that call for an action (by the reference reader): whose cues include it, and whose raise another.
    const calling = items.map((i) => ({ ...i, called: calledFor(reader, i.category) })).filter((i) => i.called.size > 0);
    const right = calling.filter((i) => i.slots.some((k) => i.called.has(ACTIONS[k]!))).length;
    const other = calling.filter((i) => i.slots.length > 0 && !i.slots.some((k) => i.called.has(ACTIONS[k]!))).length;
    // Whatever the thresholds: for how many calling phrasings is the called action the one whose score (over its
    // threshold, so that actions are on one scale) is highest — by chance about 1 in 8.
    const top = (text: string) => {
      const u = cues.uplifts(text);
      let best = -Infinity;
      let at = '';
      for (const a of cues.json.actions) {
        const v = (u[a.action] ?? 0) / (a.threshold ?? CUE_MIN);
        if (a.weights.length && v > best) (best = v), (at = a.action);
      }
      return at;
    };
    const topRight = calling.filter((i) => i.called.has(top(i.text) as Action)).length;
    const quietRaise = items.filter((i) => calledFor(reader, i.category).size === 0 && i.slots.length > 0).length;
    const categoriesOf = new Map<string, Set<string>>();
    for (const i of items) if (i.set) categoriesOf.set(i.set, (categoriesOf.get(i.set) ?? new Set()).add(i.category));
    const raised = items.filter((i) => i.set).length;
    const pure = items.filter((i) => i.set && categoriesOf.get(i.set)!.size === 1).length;
    const categories = new Set(items.map((i) => i.category)).size;
    const categoriesRaising = new Set(items.filter((i) => i.set).map((i) => i.category)).size;
    const words = cues.json.actions.map((a) => `${a.action} ${a.weights.length}${a.threshold !== undefined ? ` (≥ ${a.threshold})` : ''}`).join(', ');
    console.log(
      `${name} world, ${n} deals, ε ${epsilon}${values['explored-only'] ? ', fitted on the explored weeks only' : ''}, target ${values.target}, estimator ${values.estimator}${values.estimator === 'dr' ? ` (null quantile ${values.quantile})` : ''}, fit ${fitSeconds.toFixed(1)} s (${samples.length} weeks, won ${((100 * [...won.values()].filter(Boolean).length) / won.size).toFixed(1)} %): ` +
        `${raised}/${items.length} phrasings raise a cue (${categoriesRaising}/${categories} categories), ${pure} in a cue set of their category alone, ` +
        `${categoriesOf.size} distinct cue sets; of ${calling.length} phrasings whose category calls for an action (the reference reader), ${right} raise its cue, ${other} only others, ${topRight} score it highest of all actions; ` +
        `${quietRaise} phrasings of categories that change nothing raise a cue; words kept: ${words}`,
    );
    // --per-stage: cues fitted on one stage's weeks only (qualified; proposal and negotiation together), judged against the reader's call in that stage.
    if (values['per-stage']) {
      for (const [label, stages, checked] of [['qualified', [1], 'qualified'], ['proposal+negotiation', [2, 3], 'negotiation']] as const) {
        const own = fitCues(samples.filter((x) => (stages as readonly number[]).includes(x.stage)));
        const read = Object.entries(table).flatMap(([category, texts]) => texts.map((t) => ({ category, slots: own.topicsOf(say(t, WORDS)), called: calledFor(reader, category, checked) })));
        const call = read.filter((i) => i.called.size > 0);
        console.log(
          `  ${label} weeks only: of ${call.length} phrasings whose category calls for an action there, ${call.filter((i) => i.slots.some((k) => i.called.has(ACTIONS[k]!))).length} raise its cue, ` +
            `${call.filter((i) => i.slots.length > 0 && !i.slots.some((k) => i.called.has(ACTIONS[k]!))).length} only others; ${read.filter((i) => i.called.size === 0 && i.slots.length > 0).length} of the other ${read.length - call.length} raise a cue`,
        );
      }
    }
  }
}
