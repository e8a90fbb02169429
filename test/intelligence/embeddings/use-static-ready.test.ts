/**
 * Day one with the two-scale first pass on (docs/embeddings.md, "mixed state and day one"): use-static's table is
 * built from USE once per installation (16–51 s here), so a question must not wait for it. `ready()` says whether
 * `embed` would answer at once; a two-scale query leaves the fast half out while it is not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveStaticTable, UseStaticProvider, type EmbeddingProvider } from '../../../src/intelligence/embeddings/index.js';
import { TwoScaleQueries } from '../../../src/intelligence/vectors/two-scale-memory.js';
import { CountingProvider } from '../../support/counting-provider.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-ready-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fixture table (not USE's): 8,000 rows of seeded noise; enough to check that the file is what is read. */
function fixtureTable(seed = 7) {
  const vocabularySize = 8000;
  const vectors = new Float32Array(vocabularySize * 512);
  let s = seed;
  for (let i = 0; i < vectors.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    vectors[i] = s / 2 ** 32 - 0.5;
  }
  return { vectors, vocabularySize };
}

describe('use-static readiness', () => {
  it('is not ready without a table or a cache file, and asking does not start a build', async () => {
    const p = new UseStaticProvider({ cacheFile: path.join(dir, 'missing', 'use-static.bin') });
    expect(p.ready()).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(p.ready()).toBe(false);
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
    expect(new UseStaticProvider().ready()).toBe(false);
  });

  it('is ready at once from a saved table file, and embeds with that table', async () => {
    const file = path.join(dir, 'models', 'use-static.bin');
    const table = fixtureTable();
    saveStaticTable(file, table);
    const p = new UseStaticProvider({ cacheFile: file });
    expect(p.ready()).toBe(true);
    const [v] = await p.embed(['container shipping delays']);
    expect(Array.from(v!)).toEqual(Array.from(p.embedWith(table, 'container shipping delays')));
    // A table given as it is needs no file.
    expect(new UseStaticProvider({ table: { table, version: 't' } }).ready()).toBe(true);
  });
});

describe('two-scale queries on day one', () => {
  const notReady = (inner: CountingProvider): EmbeddingProvider & { calls: number } => {
    const p = {
      calls: 0,
      model: inner.model,
      version: inner.version,
      dimensions: inner.dimensions,
      ready: () => false,
      embed: async (texts: readonly string[]) => {
        p.calls++;
        return inner.embed(texts);
      },
      close: async () => {},
    };
    return p;
  };

  it('leaves the fast half out (zero) while the fast model is not ready, without waiting for it', async () => {
    const main = new CountingProvider(16);
    const fast = notReady(new CountingProvider(8));
    const [q] = await new TwoScaleQueries(main, fast).embed(['a question'], { priority: 'query' });
    expect(q).toHaveLength(24);
    expect(Array.from(q!.subarray(0, 16))).toEqual(Array.from(main.embedOne('a question')));
    expect(q!.subarray(16).every((x) => x === 0)).toBe(true);
    expect(fast.calls).toBe(0);
  });

  it('embeds with both once the fast model is ready (or has no readiness to tell)', async () => {
    const main = new CountingProvider(16);
    const fast = new CountingProvider(8);
    const [q] = await new TwoScaleQueries(main, fast).embed(['a question']);
    expect(Array.from(q!.subarray(16))).toEqual(Array.from(fast.embedOne('a question')));
    const file = path.join(dir, 'ready', 'use-static.bin');
    saveStaticTable(file, fixtureTable(3));
    const staticReady = new UseStaticProvider({ cacheFile: file });
    const [both] = await new TwoScaleQueries(main, staticReady).embed(['a question']);
    expect(both!.subarray(16).some((x) => x !== 0)).toBe(true);
  });
});

describe('use-static on a server thread', () => {
  it('lets the event loop run during a large batch (requests are served between slices)', async () => {
    const file = path.join(dir, 'yield', 'use-static.bin');
    saveStaticTable(file, fixtureTable(5));
    const p = new UseStaticProvider({ cacheFile: file });
    const texts = Array.from({ length: 20_000 }, (_, i) => `a contact note number ${i} about shipping, audits and payroll`);
    let ranDuring = 0;
    const tick = () => setImmediate(() => {
      if (!done) {
        ranDuring++;
        tick();
      }
    });
    let done = false;
    const start = performance.now();
    tick();
    const vectors = await p.embed(texts);
    done = true;
    expect(vectors).toHaveLength(texts.length);
    expect(Array.from(vectors[123]!)).toEqual(Array.from(p.embedWith(await p.load(), texts[123]!)));
    // 20,000 texts take well over one 8 ms slice: other callbacks ran in between.
    expect(performance.now() - start).toBeGreaterThan(20);
    expect(ranDuring).toBeGreaterThan(1);
  });
});
