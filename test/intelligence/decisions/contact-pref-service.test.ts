/**
 * contactPreference in the service (next-action.service.ts): the grids' refits run in a worker thread, and still
 * every server on one database and every restart answer from the same posterior — a server that applied the
 * outcomes as they came (its refit in the worker), one that starts while a refit is under way (from the snapshot
 * and the log), and one that runs its refits in its own thread give the same expected responses (to 12 digits: a
 * snapshot's round trip moves the shared model's last bits, with or without contact preferences).
 * On SQLite; outcomes through the service, ~1,600 of them (a refit starts at the 1,000th and swaps in at the 1,500th).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createCrm, prepareStorage } from '../../../src/crm/index.js';
import { DEFAULT_LEARNER_OPTIONS, NextActionService, POSTERIOR_MODEL, PREFERENCE_REFIT_START, REFIT_SPREAD } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';
import { openStorage } from '../../../src/storage/connect.js';
import type { Storage } from '../../../src/storage/index.js';

const ws = 'default';
const PEOPLE = 120;
const learner = { ...DEFAULT_LEARNER_OPTIONS, contactPreference: true };

describe('contact preferences in the service, refits in a worker thread', () => {
  let dir: string;
  let storage: Storage;
  const clock = fixedClock('2026-11-01T12:00:00Z');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-contact-pref-'));
    storage = await openStorage({ dataDir: dir });
    await prepareStorage(storage, clock);
    const crm = createCrm({ storage, clock });
    const titles = ['Head of Finance', 'VP Sales', 'Software Engineer', 'Marketing Manager'];
    for (let i = 0; i < PEOPLE; i++) await crm.records.create(ws, 'contact', { id: `ct_pref_${i}`, first_name: 'Ada', last_name: `P${i}`, title: titles[i % 4] });
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What a server believes about a contact: every action's expected response, read through a wait (no touch). */
  const belief = async (s: NextActionService, contactId: string) => {
    const a = await s.nextAction(ws, contactId, { policy: 'fixed:wait' });
    return Object.fromEntries([[a.action, a.expected], ...a.alternatives.map((x) => [x.action, x.expected] as const)]);
  };

  it('gives one posterior to a server that learned as outcomes came, one started mid-refit, and one refitting in its own thread', async () => {
    const rng = mulberry32(3);
    const a = new NextActionService(storage, clock, { seed: 1, learner });
    // Contact i answers e-mail (i % 3 = 0) or calls (1) far more often: something per contact for the grids to learn.
    const pair = async () => {
      const i = Math.floor(rng() * PEOPLE);
      const rec = await a.nextAction(ws, `ct_pref_${i}`, { policy: 'random' });
      const liked = (i % 3 === 0 && rec.action === 'email') || (i % 3 === 1 && rec.action === 'call');
      await a.recordOutcome(ws, rec.recommendationId, rng() < (liked ? 0.6 : 0.1) ? 'responded' : 'no_response');
      clock.advance(60_000);
    };
    const midRefit = PREFERENCE_REFIT_START + 200;
    for (let k = 0; k < midRefit; k++) await pair();
    // A snapshot now holds a refit under way (cut at the 1,000th outcome); a server starting now restarts it from there.
    await a.flush(ws);
    const b = new NextActionService(storage, clock, { seed: 2, learner });
    await b.posteriorInfo(ws);
    for (let k = midRefit; k < PREFERENCE_REFIT_START + REFIT_SPREAD + 100; k++) await pair();
    const c = new NextActionService(storage, clock, { seed: 3, learner, refitWorker: false });
    for (const i of [0, 1, 2, 7, 50]) {
      const want = await belief(a, `ct_pref_${i}`);
      for (const other of [b, c]) {
        const got = await belief(other, `ct_pref_${i}`);
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
        for (const [action, p] of Object.entries(want)) expect(got[action]).toBeCloseTo(p, 12);
      }
    }
    // The grids were learned (swapped in at the 1,500th outcome) and the snapshots carry them.
    await a.flush(ws);
    const stored = JSON.parse((await storage.models.current(ws, POSTERIOR_MODEL))!.data) as { preferences?: { pu?: number[]; observed: number } };
    expect(stored.preferences?.pu).toHaveLength(13);
    expect(stored.preferences!.observed).toBeGreaterThanOrEqual(PREFERENCE_REFIT_START + REFIT_SPREAD);
  }, 300_000);
});
