/**
 * The contacts' outcome rows (CONTACT_OUTCOMES_MODEL) stay bounded by the kept outcomes, not by every outcome ever
 * learned, and hold each outcome once with two servers on one database; a recommendation says when the posterior
 * version that answered it has been pruned. On SQLite and PostgreSQL.
 *
 * The outcomes are appended to the log directly (contexts logged by real recommendations, on six contacts, so that
 * each contact passes its 200 kept outcomes many times over): learning them through the service's sync is what every
 * server does with the log, and this is fast enough for ~9,000 outcomes in a test.
 */
import { expect, it } from 'vitest';
import { CONTACT_OUTCOMES_MODEL, NextActionService, POSTERIOR_MODEL, POSTERIOR_VERSIONS_KEPT, type ContactOutcomeChunk } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';
import type { OutcomeEvent } from '../../../src/storage/index.js';
import { describeEachBackend } from '../../support/backends.js';

const ws = 'default';
const PEOPLE = 6;
const OUTCOMES = 9000;
const KEPT_PER_CONTACT = 200;

describeEachBackend('the contacts outcome rows', (ctx) => {
  const belief = async (s: NextActionService, contactId: string) => {
    const a = await s.nextAction(ws, contactId, { policy: 'fixed:wait' });
    return Object.fromEntries([[a.action, a.expected], ...a.alternatives.map((x) => [x.action, x.expected] as const)]);
  };
  const sameBelief = async (want: NextActionService, others: NextActionService[]) => {
    for (let i = 0; i < PEOPLE; i++) {
      const w = await belief(want, `ct_rows_${i}`);
      for (const other of others) {
        const got = await belief(other, `ct_rows_${i}`);
        expect(Object.keys(got).sort()).toEqual(Object.keys(w).sort());
        for (const [action, p] of Object.entries(w)) expect(got[action]).toBeCloseTo(p, 12);
      }
    }
  };

  it('are compacted to the kept outcomes, hold each outcome once across servers, and every server agrees', async () => {
    const { crm, clock } = ctx();
    const storage = crm.storage;
    for (let i = 0; i < PEOPLE; i++) await crm.records.create(ws, 'contact', { id: `ct_rows_${i}`, first_name: 'Ada', last_name: `R${i}`, title: i % 2 ? 'VP Sales' : 'Head of Finance' });
    const a = new NextActionService(storage, clock, { seed: 1, refitWorker: false });
    // One logged context per contact (the shape every outcome's context has).
    const contexts: Record<string, unknown>[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const rec = await a.nextAction(ws, `ct_rows_${i}`, { policy: 'random' });
      contexts.push(JSON.parse((await storage.recommendations.get(ws, rec.recommendationId))!.context) as Record<string, unknown>);
    }
    const early = await a.nextAction(ws, 'ct_rows_0', { policy: 'random' });
    const actions = ['email', 'call', 'linkedin_message', 'meeting_invite'];
    const rng = mulberry32(9);
    let b: NextActionService | undefined;
    let earlyVersioned: Awaited<ReturnType<NextActionService['nextAction']>> | undefined;
    for (let k = 0; k < OUTCOMES; k += 100) {
      const entries: OutcomeEvent[] = [];
      for (let j = 0; j < 100; j++) {
        const i = Math.floor(rng() * PEOPLE);
        const action = actions[Math.floor(rng() * actions.length)]!;
        const liked = (i % 2 === 0 && action === 'email') || (i % 2 === 1 && action === 'call');
        const responded = rng() < (liked ? 0.6 : 0.1);
        entries.push({ kind: 'action_outcome', entity: 'contact', record_id: `ct_rows_${i}`, at: clock.now().toISOString(), source: 'api', actor: null, detail: { recommendation_id: `rc_x${k + j}`, policy: 'random', action, propensity: 0.25, model_version: 0, outcome: responded ? 'responded' : 'no_response', responded, outcome_source: 'api' }, context: contexts[i]! });
      }
      await storage.outcomes.append(ws, entries);
      clock.advance(60_000);
      // From the 3,000th outcome a second server follows the log too and stores versions of its own.
      if (k === 3000) b = new NextActionService(storage, clock, { seed: 2, refitWorker: false });
      await a.posteriorInfo(ws);
      if (b && (k / 100) % 2 === 1) await b.posteriorInfo(ws);
      if (k === 600) {
        await a.flush(ws);
        earlyVersioned = await a.nextAction(ws, 'ct_rows_1', { policy: 'random' });
      }
    }
    await a.flush(ws);
    await b!.flush(ws);
    const observed = (await a.posteriorInfo(ws)).outcomes;
    expect(observed).toBe(OUTCOMES);

    const rows = (await storage.models.versionsAfter(ws, CONTACT_OUTCOMES_MODEL, 0, 100_000)).map((r) => JSON.parse(r.data) as ContactOutcomeChunk);
    // Each outcome (a contact's position) is stored once, though two servers stored versions (before: once per server).
    const seen = new Map<string, number>();
    for (const c of rows) for (const [id, x] of Object.entries(c.contacts)) for (const q of x[4]!) seen.set(`${id}@${q}`, (seen.get(`${id}@${q}`) ?? 0) + 1);
    const twice = [...seen.values()].filter((n) => n > 1).length;
    expect(twice, 'outcomes stored more than once').toBe(0);
    // The rows are compacted: a base holds each contact's newest 200 up to its position, the rest are deltas after it,
    // so the rows hold at most contacts × 200 plus the outcomes after the base — not every outcome learned.
    const bases = rows.filter((c) => c.base);
    expect(bases.length).toBeGreaterThan(0);
    const baseThrough = bases[0]!.through;
    for (const c of bases) expect(c.through).toBe(baseThrough);
    for (const c of rows.filter((r) => !r.base)) expect(c.after).toBeGreaterThanOrEqual(baseThrough);
    const inBase = new Map<string, number>();
    for (const c of bases) for (const [id, x] of Object.entries(c.contacts)) inBase.set(id, (inBase.get(id) ?? 0) + x[0].length);
    for (const n of inBase.values()) expect(n).toBeLessThanOrEqual(KEPT_PER_CONTACT);
    const stored = rows.reduce((n, c) => n + c.outcomes, 0);
    expect(stored).toBeLessThanOrEqual(PEOPLE * KEPT_PER_CONTACT + (observed - baseThrough));
    expect(stored, `rows hold ${stored} of ${observed} outcomes (base at ${baseThrough})`).toBeLessThan(observed * 0.75);
    // …and the base is no later than any kept version's position (every kept version can still be read).
    const versions = await storage.models.versionsAfter(ws, POSTERIOR_MODEL, 0, 1000);
    expect(versions.length).toBe(POSTERIOR_VERSIONS_KEPT);
    for (const v of versions) expect((JSON.parse(v.data) as { preferences: { observed: number } }).preferences.observed).toBeGreaterThanOrEqual(baseThrough);

    // A restart reads the base and the deltas and answers as the two servers that learned the outcomes as they came.
    const restarted = new NextActionService(storage, clock, { seed: 3, refitWorker: false });
    expect((await restarted.posteriorInfo(ws)).outcomes).toBe(observed);
    await sameBelief(a, [b!, restarted]);

    // Every kept version, rolled back to in turn (the oldest last), is read from the same rows and comes to the same
    // posterior — those stored while a refit of the grids was under way too: the refit restarts from the contacts'
    // outcomes at its cut, merged from the rows (here each contact passes its 200 between a cut and the version).
    let tested = Infinity;
    for (let r = 0; r < POSTERIOR_VERSIONS_KEPT; r++) {
      // A server started from an older version stores versions of its own as it learns the log again: past them too.
      while ((await storage.models.currentInfo(ws, POSTERIOR_MODEL))!.version >= tested) await storage.models.rollback(ws, POSTERIOR_MODEL);
      const cur = (await storage.models.currentInfo(ws, POSTERIOR_MODEL))!;
      tested = cur.version;
      const from = new NextActionService(storage, clock, { seed: 4 + r, refitWorker: false });
      expect((await from.posteriorInfo(ws)).outcomes).toBe(observed);
      await sameBelief(a, [from]);
    }
    expect(tested).toBe(versions[0]!.version);

    // A recommendation answered by a version since pruned says so; one answered by a kept version does not.
    const late = await a.nextAction(ws, 'ct_rows_2', { policy: 'random' });
    const listed = new Map((await a.list(ws, { limit: 1000 })).data.map((r) => [r.id, r]));
    expect(earlyVersioned!.modelVersion).toBeGreaterThan(0);
    expect(listed.get(earlyVersioned!.recommendationId)!.model_version_pruned).toBe(true);
    expect(listed.get(late.recommendationId)!.model_version_pruned).toBe(false);
    // Version 0 (the prior, before any outcome) is never stored, so never pruned.
    expect(listed.get(early.recommendationId)).toMatchObject({ model_version: 0, model_version_pruned: false });
  }, 900_000);
});
