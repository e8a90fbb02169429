import { describe, expect, it } from 'vitest';
import {
  auc,
  explainLogistic,
  fitStandardizer,
  logLoss,
  mulberry32,
  predictLogistic,
  standardize,
  trainLogistic,
  type Dataset,
  type LogisticModel,
} from '../../../../src/intelligence/scoring/learn/index.js';
import { logisticData, logit, TRUE } from './synthetic.js';

/**
 * Gradient of the documented objective Σ sᵢ·lossᵢ + (l2/2)‖w‖² (bias unpenalised) at the fitted model, divided by
 * the total weight. It must vanish at the optimum, which pins down both convergence and how l2 is scaled.
 */
function gradient(m: LogisticModel, data: Dataset, s?: Float64Array): number[] {
  const d = m.weights.length;
  const g = new Array<number>(d + 1).fill(0);
  let total = 0;
  data.x.forEach((row, i) => {
    const si = s ? s[i]! : 1;
    total += si;
    const r = si * (predictLogistic(m, row) - data.y[i]!);
    const z = standardize(m.standardizer, row);
    for (let j = 0; j < d; j++) g[j]! += r * z[j]!;
    g[d]! += r;
  });
  for (let j = 0; j < d; j++) g[j]! += m.l2 * m.weights[j]!;
  return g.map((v) => v / total);
}

