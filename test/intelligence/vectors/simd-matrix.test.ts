import { describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../../bench/vectors.js';
import { ExactIndex } from '../../../src/intelligence/vectors/exact-index.js';
import { Projection } from '../../../src/intelligence/vectors/pca.js';
import { SIMD_CHUNK, SimdMatrix } from '../../../src/intelligence/vectors/simd-matrix.js';
import { dot } from '../../../src/intelligence/vectors/top-k.js';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

describe('the SIMD scoring kernel', () => {
  it('scores listed rows and row ranges as the JavaScript dot does, through growth, at every width it takes', () => {
    const rand = seeded(7);
    for (const dims of [8, 16, 128, 136, 512]) {
      const m = new SimdMatrix(dims, 3);
      const rows: Float32Array[] = [];
      for (let r = 0; r < 2500; r++) {
        const v = Float32Array.from({ length: dims }, rand);
        m.reserve(r + 1); // grows from 3 rows, detaching its views each time
        m.data.set(v, r * dims);
        rows.push(v);
      }
      const q = Float32Array.from({ length: dims }, rand);
      m.setQuery(q);
      const range = m.scoreRange(1000, SIMD_CHUNK);
      for (let i = 0; i < SIMD_CHUNK; i++) expect(range[i]).toBeCloseTo(dot(q, rows[1000 + i]!), 4);
      const list = m.rowList;
      for (let i = 0; i < 300; i++) list[i] = (i * 37) % rows.length;
      const listed = m.scoreListed(300);
      for (let i = 0; i < 300; i++) expect(listed[i]).toBeCloseTo(dot(q, rows[(i * 37) % rows.length]!), 4);
      expect(m.scoreRow(2499)).toBeCloseTo(dot(q, rows[2499]!), 4);
    }
  });

  it('takes only widths in whole steps of 8; other widths keep the JavaScript path', () => {
    expect(SimdMatrix.supports(512)).toBe(true);
    expect(SimdMatrix.supports(12)).toBe(false);
    expect(() => new SimdMatrix(12, 4)).toThrow(/12-d/);
    expect(new ExactIndex(12).usesSimd).toBe(false);
    expect(new ExactIndex(512).usesSimd).toBe(true);
    expect(new ExactIndex(512, 16, { simd: false }).usesSimd).toBe(false);
  });
});

describe('an exact index scored by the kernel', () => {
  it('finds what the JavaScript path finds, after growth, replacements and swap-removals, filtered or not', () => {
    const dims = 64;
    const data = clusteredVectors(3200, dims, 40);
    const stored = data.slice(0, 3000);
    const probes = data.slice(3000);
    const simd = new ExactIndex(dims, 1);
    const plain = new ExactIndex(dims, 1, { simd: false });
    expect(simd.usesSimd).toBe(true);
    for (const index of [simd, plain]) {
      stored.forEach((v, i) => index.upsert(`r${i}`, v));
      for (let i = 0; i < 3000; i += 9) index.upsert(`r${i}`, stored[(i + 1) % 3000]!); // replacements
      for (let i = 0; i < 3000; i += 13) index.remove(`r${i}`); // swap-removals
    }
    expect(simd.size).toBe(plain.size);
    const evens = (id: string) => Number(id.slice(1)) % 2 === 0;
    const some = new Set(Array.from({ length: 500 }, (_, j) => `r${j * 5}`));
    let same = 0;
    let total = 0;
    for (const q of probes) {
      for (const [a, b] of [
        [simd.search(q, 10), plain.search(q, 10)],
        [simd.search(q, 10, evens), plain.search(q, 10, evens)],
        [simd.search(q, 10, some), plain.search(q, 10, some)],
        [simd.searchAmong(q, 10, [...some, 'missing']), plain.searchAmong(q, 10, [...some, 'missing'])],
      ] as const) {
        expect(a).toHaveLength(10);
        a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]!.score, 5));
        const ids = new Set(b.map((h) => h.id));
        same += a.filter((h) => ids.has(h.id)).length;
        total += 10;
      }
      expect(simd.score(q, 'r1')).toBeCloseTo(plain.score(q, 'r1')!, 5);
      expect(simd.score(q, 'r0')).toBeUndefined(); // removed
    }
    // Equal up to ties broken by the last bit of an f32 sum.
    expect(same / total).toBeGreaterThanOrEqual(0.99);
    expect([...simd.entries()].map(([id]) => id)).toEqual([...plain.entries()].map(([id]) => id));
  });

  it('scores more listed ids than one kernel call takes', () => {
    const dims = 16;
    const rand = seeded(3);
    const index = new ExactIndex(dims);
    const plain = new ExactIndex(dims, 1024, { simd: false });
    for (let i = 0; i < SIMD_CHUNK * 3; i++) {
      const v = Float32Array.from({ length: dims }, rand);
      index.upsert(`r${i}`, v);
      plain.upsert(`r${i}`, v);
    }
    const q = Float32Array.from({ length: dims }, rand);
    const ids = Array.from({ length: SIMD_CHUNK * 3 }, (_, i) => `r${(i * 7) % (SIMD_CHUNK * 3)}`);
    expect(index.searchAmong(q, 25, ids).map((h) => h.id)).toEqual(plain.searchAmong(q, 25, ids).map((h) => h.id));
  });
});

describe('a projection computed by the kernel', () => {
  it('projects as the JavaScript dot would', () => {
    const data = clusteredVectors(600, 128, 12);
    const p = Projection.fit(data.slice(0, 500), 32);
    for (const v of data.slice(500)) {
      const got = p.project(v);
      const centred = v.map((x, i) => x - p.mean[i]!);
      const want = Float32Array.from({ length: 32 }, (_, c) => dot(centred, p.components, c * 128));
      const norm = Math.hypot(...want);
      got.forEach((x, c) => expect(x).toBeCloseTo(want[c]! / norm, 5));
    }
  });
});

describe('an exact index past what WebAssembly memory holds', () => {
  it('moves its rows to a plain array and goes on with the JavaScript dot, losing nothing', () => {
    const rand = seeded(11);
    const dims = 32;
    const index = new ExactIndex(dims, 4, { simdMaxRows: 100 });
    const plain = new ExactIndex(dims, 4, { simd: false });
    expect(index.usesSimd).toBe(true);
    for (let i = 0; i < 300; i++) {
      const v = Float32Array.from({ length: dims }, rand);
      index.upsert(`r${i}`, v);
      plain.upsert(`r${i}`, v);
      if (i === 99) expect(index.usesSimd).toBe(true);
    }
    expect(index.usesSimd).toBe(false);
    expect(index.size).toBe(300);
    const q = Float32Array.from({ length: dims }, rand);
    expect(index.search(q, 20)).toEqual(plain.search(q, 20));
    expect(index.get('r50')).toEqual(plain.get('r50'));
    expect(() => new SimdMatrix(dims, 4, 100).reserve(101)).toThrow(RangeError);
  });
});
