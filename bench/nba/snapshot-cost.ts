/**
 * What a snapshot of the next-best-action posterior costs, read from a database a server wrote (e.g. the latency
 * bench's, after its runs): the newest version of `nba:posterior` and the contacts' outcome rows beside it, read as
 * the service reads them; then, timed on this thread, serialising the whole posterior with the contacts' outcomes
 * inside (what every version carried before 2026-12-07 evening) against the version without them plus the delta of
 * the last 500 outcomes (what a version stores now), and reading back either. Sizes in bytes of JSON.
 *
 *   nice -n 19 npx tsx bench/nba/snapshot-cost.ts --db bench/.data/nba-latency-sqlite-100000 [--repeat 5]
 */
import { parseArgs } from 'node:util';
import { CONTACT_OUTCOMES_MODEL, mergeContactOutcomes, NbaLearner, POSTERIOR_MODEL, type ContactOutcomeChunk, type StoredContactPreferences } from '../../src/intelligence/decisions/index.js';
import { openStorage } from '../../src/storage/connect.js';

const { values: a } = parseArgs({ options: { db: { type: 'string' }, repeat: { type: 'string', default: '5' }, workspace: { type: 'string', default: 'default' } } });
if (!a.db) throw new Error('--db DIR: a CRM data directory (SQLite) holding nba:posterior versions');
const storage = await openStorage({ dataDir: a.db });
const ws = a.workspace;
const stored = await storage.models.current(ws, POSTERIOR_MODEL);
if (!stored) throw new Error('no nba:posterior version in this database');
const rows: ContactOutcomeChunk[] = [];
for (let after = 0; ; ) {
  const got = await storage.models.versionsAfter(ws, CONTACT_OUTCOMES_MODEL, after, 100);
  for (const r of got) rows.push(JSON.parse(r.data) as ContactOutcomeChunk);
  if (got.length < 100) break;
  after = got[got.length - 1]!.version;
}
await storage.close();

const time = <T>(f: () => T): { ms: number; value: T } => {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
};
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

const data = JSON.parse(stored.data) as { preferences?: StoredContactPreferences };
const prefs = data.preferences;
const merge = time(() => (prefs?.contactsApart ? mergeContactOutcomes(rows, prefs.observed) : undefined));
if (prefs && merge.value) prefs.contacts = merge.value;
const learner = NbaLearner.fromJSON(data);
const observed = prefs?.observed ?? 0;
const kept = Object.values(prefs?.contacts ?? {}).reduce((n, c) => n + c[0].length, 0);
console.log(`version ${stored.version}: ${learner.outcomes} outcomes learned, ${Object.keys(prefs?.contacts ?? {}).length} contacts with ${kept} kept outcomes; ${rows.length} outcome rows (merged in ${merge.ms.toFixed(1)} ms)`);

const full: number[] = [];
const apart: number[] = [];
const readFull: number[] = [];
const readApart: number[] = [];
let fullBytes = 0;
let apartBytes = 0;
let deltaBytes = 0;
for (let i = 0; i < Number(a.repeat); i++) {
  const f = time(() => JSON.stringify(learner));
  full.push(f.ms);
  fullBytes = f.value.length;
  const p = time(() => [JSON.stringify(learner.toStoredApart()), JSON.stringify(learner.contactOutcomesAfter(observed - 500) ?? null)] as const);
  apart.push(p.ms);
  apartBytes = p.value[0].length;
  deltaBytes = p.value[1].length;
  readFull.push(time(() => NbaLearner.fromJSON(JSON.parse(f.value))).ms);
  readApart.push(time(() => NbaLearner.fromJSON(JSON.parse(p.value[0]))).ms);
}
console.log(`with the contacts' outcomes inside: ${fullBytes} bytes, serialised in ${median(full).toFixed(1)} ms (median of ${full.length}), read in ${median(readFull).toFixed(1)} ms`);
console.log(`apart: the version ${apartBytes} bytes + the last 500 outcomes' delta ${deltaBytes} bytes, serialised in ${median(apart).toFixed(1)} ms, the version read in ${median(readApart).toFixed(1)} ms (+ the rows' merge above)`);