describe('trainLogistic', () => {
  const train = logisticData(5000, 42);

  it('recovers the generating weights within ±0.15 in standardised units (n=5000, 3 features)', () => {
    const m = trainLogistic(train, { l2: 1 });
    // Truth is stated per standard deviation, which is exactly the model's weight scale.
    for (let j = 0; j < 3; j++) expect(Math.abs(m.weights[j]! - TRUE.w[j]!)).toBeLessThan(0.15);
    // The bias is the log-odds at the training mean ≈ the generating intercept (features are centred at MU).
    expect(Math.abs(m.bias - TRUE.b0)).toBeLessThan(0.15);
    expect(m.kind).toBe('logistic');
    expect(m.featureNames).toEqual(['a', 'b', 'c']);
    expect(m.l2).toBe(1);
  });

  it('reaches a stationary point of Σ s·logloss + (l2/2)‖w‖² (l2 not rescaled by n; bias unpenalised)', () => {
    const rng = mulberry32(3);
    const s = Float64Array.from({ length: 5000 }, () => 0.2 + rng() * 2);
    const m = trainLogistic(train, { l2: 50, sampleWeights: s });
    for (const v of gradient(m, train, s)) expect(Math.abs(v)).toBeLessThan(1e-7);
    // A different scaling of l2 (e.g. l2·n) would leave a visible gradient here.
    const wrong = { ...m, l2: 50 * 5000 };
    expect(Math.max(...gradient(wrong, train, s).map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('treats a sample weight of 2 exactly like a duplicated row', () => {
    // l2 = 0 makes the fit independent of the (unweighted) standardisation, so the two fits must agree exactly.
    const small = logisticData(300, 9);
    const w = new Float64Array(300).fill(1);
    for (let i = 0; i < 300; i += 3) w[i] = 2;
    const weighted = trainLogistic(small, { l2: 0, sampleWeights: w });
    const dupX: Float64Array[] = [];
    const dupY: number[] = [];
    small.x.forEach((row, i) => {
      for (let k = 0; k < w[i]!; k++) {
        dupX.push(row);
        dupY.push(small.y[i]!);
      }
    });
    const duplicated = trainLogistic({ x: dupX, y: Uint8Array.from(dupY), featureNames: small.featureNames }, { l2: 0 });
    const unweighted = trainLogistic(small, { l2: 0 });
    let maxGapDup = 0;
    let maxGapIgnored = 0;
    for (const row of small.x) {
      const p = predictLogistic(weighted, row);
      maxGapDup = Math.max(maxGapDup, Math.abs(p - predictLogistic(duplicated, row)));
      maxGapIgnored = Math.max(maxGapIgnored, Math.abs(p - predictLogistic(unweighted, row)));
    }
    expect(maxGapDup).toBeLessThan(1e-6);
    expect(maxGapIgnored).toBeGreaterThan(1e-3); // the weights really do change the fit
  });

  it('shrinks weights as l2 grows', () => {
    const norm = (m: LogisticModel) => Math.hypot(...m.weights);
    const a = norm(trainLogistic(train, { l2: 0 }));
    const b = norm(trainLogistic(train, { l2: 1000 }));
    const c = norm(trainLogistic(train, { l2: 100000 }));
    expect(a).toBeGreaterThan(b);
    expect(b).toBeGreaterThan(c);
    expect(c).toBeLessThan(0.2);
  });

  it('converges on perfectly separable data without NaN (l2 keeps weights finite)', () => {
    const rng = mulberry32(5);
    const x: Float64Array[] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const side = i % 2 === 0 ? 1 : -1;
      x.push(Float64Array.of(side * (1 + rng()), rng()));
      y.push(side > 0 ? 1 : 0);
    }
    const data = { x, y: Uint8Array.from(y), featureNames: ['sep', 'noise'] };
    for (const l2 of [1, 1e-3]) {
      const m = trainLogistic(data, { l2 });
      expect([...m.weights, m.bias].every(Number.isFinite)).toBe(true);
      const p = x.map((r) => predictLogistic(m, r));
      expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
      expect(auc(p, y)).toBe(1);
      // It stopped at the optimum, not at the iteration cap.
      for (const g of gradient(m, data)) expect(Math.abs(g)).toBeLessThan(1e-6);
    }
    // Weaker regularisation lets the separating weight grow.
    expect(trainLogistic(data, { l2: 1e-3 }).weights[0]!).toBeGreaterThan(trainLogistic(data, { l2: 1 }).weights[0]!);
  });

  it('beats a constant predictor on held-out data and nearly matches the true model', () => {
    const tr = logisticData(2000, 1);
    const te = logisticData(2000, 2);
    const m = trainLogistic(tr);
    const p = te.x.map((r) => predictLogistic(m, r));
    const base = tr.y.reduce((s, v) => s + v, 0) / tr.y.length;
    const constant = te.x.map(() => base);
    expect(auc(constant, te.y)).toBe(0.5);
    expect(auc(p, te.y)).toBeGreaterThan(0.75);
    expect(auc(p, te.y)).toBeGreaterThan(auc(te.p, te.y) - 0.01);
    expect(logLoss(p, te.y)).toBeLessThan(logLoss(constant, te.y) - 0.1);
  });

  it('gives a constant feature zero weight and stays finite even with l2 = 0', () => {
    const d = logisticData(500, 4);
    const x = d.x.map((r) => Float64Array.of(r[0]!, 7, r[1]!));
    const m = trainLogistic({ x, y: d.y, featureNames: ['a', 'const', 'b'] }, { l2: 0 });
    expect(m.weights[1]).toBe(0);
    expect([...m.weights, m.bias].every(Number.isFinite)).toBe(true);
  });

  it('keeps the bias finite when the sample has a single class (small bootstrap resamples)', () => {
    const x = [Float64Array.of(1), Float64Array.of(2), Float64Array.of(3)];
    const m = trainLogistic({ x, y: Uint8Array.of(1, 1, 1), featureNames: ['a'] });
    expect(Number.isFinite(m.bias)).toBe(true);
    expect(predictLogistic(m, x[0]!)).toBeGreaterThan(0.99);
  });

  it('validates its input', () => {
    const x = [Float64Array.of(1), Float64Array.of(2)];
    expect(() => trainLogistic({ x, y: Uint8Array.of(0, 1), featureNames: [] })).toThrow(RangeError);
    expect(() => trainLogistic({ x, y: Uint8Array.of(0, 2), featureNames: ['a'] })).toThrow(RangeError);
    expect(() => trainLogistic({ x, y: Uint8Array.of(0), featureNames: ['a'] })).toThrow(RangeError);
    expect(() => trainLogistic({ x, y: Uint8Array.of(0, 1), featureNames: ['a'] }, { l2: -1 })).toThrow(RangeError);
    expect(() => trainLogistic({ x, y: Uint8Array.of(0, 1), featureNames: ['a'] }, { sampleWeights: Float64Array.of(1, -1) })).toThrow(RangeError);
    const m = trainLogistic({ x, y: Uint8Array.of(0, 1), featureNames: ['a'] });
    expect(() => predictLogistic(m, Float64Array.of(1, 2))).toThrow(RangeError);
  });
});

describe('explainLogistic', () => {
  const data = logisticData(1000, 8);
  const m = trainLogistic(data);
  const meanRow = fitStandardizer(data.x).mean;

  it('effects sum to logit(p) − logit(p at the training mean row)', () => {
    const atMean = logit(predictLogistic(m, meanRow));
    expect(atMean).toBeCloseTo(m.bias, 9);
    for (const row of data.x.slice(0, 25)) {
      const total = explainLogistic(m, row).reduce((s, e) => s + e.effect, 0);
      expect(total).toBeCloseTo(logit(predictLogistic(m, row)) - atMean, 9);
    }
  });

  it('is standardised value × weight, sorted by |effect| descending, one entry per feature', () => {
    const row = Float64Array.of(TRUE.mu[0]! + 2 * TRUE.sigma[0]!, TRUE.mu[1]!, TRUE.mu[2]! - 1 * TRUE.sigma[2]!);
    const ex = explainLogistic(m, row);
    expect(ex.map((e) => e.feature).sort()).toEqual(['a', 'b', 'c']);
    for (let k = 1; k < ex.length; k++) expect(Math.abs(ex[k - 1]!.effect)).toBeGreaterThanOrEqual(Math.abs(ex[k]!.effect));
    expect(ex[0]!.feature).toBe('a'); // +2 sd on the strongest positive feature
    const z = standardize(m.standardizer, row);
    expect(ex.find((e) => e.feature === 'c')!.effect).toBeCloseTo(z[2]! * m.weights[2]!, 12);
    expect(ex.find((e) => e.feature === 'c')!.effect).toBeLessThan(0);
  });
});
