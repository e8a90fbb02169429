/**
 * What a contact's traits (contactPreference, with preferenceFading) cost on the request path, in process: outcomes
 * over a book of many contacts (100k by default) are learned one at a time, as the server's sync applies them before
 * an answer, and each update's time is recorded — the grids' refit jobs included, spread over the outcomes after the
 * one that starts them — beside one estimate of a contact's offsets per outcome (what an answer reads). Also printed:
 * how long each refit job takes when run at once (`settle`), i.e. what one request would pay if the refit ran inside
 * the request that triggers it. Synthetic outcomes (3 shared features, random actions, 8 % responses): this measures
 * time, not learning.
 *
 *   nice npx tsx bench/nba/preference-cost.ts [--contacts 100000] [--outcomes 20000] [--fading true|false] [--worker]
 *
 * `--fading false`: contactPreference alone (preferenceFading off). `--worker`: refits in a worker thread, as the
 * server runs them (preference-refit-pool.ts) — the update's time is then what the learning thread pays.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ContactPreferences, CorrelatedPosterior } from '../../src/intelligence/decisions/index.js';
import { refitInWorker } from '../../src/intelligence/decisions/preference-refit-pool.js';
import { mulberry32 } from '../../src/intelligence/scoring/learn/rng.js';

const { values } = parseArgs({ options: { contacts: { type: 'string', default: '100000' }, outcomes: { type: 'string', default: '20000' }, fading: { type: 'string', default: 'true' }, worker: { type: 'boolean', default: false } } });
const fading = values.fading !== 'false';
const contacts = Number(values.contacts);
const outcomes = Number(values.outcomes);
const actions = ['email', 'call', 'linkedin_message', 'meeting_invite', 'event_invite', 'case_study', 'wait'];
const rng = mulberry32(7);
const start = 490_000;
const rows = Array.from({ length: outcomes }, (_, k) => {
  const c = Math.floor(rng() * contacts);
  return { a: actions[Math.floor(rng() * actions.length)]!, f: ['bias', `seg=${c % 5}`, `contact=c${c}`, `at=${start + k * 0.2}`], y: rng() < 0.08 };
});

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((q / 100) * s.length))]!;
};
const load0 = os.loadavg()[0]!;
const p = new CorrelatedPosterior(0.3, { learnGroupVariances: true, contactPreference: true, preferenceFading: fading, ...(values.worker ? { preferenceRunner: refitInWorker } : {}) });
const update: number[] = [];
const answer: number[] = [];
for (const r of rows) {
  let t = performance.now();
  p.update(r.a, r.f, r.y);
  update.push(performance.now() - t);
  t = performance.now();
  for (const a of actions) p.moments(a, r.f);
  answer.push(performance.now() - t);
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(3)} / p95 ${pct(xs, 95).toFixed(3)} / p99 ${pct(xs, 99).toFixed(3)} / max ${Math.max(...xs).toFixed(1)} ms`;
console.log(`${fading ? 'with fading' : 'no fading'}, refits ${values.worker ? 'in a worker thread' : 'spread over outcomes in this thread'}; ${outcomes} outcomes over ${contacts} contacts (${p.preferences!.size} with outcomes); half-life ${(p.preferences!.halfLifeHours / 24).toFixed(1)} d`);
console.log(`update (the refit jobs spread over the outcomes): ${fmt(update)}`);
console.log(`offsets of 7 actions for the contact (an answer's read): ${fmt(answer)}`);

// The same refits run at once: what the request that starts one would pay inside it.
const once = new ContactPreferences(fading);
const settle: { at: number; ms: number }[] = [];
rows.forEach((r, k) => {
  once.learn(r.f[2]!.slice('contact='.length), r.a, -2.5, 0.1, r.y, Number(r.f[3]!.slice('at='.length)));
  if (once.refitPending && !once.refitComputed) {
    const t = performance.now();
    once.settle();
    settle.push({ at: k + 1, ms: performance.now() - t });
  }
});
console.log(`each refit run at once (outcome: ms): ${settle.map((s) => `${s.at}: ${s.ms.toFixed(0)}`).join(', ')}`);
console.log(`load average ${load0.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after (${os.availableParallelism()} cores)`);
