/** Which strategy a workspace scores with after an evaluation. */
import { describe, expect, it } from 'vitest';
import { defaultStrategyOf } from '../../../src/intelligence/scoring/evaluate.js';

const report = (aucs: Record<string, number>) => Object.entries(aucs).map(([strategy, auc]) => ({ strategy: strategy as 'weighted', auc }));

describe('the default strategy after an evaluation', () => {
  it('is the learned strategy that ranks newer outcomes best, when it beats the hand-set baseline', () => {
    expect(defaultStrategyOf(report({ weighted: 0.62, logistic: 0.7, neural: 0.69, 'naive-bayes': 0.66 }), true)).toBe('logistic');
    expect(defaultStrategyOf(report({ weighted: 0.62, logistic: 0.66, neural: 0.69 }), true)).toBe('neural');
    // Without the baseline in the comparison, the best learned one.
    expect(defaultStrategyOf(report({ logistic: 0.66 }), true)).toBe('logistic');
  });

  it('stays with the hand-set baseline while no learned strategy ranks better than it', () => {
    expect(defaultStrategyOf(report({ weighted: 0.64, logistic: 0.62, neural: 0.61 }), true)).toBe('weighted');
  });

  it('stays with the baseline with too few outcomes, or an AUC too weak or too good to trust', () => {
    expect(defaultStrategyOf(report({ weighted: 0.55, logistic: 0.7 }), false)).toBe('weighted');
    expect(defaultStrategyOf(report({ weighted: 0.5, logistic: 0.58 }), true)).toBe('weighted');
    expect(defaultStrategyOf(report({ weighted: 0.6, logistic: 0.97 }), true)).toBe('weighted');
  });
});
