/** Laplace posterior of a logistic model: agrees with the bootstrap, shrinks with data, and covers the truth. */
import { describe, expect, it } from 'vitest';
import { bootstrapEnsemble, fitLaplace, logOdds, logOddsStd, trainLogistic } from '../../../../src/intelligence/scoring/learn/index.js';
import { logisticData, TRUE } from './synthetic.js';

describe('Laplace posterior', () => {
  it('gives log-odds spreads close to a bootstrap ensemble', () => {
    const data = logisticData(800, 5);
    const model = trainLogistic(data, { l2: 1 });
    const post = fitLaplace(model, data);
    const boot = bootstrapEnsemble(
      data.x.length,
      (idx) => trainLogistic({ x: [...idx].map((i) => data.x[i]!), y: Uint8Array.from([...idx].map((i) => data.y[i]!)), featureNames: data.featureNames }, { l2: 1 }),
      (m, row: Float64Array) => logOdds(m, row),
      { members: 200, seed: 2 },
    );
    for (const row of data.x.slice(0, 20)) {
      const etas = boot.members.map((m) => logOdds(m, row));
      const mean = etas.reduce((a, b) => a + b, 0) / etas.length;
      const sd = Math.sqrt(etas.reduce((a, b) => a + (b - mean) ** 2, 0) / (etas.length - 1));
      expect(logOddsStd(post, model, row) / sd).toBeGreaterThan(0.75);
      expect(logOddsStd(post, model, row) / sd).toBeLessThan(1.33);
    }
  });

  it('narrows as outcomes accumulate (about 1/√n)', () => {
    const small = logisticData(200, 9);
    const large = logisticData(3200, 9);
    const row = Float64Array.from(TRUE.mu.map((m, j) => m + TRUE.sigma[j]!)); // one sd out on every feature
    const sd = (d: typeof small) => {
      const m = trainLogistic(d, { l2: 1 });
      return logOddsStd(fitLaplace(m, d), m, row);
    };
    const ratio = sd(small) / sd(large);
    expect(ratio).toBeGreaterThan(2.5); // √16 = 4, give or take the sample
    expect(ratio).toBeLessThan(6);
  });

  it('an 80% interval covers the true log-odds about 80% of the time', () => {
    let covered = 0;
    const row = Float64Array.from(TRUE.mu.map((m, j) => m + 0.5 * TRUE.sigma[j]!));
    const truth = TRUE.b0 + TRUE.w.reduce((a, w) => a + w * 0.5, 0);
    const runs = 60;
    for (let seed = 1; seed <= runs; seed++) {
      const d = logisticData(300, 100 + seed);
      const m = trainLogistic(d, { l2: 0.01 });
      const sd = logOddsStd(fitLaplace(m, d), m, row);
      if (Math.abs(logOdds(m, row) - truth) <= 1.2816 * sd) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.65);
    expect(covered / runs).toBeLessThan(0.93);
  });
});
