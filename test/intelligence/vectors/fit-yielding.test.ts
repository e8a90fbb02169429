/**
 * The coarse projection is fitted on the server's thread once a workspace holds a few thousand vectors (seconds of
 * arithmetic at 512 dimensions): the yielding fit lets the event loop turn while it works and gives exactly the
 * projection the one-go fit gives.
 */
import { describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../../bench/vectors.js';
import { Projection } from '../../../src/intelligence/vectors/pca.js';

describe('projection: a fit that yields', () => {
  const sample = clusteredVectors(600, 128, 10);

  it('gives the same projection as the one-go fit', async () => {
    const once = Projection.fit(sample, 24);
    const yielding = await Projection.fitYielding(sample, 24);
    expect(Array.from(yielding.mean)).toEqual(Array.from(once.mean));
    expect(Array.from(yielding.components)).toEqual(Array.from(once.components));
    expect(yielding.varianceKept).toBe(once.varianceKept);
  });

  it('lets the event loop turn many times while it fits', async () => {
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await Projection.fitYielding(sample, 24);
    running = false;
    // 600 rows (a turn every 16), 12 iterations of 128 rows (every 64) and the variance pass: dozens of turns.
    expect(turns).toBeGreaterThan(40);
  });
});
