/**
 * Training in worker threads: the fits run side by side but each is seeded on its own, so a retrain through the
 * pool stores exactly the models one in this thread stores; a fit that fails rejects with its name; the number of
 * workers follows CRM_TRAIN_WORKERS, the cores and the workspace's size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createCrm, prepareStorage } from '../../../src/crm/index.js';
import { modelKey, ScoringService, STRATEGIES, TARGETS } from '../../../src/intelligence/scoring/index.js';
import { evaluate } from '../../../src/intelligence/scoring/evaluate.js';
import { buildWorld, loadWorldParts } from '../../../src/intelligence/scoring/features.js';
import { FitPool, POOL_MIN_OUTCOMES, trainWorkers } from '../../../src/intelligence/scoring/fit-pool.js';
import { openStorage } from '../../../src/storage/connect.js';
import type { Storage } from '../../../src/storage/index.js';

const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../../demo');
const ws = 'default';

describe('trainWorkers', () => {
  it('uses one worker per core up to four on a large workspace, none on a small one or one core', () => {
    expect(trainWorkers(POOL_MIN_OUTCOMES, undefined, 2)).toBe(2);
    expect(trainWorkers(20_000, undefined, 16)).toBe(4);
    expect(trainWorkers(POOL_MIN_OUTCOMES - 1, undefined, 8)).toBe(0);
    expect(trainWorkers(20_000, undefined, 1)).toBe(0);
  });

  it('follows the configured number (CRM_TRAIN_WORKERS) when there is one, one meaning this thread', () => {
    expect(trainWorkers(10, 3, 1)).toBe(3);
    expect(trainWorkers(20_000, 1, 8)).toBe(0);
    expect(trainWorkers(20_000, 0, 8)).toBe(0);
  });
});

describe('training in worker threads', () => {
  let dir: string;
  let storage: Storage;
  const clock = fixedClock('2026-11-01T12:00:00Z');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fit-pool-'));
    storage = await openStorage({ dataDir: dir });
    await prepareStorage(storage, clock);
    await createCrm({ storage, clock }).importer.importDirectory(ws, SAMPLE_DIR);
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores the same models and evaluations as training in this thread', async () => {
    const scoring = new ScoringService(storage, clock);
    const stored = async () => {
      const out: Record<string, string> = {};
      for (const t of Object.keys(TARGETS) as (keyof typeof TARGETS)[]) {
        for (const s of STRATEGIES) {
          const m = await storage.models.current(ws, modelKey(t, s));
          if (m) out[`${t}/${s}`] = m.data;
        }
      }
      return out;
    };
    const strip = (r: Awaited<ReturnType<ScoringService['train']>>) => r.evaluations.map((e) => ({ ...e, strategies: e.strategies.map(({ trainSeconds: _t, ...s }) => s) }));
    const here = await scoring.train(ws, { workers: 0 });
    const first = await stored();
    const pooled = await scoring.train(ws, { workers: 2 });
    const second = await stored();
    expect(Object.keys(first).sort()).toEqual(['deal/logistic', 'deal/naive-bayes', 'deal/neural', 'lead/logistic', 'lead/naive-bayes', 'lead/neural']);
    expect(second).toEqual(first);
    expect(strip(pooled)).toEqual(strip(here));
    // New versions were stored, in the same order.
    expect(pooled.trained.map((t) => `${t.target}/${t.strategy}`)).toEqual(here.trained.map((t) => `${t.target}/${t.strategy}`));
    expect(pooled.trained.every((t, i) => t.version === here.trained[i]!.version + 1)).toBe(true);
  }, 120_000);

  it('evaluates with the learning curve through the pool as in this thread', async () => {
    const parts = await loadWorldParts(storage, ws);
    const world = buildWorld(parts);
    const pool = new FitPool(parts, 2);
    try {
      const now = clock.now().getTime();
      const [a, b] = await Promise.all([evaluate(world, TARGETS.deal, { fit: pool.fit, now }), evaluate(world, TARGETS.deal, { now })]);
      const strip = (r: typeof a) => ({ ...r, strategies: r.strategies.map(({ trainSeconds: _t, ...s }) => s) });
      expect(a.learningCurve.length).toBeGreaterThan(0);
      expect(strip(a)).toEqual(strip(b));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('rejects a fit that fails with its target and strategy, and keeps serving others', async () => {
    const parts = await loadWorldParts(storage, ws);
    const pool = new FitPool(parts, 1);
    try {
      const bad = pool.fit(TARGETS.deal, 'logistic', [{ id: 'no-such-deal', label: 1, start: 0, end: 86_400_000 }], false);
      await expect(bad).rejects.toThrow(/deal\/logistic/);
      const outcomes = TARGETS.deal.outcomes(buildWorld(parts));
      const ok = await pool.fit(TARGETS.deal, 'naive-bayes', outcomes, false);
      expect(ok.model.strategy).toBe('naive-bayes');
    } finally {
      await pool.close();
    }
    await expect(pool.fit(TARGETS.deal, 'logistic', [], false)).rejects.toThrow(/closed/);
  }, 60_000);
});
