import { describe, expect, it } from 'vitest';
import { HashingProvider } from '../../../src/intelligence/embeddings/hashing.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('HashingProvider', () => {
  it('is deterministic, unit length, and closer for shared words', async () => {
    const p = new HashingProvider();
    expect([p.model, p.dimensions]).toEqual(['hashing-256', 256]);
    const [a, b, c] = await p.embed(['Worried about compliance audits', 'compliance audits next quarter', 'likes hiking in the alps']);
    const [a2] = await new HashingProvider().embed(['worried about COMPLIANCE audits']);
    expect(Array.from(a!)).toEqual(Array.from(a2!));
    for (const v of [a!, b!, c!]) expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
    expect(dot(a!, b!)).toBeGreaterThan(0.3);
  });

  it('gives unit vectors for texts without words, and [] for no texts', async () => {
    const p = new HashingProvider(64);
    expect(p.model).toBe('hashing-64');
    const [empty, punct] = await p.embed(['', '?!']);
    expect(Math.sqrt(dot(empty!, empty!))).toBeCloseTo(1, 5);
    expect(Array.from(empty!)).toEqual(Array.from(punct!));
    expect(await p.embed([])).toEqual([]);
  });
});
