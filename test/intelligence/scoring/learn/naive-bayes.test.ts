import { describe, expect, it } from 'vitest';
import { explainNaiveBayes, predictNaiveBayes, trainNaiveBayes } from '../../../../src/intelligence/scoring/learn/index.js';
import { logit } from './synthetic.js';

// 3 won, 4 lost. stage: proposal 2 won / 1 lost, lead 1 won / 3 lost; product: AI 2/1, CRM 1/3.
const rows = [
  { stage: 'proposal', product: 'AI' },
  { stage: 'proposal', product: 'CRM' },
  { stage: 'lead', product: 'AI' },
  { stage: 'lead', product: 'CRM' },
  { stage: 'proposal', product: 'CRM' },
  { stage: 'lead', product: 'AI' },
  { stage: 'lead', product: 'CRM' },
];
const y = [1, 1, 0, 0, 0, 1, 0];

describe('naive Bayes', () => {
  const m = trainNaiveBayes(rows, y);

  it('stores counts, totals and the Laplace-smoothed prior', () => {
    expect(m.kind).toBe('naive-bayes');
    expect(m.alpha).toBe(1);
    expect([m.posTotal, m.negTotal]).toEqual([3, 4]);
    expect(m.prior).toBeCloseTo(4 / 9, 12); // (3 + 1) / (7 + 2)
    expect({ ...m.tables.stage!.proposal }).toEqual({ pos: 2, neg: 1 });
    expect({ ...m.tables.product!.CRM }).toEqual({ pos: 1, neg: 3 });
  });

  it('gives the hand-computed posterior', () => {
    // odds = (4/5) · [(2+1)/(3+2) ÷ (1+1)/(4+2)]² = (4/5)(9/5)² = 324/125
    expect(predictNaiveBayes(m, { stage: 'proposal', product: 'AI' })).toBeCloseTo(324 / 449, 12);
    // lead & CRM: (4/5) · [(1+1)/5 ÷ (3+1)/6]² = (4/5)(3/5)² = 36/125
    expect(predictNaiveBayes(m, { stage: 'lead', product: 'CRM' })).toBeCloseTo(36 / 161, 12);
  });

  it('gives an unseen value the smoothed estimate α/(N_c + αK) in each class', () => {
    // ERP: (1/5) ÷ (1/6) = 6/5 → odds (4/5)(9/5)(6/5) = 216/125
    expect(predictNaiveBayes(m, { stage: 'proposal', product: 'ERP' })).toBeCloseTo(216 / 341, 12);
  });

  it('ignores fields the model never saw and fields missing from the row', () => {
    const p = predictNaiveBayes(m, { stage: 'proposal', product: 'AI' });
    expect(predictNaiveBayes(m, { stage: 'proposal', product: 'AI', region: 'EMEA' })).toBe(p);
    // stage only: (4/5)(9/5) = 36/25
    expect(predictNaiveBayes(m, { stage: 'proposal' })).toBeCloseTo(36 / 61, 12);
    expect(predictNaiveBayes(m, {})).toBeCloseTo(4 / 9, 12);
  });

  it('uses alpha as given (alpha = 2, hand-computed)', () => {
    const m2 = trainNaiveBayes(rows, y, { alpha: 2 });
    // prior (3+2)/(7+4) = 5/11; proposal: (2+2)/(3+4) ÷ (1+2)/(4+4) = (4/7)/(3/8) = 32/21
    const odds = (5 / 6) * (32 / 21);
    expect(predictNaiveBayes(m2, { stage: 'proposal' })).toBeCloseTo(odds / (1 + odds), 12);
    expect(() => trainNaiveBayes(rows, y, { alpha: 0 })).toThrow(RangeError);
  });

  it('explains with per-field log-likelihood ratios that sum with the prior to logit(p)', () => {
    const row = { stage: 'lead', product: 'AI', region: 'EMEA' };
    const ex = explainNaiveBayes(m, row);
    expect(ex.map((e) => e.feature)).toEqual(['product', 'stage']); // |log 9/5| > |log 3/5|; region is unknown
    const byField = Object.fromEntries(ex.map((e) => [e.feature, e.effect]));
    expect(byField.stage).toBeCloseTo(Math.log(2 / 5 / (4 / 6)), 12);
    expect(byField.product).toBeCloseTo(Math.log(3 / 5 / (2 / 6)), 12);
    for (let k = 1; k < ex.length; k++) expect(Math.abs(ex[k - 1]!.effect)).toBeGreaterThanOrEqual(Math.abs(ex[k]!.effect));
    const total = ex.reduce((s, e) => s + e.effect, 0) + logit(m.prior);
    expect(total).toBeCloseTo(logit(predictNaiveBayes(m, row)), 12);
  });

  it('treats prototype-like strings as ordinary values, also after a JSON round trip', () => {
    const mm = trainNaiveBayes([{ f: 'constructor' }, { f: 'x' }, { f: 'x' }], [1, 0, 1]);
    const revived = JSON.parse(JSON.stringify(mm)) as typeof mm;
    for (const model of [mm, revived]) {
      // constructor: (1+1)/(2+2) ÷ (0+1)/(1+2) = 3/2; prior (2+1)/(3+2) = 3/5 → odds 3/2·3/2 = 9/4
      expect(predictNaiveBayes(model, { f: 'constructor' })).toBeCloseTo(9 / 13, 12);
      // toString was never seen: (1/4) ÷ (1/3) = 3/4 → odds 3/2·3/4 = 9/8
      expect(predictNaiveBayes(model, { f: 'toString' })).toBeCloseTo(9 / 17, 12);
    }
  });

  it('validates labels and lengths', () => {
    expect(() => trainNaiveBayes(rows, [1, 0])).toThrow(RangeError);
    expect(() => trainNaiveBayes([{ a: 'x' }], [3])).toThrow(RangeError);
  });
});
