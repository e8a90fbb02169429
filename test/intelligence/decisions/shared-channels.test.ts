/**
 * Strength shared along the catalog's structure (CorrelatedPosterior with shareChannels): the actions of one kind
 * of outreach (written, live) share a weight per feature and each keeps a deviation with a learned variance; an
 * action of no kind (wait) learns alone. Synthetic worlds of their own (no benchmark's data): where the kinds differ
 * and the actions within a kind are alike, sharing by kind estimates better than actions learning alone and than
 * one level shared by all actions.
 */
import { describe, expect, it } from 'vitest';
import { channelKindOf, CorrelatedPosterior } from '../../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../../src/intelligence/scoring/learn/rng.js';

const ACTIONS = ['email', 'case_study', 'linkedin_message', 'call', 'meeting_invite', 'event_invite', 'wait'] as const;
const LEVELS = { role: 8, size: 5, industry: 16, source: 6 } as const;
type Group = keyof typeof LEVELS;

/** Per kind of outreach its own effects; each action = its kind's effect + N(0, deviation²); wait its own. */
function world(seed: number, deviation: number) {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const groups = Object.keys(LEVELS) as Group[];
  const draw = (sd: number) => Object.fromEntries(groups.map((g) => [g, Array.from({ length: LEVELS[g] }, () => sd * normal())])) as Record<Group, number[]>;
  const byKind = { written: draw(0.6), live: draw(0.6), none: draw(0.3) };
  const effect = Object.fromEntries(
    ACTIONS.map((a) => {
      const k = byKind[channelKindOf(a) ?? 'none'];
      return [a, Object.fromEntries(groups.map((g) => [g, k[g].map((c) => c + deviation * normal())]))];
    }),
  ) as Record<string, Record<Group, number[]>>;
  const bias = Object.fromEntries(ACTIONS.map((a) => [a, -2.6 + 0.4 * normal()]));
  const x = () => Object.fromEntries(groups.map((g) => [g, Math.floor(rng() * LEVELS[g])])) as Record<Group, number>;
  const features = (v: Record<Group, number>) => ['bias', ...groups.map((g) => `${g}=${v[g]}`)];
  const logit = (a: string, v: Record<Group, number>) => bias[a]! + groups.reduce((s, g) => s + effect[a]![g][v[g]]!, 0);
  const sample = (n: number) =>
    Array.from({ length: n }, () => {
      const v = x();
      const a = ACTIONS[Math.floor(rng() * ACTIONS.length)]!;
      const z = logit(a, v);
      return { a, f: features(v), z, y: rng() < 1 / (1 + Math.exp(-z)) };
    });
  return { sample };
}

type Data = ReturnType<ReturnType<typeof world>['sample']>;
const rmse = (p: CorrelatedPosterior, test: Data) => Math.sqrt(test.reduce((s, t) => s + (p.moments(t.a, t.f).mean - t.z) ** 2, 0) / test.length);
const fit = (data: Data, opts: { shareActions?: boolean; shareChannels?: boolean }) => {
  const p = new CorrelatedPosterior(1, { learnGroupVariances: true, ...opts });
  for (const d of data) p.update(d.a, d.f, d.y);
  return p;
};

describe('the catalog’s kinds of outreach', () => {
  it('reads written and live outreach from the words of an action key; wait and unknown words are no kind', () => {
    for (const a of ['email', 'linkedin_message', 'case_study', 'send_whitepaper', 'sms']) expect(channelKindOf(a)).toBe('written');
    for (const a of ['call', 'meeting_invite', 'event_invite', 'webinar', 'book_demo', 'coffee_visit', 'email_meeting_invite']) expect(channelKindOf(a)).toBe('live');
    for (const a of ['wait', 'escalate', 'x', 'mailbox_cleanup_xyz']) expect(channelKindOf(a)).toBeUndefined();
  });
});

describe('strength shared along the catalog’s structure', () => {
  for (const seed of [1, 2]) {
    it(`estimates better than actions alone and than one level for all actions when kinds differ (seed ${seed})`, () => {
      const w = world(seed, 0.15);
      const data = w.sample(8000);
      const test = w.sample(3000);
      const byKind = fit(data, { shareChannels: true });
      const alone = fit(data, {});
      const all = fit(data, { shareActions: true });
      expect(rmse(byKind, test)).toBeLessThan(0.85 * rmse(alone, test));
      expect(rmse(byKind, test)).toBeLessThan(rmse(all, test));
      // Each kind has shared weights of its own; wait has none.
      expect(byKind.sharedWeight('role=1', 'written')).not.toBeCloseTo(byKind.sharedWeight('role=1', 'live')!, 2);
      expect(byKind.sharedWeight('role=1')).toBeUndefined();
    });
  }

  it('costs little when the actions of a kind share nothing', () => {
    const w = world(3, 0.6);
    const data = w.sample(8000);
    const test = w.sample(3000);
    expect(rmse(fit(data, { shareChannels: true }), test)).toBeLessThan(1.1 * rmse(fit(data, {}), test));
  });

  it('restores from a snapshot between refits and goes on to the same posterior', () => {
    const w = world(4, 0.15);
    const data = w.sample(3000);
    const opts = { learnGroupVariances: true, shareChannels: true };
    const straight = fit(data, { shareChannels: true });
    const first = fit(data.slice(0, 1717), { shareChannels: true });
    const restored = CorrelatedPosterior.fromJSON(JSON.parse(JSON.stringify(first)), 1, opts);
    for (const d of data.slice(1717)) restored.update(d.a, d.f, d.y);
    for (const a of ACTIONS)
      for (const f of [data[0]!.f, ['bias', 'role=3', 'industry=unseen']]) {
        expect(restored.moments(a, f).mean).toBeCloseTo(straight.moments(a, f).mean, 8);
        expect(restored.moments(a, f).variance).toBeCloseTo(straight.moments(a, f).variance, 8);
      }
    expect(restored.sharedWeight('role=3', 'live')).toBeCloseTo(straight.sharedWeight('role=3', 'live')!, 8);
  });
});
