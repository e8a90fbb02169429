/** Which strategy a workspace scores with after an evaluation. */
import { describe, expect, it } from 'vitest';
import { defaultStrategyOf, evaluate } from '../../../src/intelligence/scoring/evaluate.js';
import { buildWorld } from '../../../src/intelligence/scoring/features.js';
import { dealTarget } from '../../../src/intelligence/scoring/targets.js';

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

describe('an evaluation whose newer outcomes are all of one kind', () => {
  it('judges nothing and keeps the baseline, saying why', async () => {
    const day = 86_400_000;
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    // 70 older deals won and lost in turn, then 30 newer ones all won.
    const deals = Array.from({ length: 100 }, (_, i) => ({
      id: `dl_${String(i).padStart(3, '0')}`, custom: {}, name: `Deal ${i}`, amount: 1000 * (i + 1),
      stage: i < 70 && i % 2 === 1 ? 'closed_lost' : 'closed_won',
      created_at: new Date(t0 + i * day).toISOString(), closed_at: new Date(t0 + (i + 30) * day).toISOString(), updated_at: new Date(t0).toISOString(),
    }));
    const world = buildWorld({ deals, companies: [], contacts: [], activities: [], stageChanges: [] });
    const report = await evaluate(world, dealTarget, { strategies: ['weighted', 'logistic'], learningCurve: false, now: t0 + 200 * day });
    expect(report.test).toBe(30);
    expect(report.strategies).toEqual([]);
    expect(report.best).toBe('weighted');
    expect(report.warnings.join('\n')).toMatch(/the 30 newer closed deals were all won: no ranking to judge/);
  });
});
