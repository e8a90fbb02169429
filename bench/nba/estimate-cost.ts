/**
 * What `estimate` (the policies' view of the posterior: every action's moments, probabilityBest, one Thompson draw)
 * costs per decision, in CPU time, on the shared data's contacts — the request path's share of the learner.
 * A learner is trained on `--train` outcomes of random actions on real contexts (the contacts of the shared data,
 * touch ages drawn so the fatigue load has values), then `estimate` is timed over `--contexts` contexts, `--rounds`
 * times; the minimum per decision over the rounds is printed (the least disturbed by other processes).
 *
 *   npx tsx bench/nba/estimate-cost.ts [--learner k=v,…] [--train 20000] [--contexts 5000] [--rounds 7]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACTIONS, NbaLearner, type ContactContext } from '../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../src/intelligence/scoring/learn/rng.js';
import { learnerOptionsOf, loadCrmView } from '../nba-learner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    learner: { type: 'string', default: '' },
    train: { type: 'string', default: '20000' },
    contexts: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '7' },
    data: { type: 'string', default: path.resolve(here, '../../../shared/data/crm') },
  },
});
const view = loadCrmView(args.data!);
const learner = new NbaLearner(learnerOptionsOf(args.learner!));
const rng = mulberry32(11);
const ids = [...view.contacts.keys()];
const now = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const contextAt = (): ContactContext => {
  const record = view.contacts.get(ids[Math.floor(rng() * ids.length)]!)!;
  const company = typeof record.company_id === 'string' ? view.companies.get(record.company_id) : undefined;
  const n = Math.floor(rng() * 4);
  const recs = Array.from({ length: n }, () => ({ at: new Date(now.getTime() - rng() * 14 * 24 * HOUR), action: DEFAULT_ACTIONS[Math.floor(rng() * (DEFAULT_ACTIONS.length - 1))]! }));
  // With longTouches, a month's count too (the window's touches and up to two older ones; no draw otherwise, so the default's stream is as before).
  const long = learner.options.longTouches ? { longTouches: n + Math.floor(rng() * 3) } : {};
  return learner.context(record, company, { recommendations: recs, activities: 0, ...long }, now);
};
const catalog = [...DEFAULT_ACTIONS];
for (let i = 0; i < Number(args.train); i++) learner.learn(catalog[Math.floor(rng() * catalog.length)]!, contextAt(), rng() < 0.1);
const contexts = Array.from({ length: Number(args.contexts) }, contextAt);
let best = Infinity;
const rounds: number[] = [];
for (let r = 0; r < Number(args.rounds); r++) {
  const t0 = process.cpuUsage();
  for (const c of contexts) learner.estimate(c, catalog, rng);
  const t = process.cpuUsage(t0);
  const us = (t.user + t.system) / contexts.length;
  rounds.push(us);
  best = Math.min(best, us);
}
// The common-term check alone (ActionPosterior.commonPart for every action, features precomputed): what `estimate`
// asks of a posterior beyond the moments since the shared draw (2026-12-07).
const featureSets = contexts.map((c) => learner.featuresFor(c));
const perAction = featureSets.map((f) => catalog.map((a) => f(a)));
let bestCheck = Infinity;
const posterior = learner.posterior as { commonPart?: (a: string, f: readonly string[]) => unknown };
let sink = 0;
if (posterior.commonPart)
  for (let r = 0; r < Number(args.rounds); r++) {
    const t0 = process.cpuUsage();
    for (let rep = 0; rep < 20; rep++)
      for (const fs of perAction) {
        const parts: unknown[] = [];
        for (let i = 0; i < catalog.length; i++) parts.push(posterior.commonPart(catalog[i]!, fs[i]!));
        sink += parts.length;
      }
    const t = process.cpuUsage(t0);
    bestCheck = Math.min(bestCheck, (t.user + t.system) / (20 * contexts.length));
  }
console.log(`estimate: ${best.toFixed(1)} µs CPU per decision (min of ${rounds.length} rounds of ${contexts.length}; rounds ${rounds.map((u) => u.toFixed(1)).join(' ')}); learner ${args.learner || 'default'}, ${learner.outcomes} outcomes${Number.isFinite(bestCheck) ? `; of which the common-term check ${bestCheck.toFixed(2)} µs (${sink > 0 ? catalog.length : 0} actions)` : ''}`);
