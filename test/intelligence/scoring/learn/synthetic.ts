/** Seeded synthetic data for the learner tests. */
import { mulberry32, type Dataset } from '../../../../src/intelligence/scoring/learn/index.js';

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
export const logit = (p: number) => Math.log(p / (1 - p));

/** Standard normal draws by Box–Muller on top of mulberry32. */
export function gaussian(rng: () => number): () => number {
  return () => {
    const u = 1 - rng(); // (0, 1] so log never sees 0
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  };
}

/** The generating model for logistic tests, stated in standardised units: log-odds = B0 + Σ W·(x − MU)/SIGMA. */
export const TRUE = { w: [1.5, -1.0, 0.5], b0: -0.5, mu: [1, -3, 50], sigma: [2, 0.5, 10] };

export function logisticData(n: number, seed: number): Dataset & { p: Float64Array } {
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  const x: Float64Array[] = [];
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(3);
    let eta = TRUE.b0;
    for (let j = 0; j < 3; j++) {
      const s = normal();
      row[j] = TRUE.mu[j]! + TRUE.sigma[j]! * s;
      eta += TRUE.w[j]! * s;
    }
    x.push(row);
    p[i] = sigmoid(eta);
    y[i] = rng() < p[i]! ? 1 : 0;
  }
  return { x, y, p, featureNames: ['a', 'b', 'c'] };
}
