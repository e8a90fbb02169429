import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddingProvider, UseStaticProvider } from '../../../src/intelligence/embeddings/index.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emb-static-'));
const cacheFile = path.join(dir, 'use-static.bin');
// One table for the file: building it runs USE lite over its 8,000-token vocabulary (seconds on a quiet machine).
const provider = new UseStaticProvider({ cacheFile });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('UseStaticProvider', () => {
  it('is its own model, chosen only when asked', () => {
    expect([provider.model, provider.version, provider.dimensions]).toEqual(['use-static', '1', 512]);
    expect(createEmbeddingProvider({ provider: 'use-static' })).toBeInstanceOf(UseStaticProvider);
    expect(createEmbeddingProvider().model).toBe('use-lite');
  });

  it('gives unit vectors, the same for the same text, whatever the batch', async () => {
    const texts = ['worried about compliance audits', '', 'the the the', 'word '.repeat(2000), 'worried about compliance audits'];
    const vectors = await provider.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    expect(maxDiff(vectors[0]!, vectors[4]!)).toBe(0);
    const [alone] = await provider.embed([texts[0]!]);
    expect(maxDiff(alone!, vectors[0]!)).toBe(0);
  }, 300_000);

  it('puts texts about the same thing closer than unrelated ones', async () => {
    const [audit, soc2, hiking, cto, engineering, farm] = await provider.embed([
      'worried about compliance audits',
      'concerned about SOC 2 audit readiness and compliance evidence',
      'likes hiking in the alps',
      'Chief Technology Officer at a software company',
      'VP Engineering at a software company',
      'Farm manager planning the harvest',
    ]);
    expect(dot(audit!, soc2!)).toBeGreaterThan(dot(audit!, hiking!));
    expect(dot(cto!, engineering!)).toBeGreaterThan(dot(cto!, farm!));
  }, 300_000);

  it('keeps its token table in the cache file, and a new provider reads it instead of running USE', async () => {
    const [before] = await provider.embed(['quarterly business review']);
    expect(fs.existsSync(cacheFile)).toBe(true);
    const again = new UseStaticProvider({ cacheFile });
    const started = performance.now();
    const [after] = await again.embed(['quarterly business review']);
    // Reading 16 MB is far below the seconds a USE worker takes to start.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(maxDiff(before!, after!)).toBe(0);
  }, 300_000);

  it('tokenises word by word into the same ids as USE\'s tokenizer', () => {
    const tokenizer = (provider as unknown as { tokenizer: { encode(s: string): number[] } }).tokenizer;
    for (const text of ['VP of Engineering at Acme (Software, Berlin, Germany).', '  two  spaces ', 'Ünïcödé ｆｕｌｌ width', 'x', 'SOC2/ISO-27001 audits; “renewal”']) {
      expect(provider.encode(text)).toEqual(tokenizer.encode(text));
    }
  });

  it('fit() moves the vectors of the sample texts towards the vectors they are fitted to', async () => {
    const [target] = await provider.embed(['farm manager planning the harvest']);
    const samples = ['quarterly business review', 'renewal at risk'].map((text) => ({ text, vector: target! }));
    const before = await provider.embed(samples.map((s) => s.text));
    const fitted = new UseStaticProvider({ table: { table: await provider.fit(samples, { iterations: 10 }), version: 'test' } });
    expect(fitted.version).toBe('1-test');
    const after = await fitted.embed(samples.map((s) => s.text));
    after.forEach((v, i) => expect(dot(v, target!)).toBeGreaterThan(dot(before[i]!, target!) + 0.1));
  }, 300_000);

  it('rebuilds a table whose cache file is damaged', async () => {
    const damaged = path.join(dir, 'damaged.bin');
    fs.writeFileSync(damaged, Buffer.concat([fs.readFileSync(cacheFile).subarray(0, 1000)]));
    const p = new UseStaticProvider({ cacheFile: damaged });
    const [v] = await p.embed(['quarterly business review']);
    const [w] = await provider.embed(['quarterly business review']);
    expect(maxDiff(v!, w!)).toBeLessThan(1e-5);
    expect(fs.statSync(damaged).size).toBe(fs.statSync(cacheFile).size);
  }, 300_000);
});
