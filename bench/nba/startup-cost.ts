/**
 * What a next-best-action server's start costs: the bytes it reads from the model registry (the newest `nba:posterior`
 * version and the `nba:contact-outcomes` rows) and the time of its first sync (read, merge, build the posterior) on a
 * fresh process. Three steps, each a separate run, so the code before and after a change can be run on copies of one
 * database:
 *
 *   --build: a SQLite database in --dir with --contacts contacts and --outcomes outcomes learned through the service
 *            (one logged context per contact, from a real recommendation; outcomes appended to the log in batches of
 *            100 and learned by sync, a version stored every 500 — as a server does). Contact i prefers e-mail or calls.
 *   --compact: runs the service's compaction once (when the code has it) and says what it did.
 *   --same-as DIR2: starts a server on each database and says whether the posteriors they read are the same (the
 *            whole posterior as JSON, the contacts' kept outcomes inside), e.g. a copy before and after --compact.
 *   (default): measures the start --repeat times, each in this process with a new service (the first is the cold one).
 *
 *   nice -n 19 npx tsx bench/nba/startup-cost.ts --dir /tmp/nba-start/a --build --contacts 5000 --outcomes 54000
 *   nice -n 19 npx tsx bench/nba/startup-cost.ts --dir /tmp/nba-start/a [--repeat 3]
 */
import { parseArgs } from 'node:util';
import { fixedClock } from '../../src/core/clock.js';
import { createCrm, prepareStorage } from '../../src/crm/index.js';
import { CONTACT_OUTCOMES_MODEL, NextActionService, POSTERIOR_MODEL } from '../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../src/intelligence/scoring/learn/rng.js';
import { openStorage } from '../../src/storage/connect.js';
import type { OutcomeEvent } from '../../src/storage/index.js';

const { values: a } = parseArgs({
  options: {
    dir: { type: 'string' }, 'same-as': { type: 'string' }, build: { type: 'boolean', default: false }, compact: { type: 'boolean', default: false },
    contacts: { type: 'string', default: '5000' }, outcomes: { type: 'string', default: '54000' }, repeat: { type: 'string', default: '3' },
  },
});
if (!a.dir) throw new Error('--dir DIR: a CRM data directory (SQLite)');
const ws = 'default';
const storage = await openStorage({ dataDir: a.dir });
await prepareStorage(storage);
const clock = fixedClock('2026-11-01T00:00:00Z');

if (a.build) {
  const crm = createCrm({ storage, clock });
  const people = Number(a.contacts);
  const total = Number(a.outcomes);
  const s = new NextActionService(storage, clock, { seed: 1, refitWorker: false });
  const titles = ['Head of Finance', 'VP Sales', 'Software Engineer', 'Marketing Manager'];
  const contexts: Record<string, unknown>[] = [];
  for (let i = 0; i < people; i++) {
    await crm.records.create(ws, 'contact', { id: `ct_start_${i}`, first_name: 'Ada', last_name: `S${i}`, title: titles[i % 4] });
    const rec = await s.nextAction(ws, `ct_start_${i}`, { policy: 'random' });
    contexts.push(JSON.parse((await storage.recommendations.get(ws, rec.recommendationId))!.context) as Record<string, unknown>);
  }
  const actions = ['email', 'call', 'linkedin_message', 'meeting_invite', 'event_invite', 'case_study'];
  const rng = mulberry32(7);
  const t0 = performance.now();
  for (let k = 0; k < total; k += 100) {
    const entries: OutcomeEvent[] = [];
    for (let j = 0; j < 100 && k + j < total; j++) {
      const i = Math.floor(rng() * people);
      const action = actions[Math.floor(rng() * actions.length)]!;
      const liked = (i % 3 === 0 && action === 'email') || (i % 3 === 1 && action === 'call');
      const responded = rng() < (liked ? 0.5 : 0.15);
      entries.push({ kind: 'action_outcome', entity: 'contact', record_id: `ct_start_${i}`, at: clock.now().toISOString(), source: 'api', actor: null, detail: { recommendation_id: `rc_start_${k + j}`, policy: 'random', action, propensity: 1 / actions.length, model_version: 0, outcome: responded ? 'responded' : 'no_response', responded, outcome_source: 'api' }, context: contexts[i]! });
    }
    await storage.outcomes.append(ws, entries);
    clock.advance(60_000);
    await s.posteriorInfo(ws);
  }
  await s.flush(ws);
  console.log(`built: ${people} contacts, ${total} outcomes learned in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else if (a['same-as']) {
  const whole = async (st: typeof storage) => {
    const s = new NextActionService(st, clock, { seed: 1, refitWorker: false });
    await s.posteriorInfo(ws);
    // The in-memory posterior as a full snapshot holds it (the service keeps it private: read for this check only).
    const state = await (s as unknown as { states: Map<string, Promise<{ learner: { toJSON(): unknown } }>> }).states.get(ws)!;
    return JSON.stringify(state.learner.toJSON());
  };
  const other = await openStorage({ dataDir: a['same-as'] });
  const [x, y] = [await whole(storage), await whole(other)];
  await other.close();
  console.log(`posteriors read at start: ${x.length} vs ${y.length} bytes of JSON, ${x === y ? 'identical' : 'DIFFERENT'}`);
} else if (a.compact) {
  const s = new NextActionService(storage, clock, { seed: 1, refitWorker: false }) as NextActionService & { compactContactOutcomes?: (ws: string) => Promise<unknown> };
  if (!s.compactContactOutcomes) throw new Error('this code has no compaction');
  // The longest the event loop waits meanwhile (a 1 ms timer's lateness): what a request beside it would wait.
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const t = performance.now();
  const did = await s.compactContactOutcomes(ws);
  clearInterval(timer);
  console.log(`compacted in ${(performance.now() - t).toFixed(0)} ms (the event loop's longest wait ${worst.toFixed(0)} ms): ${JSON.stringify(did)}`);
} else {
  const version = await storage.models.current(ws, POSTERIOR_MODEL);
  const rows = await storage.models.versionsAfter(ws, CONTACT_OUTCOMES_MODEL, 0, 1_000_000_000);
  const rowOutcomes = rows.reduce((n, r) => n + ((JSON.parse(r.data) as { outcomes: number }).outcomes ?? 0), 0);
  const bytes = (version?.data.length ?? 0) + rows.reduce((n, r) => n + r.data.length, 0);
  console.log(`reads at start: version ${version?.version} ${((version?.data.length ?? 0) / 1e6).toFixed(3)} MB + ${rows.length} rows ${(rows.reduce((n, r) => n + r.data.length, 0) / 1e6).toFixed(3)} MB holding ${rowOutcomes} outcomes = ${(bytes / 1e6).toFixed(3)} MB`);
  for (let r = 0; r < Number(a.repeat); r++) {
    const t = performance.now();
    const s = new NextActionService(storage, clock, { seed: 1, refitWorker: false });
    const info = await s.posteriorInfo(ws);
    console.log(`start ${r + 1}: ${(performance.now() - t).toFixed(0)} ms (version ${info.version}, ${info.outcomes} outcomes)`);
  }
}
await storage.close();
