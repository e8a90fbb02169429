/** Confidence intervals and significance tests for comparing rates and mean errors between two groups. */

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Two-sided p-value of a z statistic. */
export const twoSidedP = (z: number) => (Number.isFinite(z) ? 2 * (1 - normalCdf(Math.abs(z))) : Number.NaN);

const Z95 = 1.959964;

/** Wilson score interval for a proportion (95%): well-behaved for small n and rates near 0 or 1. */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface Comparison {
  /** b − a */
  difference: number;
  /** 95% interval of the difference. */
  interval: [number, number];
  /** Two-sided p-value of "no difference". */
  p: number;
}

/** Difference of two proportions: pooled two-proportion z-test, unpooled (Wald) 95% interval. */
export function compareProportions(a: { successes: number; n: number }, b: { successes: number; n: number }): Comparison {
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const se = Math.sqrt((pa * (1 - pa)) / a.n + (pb * (1 - pb)) / b.n);
  const difference = pb - pa;
  return { difference, interval: [difference - Z95 * se, difference + Z95 * se], p: se0 > 0 ? twoSidedP(difference / se0) : difference === 0 ? 1 : 0 };
}

/** Difference of two means (Welch's statistic with the normal approximation; groups of 30+ are assumed). */
export function compareMeans(a: readonly number[], b: readonly number[]): Comparison {
  const stats = (xs: readonly number[]) => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1);
    return { mean, v: variance / xs.length };
  };
  const sa = stats(a);
  const sb = stats(b);
  const se = Math.sqrt(sa.v + sb.v);
  const difference = sb.mean - sa.mean;
  return { difference, interval: [difference - Z95 * se, difference + Z95 * se], p: se > 0 ? twoSidedP(difference / se) : difference === 0 ? 1 : 0 };
}
