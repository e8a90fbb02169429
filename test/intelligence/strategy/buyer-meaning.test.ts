import { afterAll, describe, expect, it } from 'vitest';
import { HashingProvider, UseLiteProvider } from '../../../src/intelligence/embeddings/index.js';
import type { EmbeddingProvider } from '../../../src/intelligence/embeddings/provider.js';
import { BuyerMeaning, meaningSignalsOf, nearestConcept, normaliseClause } from '../../../src/intelligence/strategy/buyer-meaning.js';
import { buyerSignalsOf, dealSignalsIn } from '../../../src/intelligence/strategy/deal-state.js';
import { FRESH_WORDING, FRESH_WORDING_ASIDE } from './buyer-wording.js';

/** Counts the texts it embeds. */
class Counting implements EmbeddingProvider {
  calls = 0;
  texts = 0;
  constructor(private readonly inner: EmbeddingProvider) {}
  get model() { return this.inner.model; }
  get version() { return this.inner.version; }
  get dimensions() { return this.inner.dimensions; }
  async embed(texts: readonly string[]) {
    this.calls++;
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
  close() { return this.inner.close(); }
}

const unit = (xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('nearestConcept', () => {
  const phrasings = [
    { concept: 0, v: unit([1, 0, 0]) },
    { concept: 1, v: unit([0, 1, 0]) },
  ];
  it('answers the nearest concept when near enough and ahead of the others', () => {
    expect(nearestConcept(unit([1, 0.1, 0.2]), phrasings, 0.5, 0.05)?.concept).toBe(0);
  });
  it('abstains when nothing is near or two concepts are about as near', () => {
    expect(nearestConcept(unit([0.1, 0.1, 1]), phrasings, 0.5, 0.05)).toBeNull();
    expect(nearestConcept(unit([1, 0.98, 0]), phrasings, 0.5, 0.05)).toBeNull();
  });
});

describe('normaliseClause', () => {
  it('blanks names inside a sentence and numbers, keeping the first word and acronyms', () => {
    expect(normaliseClause('Ada says Acme Corp cannot pay $12,500 before the CFO signs')).toBe('Ada says X cannot pay 9 before the CFO signs');
    expect(normaliseClause('Priya wants it')).toBe('X wants it');
  });
});

describe('BuyerMeaning (hashing provider: mechanics)', () => {
  const provider = new Counting(new HashingProvider(512));
  const meaning = new BuyerMeaning(provider);

  it('reads nothing before a note is prepared, and the concern of its nearest phrasing after', async () => {
    const text = 'Ada said the price is too high for them.';
    expect(meaningSignalsOf(text)).toEqual([]);
    await meaning.prepare([text]);
    expect(meaningSignalsOf(text)).toEqual(['price_objection']);
    // Through the state's reading too (the lexicon reads this one as well; the union holds it once).
    expect(buyerSignalsOf({ subject: 'Call', body: text })).toContain('price_objection');
  });

  it('embeds a phrasing once whatever the names in it', async () => {
    await meaning.prepare(['Priya said the price is too high for them.']);
    const before = provider.texts;
    await meaning.prepare(['Jonas said the price is too high for them.', 'Ines said the price is too high for them.']);
    expect(provider.texts).toBe(before);
    expect(meaningSignalsOf('Ines said the price is too high for them.')).toEqual(['price_objection']);
  });

  it('a clause that lays the concern to rest raises nothing, though its topic is the same', async () => {
    const text = 'The price is no longer a problem for them.';
    await meaning.prepare([text]);
    expect(meaningSignalsOf(text)).toEqual([]);
  });

  it('the concern an action addresses is not raised by its own note', async () => {
    const text = 'They think it costs too much.';
    await meaning.prepare([text]);
    expect(buyerSignalsOf({ subject: 'Offer', body: text }, 'discount')).not.toContain('price_objection');
    expect(buyerSignalsOf({ subject: 'Call', body: text }, 'call')).toContain('price_objection');
  });
});

// The real model on wording written for the fixture only (never a bench world's): a measured floor, not a tautology.
describe('BuyerMeaning with USE lite on fresh wording', () => {
  const provider = new UseLiteProvider({ workers: 1 });
  afterAll(() => provider.close());

  it('adds concerns the lexicon misses and raises few where there are none (the set kept aside when its threshold was chosen)', async () => {
    const meaning = new BuyerMeaning(provider);
    const set = FRESH_WORDING_ASIDE;
    await meaning.prepare([...FRESH_WORDING, ...set].map((f) => f.text));
    const focus = set.filter((f) => f.signal === 'price_objection' || f.signal === 'missing_decision_maker' || f.signal === 'competition');
    const lexicon = focus.filter((f) => dealSignalsIn(f.text).includes(f.signal!)).length;
    const both = focus.filter((f) => dealSignalsIn(f.text).includes(f.signal!) || meaningSignalsOf(f.text).includes(f.signal!)).length;
    const falseRaises = set.filter((f) => f.signal === null && meaningSignalsOf(f.text).some((s) => s === 'price_objection' || s === 'missing_decision_maker' || s === 'competition')).length;
    // Measured 2026-12-06: lexicon 2 of 11, with meaning 6 of 11, no false raise of 6.
    expect(both).toBeGreaterThanOrEqual(lexicon + 3);
    expect(falseRaises).toBeLessThanOrEqual(1);
  }, 120_000);
});
