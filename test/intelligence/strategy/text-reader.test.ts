import { describe, expect, it } from 'vitest';
import { conceptSignalsOf } from '../../../src/intelligence/strategy/buyer-concepts.js';
import { dealSignalsIn } from '../../../src/intelligence/strategy/deal-state.js';
import { LearnedReader, textFeatures, type ReaderSample } from '../../../src/intelligence/strategy/text-reader.js';

/** A seeded uniform generator for the synthetic weeks. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
}

// Wordings no rule of the server was written for: invented here, each with a first name that varies.
const NAMES = ['Ada', 'Bo', 'Cleo', 'Dev', 'Eli', 'Fay'];
const HAGGLE = ['{n} keeps circling back to whether the numbers could move a little.', 'Finance at their end wants the figure trimmed before they go ahead.'];
const SPONSOR = ['{n} has to run this past the person who holds the purse strings.', 'Nothing moves until the top floor has had its say, per {n}.'];
const NEUTRAL = ['{n} walked us through their current workflow.', 'Quick catch-up with {n} about the rollout timeline.', 'No reply yet.'];

/**
 * Synthetic closed weeks: a haggling note makes a discount pay off (won 60 % with it, 10 % without), a sponsor note an
 * escalation; after a neutral note neither helps (a discount or escalation then lowers the chance a little).
 */
function weeks(n: number, seed: number): ReaderSample[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const actions = ['email', 'call', 'meeting', 'discount', 'escalate', 'wait'];
  const out: ReaderSample[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r() < 0.3 ? 'haggle' : r() < 0.45 ? 'sponsor' : 'neutral';
    const text = pick(kind === 'haggle' ? HAGGLE : kind === 'sponsor' ? SPONSOR : NEUTRAL).replace('{n}', pick(NAMES));
    const action = pick(actions);
    const p = kind === 'haggle' ? (action === 'discount' ? 0.6 : 0.1) : kind === 'sponsor' ? (action === 'escalate' ? 0.6 : 0.1) : action === 'discount' || action === 'escalate' ? 0.2 : 0.3;
    out.push({ stage: Math.floor(r() * 4), features: textFeatures(text), action, won: r() < p });
  }
  return out;
}

describe('learned reader (text-reader.ts)', () => {
  const catalog = ['email', 'call', 'meeting', 'demo', 'proposal', 'discount', 'escalate', 'wait'];

  it('the lexicon does not read these wordings (the point of learning them)', () => {
    for (const t of [...HAGGLE, ...SPONSOR]) {
      const read = dealSignalsIn(t.replace('{n}', 'Ada'));
      expect(read).not.toContain('price_objection');
      expect(read).not.toContain('missing_decision_maker');
    }
  });

  it('learns from outcomes which words make a discount or a sponsor pay off, and reads new notes with them', () => {
    const reader = LearnedReader.fit(weeks(3000, 1), catalog, { seed: 1 });
    expect(reader.active).toBe(true);
    // Another first name than any in training: the name is not what it learned.
    expect(reader.read('Gus keeps circling back to whether the numbers could move a little.')).toEqual(['price_objection']);
    expect(reader.read('Nothing moves until the top floor has had its say, per Gus.')).toEqual(['missing_decision_maker']);
    for (const t of NEUTRAL) expect(reader.read(t.replace('{n}', 'Gus'))).toEqual([]);
    // Stored and read back, it reads the same.
    const again = LearnedReader.fromJSON(JSON.parse(JSON.stringify(reader.toJSON())))!;
    expect(again.read(HAGGLE[1]!)).toEqual(['price_objection']);
  });

  it('learns nothing when the action was rarely taken (too few closed weeks with it)', () => {
    const few = weeks(3000, 2).filter((s, i) => s.action !== 'discount' || i % 40 === 0);
    const reader = LearnedReader.fit(few, catalog, { seed: 2 });
    expect(reader.read(HAGGLE[0]!.replace('{n}', 'Gus'))).not.toContain('price_objection');
  });

  it('learns nothing when the words do not change what the action does', () => {
    const r = rng(3);
    const flat = weeks(3000, 3).map((s) => ({ ...s, won: r() < 0.3 }));
    const reader = LearnedReader.fit(flat, catalog, { seed: 3 });
    for (const t of [...HAGGLE, ...SPONSOR, ...NEUTRAL]) expect(reader.read(t.replace('{n}', 'Gus'))).toEqual([]);
  });
});

describe('concept reading (buyer-concepts.ts)', () => {
  it('reads money + a difficulty, authority + absence, a rival — and negations', () => {
    expect(conceptSignalsOf('She said the licence fee is steep for a team their size.')).toEqual(['price_objection']);
    expect(conceptSignalsOf('Procurement says the spend is more than they can justify this quarter.')).toEqual(['price_objection']);
    expect(conceptSignalsOf('Their director still has to bless this before we go further.')).toEqual(['missing_decision_maker']);
    expect(conceptSignalsOf('We have not met anyone who can approve the purchase.')).toEqual(['missing_decision_maker']);
    expect(conceptSignalsOf('They are also talking to another supplier.')).toEqual(['competition']);
    expect(conceptSignalsOf('Price was never their concern.')).toEqual([]);
    expect(conceptSignalsOf('The CFO joined the call and is supportive.')).toEqual([]);
    expect(conceptSignalsOf('Sent the proposal with pricing.')).toEqual([]);
    expect(conceptSignalsOf('They did not need another executive on the call.')).toEqual([]);
  });
});
