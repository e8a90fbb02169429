import { describe, expect, it } from 'vitest';
import { Adam, clipGlobalNorm, createRng, globalNorm, Mlp } from '../../../../src/intelligence/strategy/ppo/index.js';

/** A scalar loss of the network's output: Σ c_k·y_k + ½·y_0² (non-linear in the output so the check is not trivial). */
function loss(net: Mlp, x: Float64Array, c: Float64Array): number {
  const y = net.forward(x);
  let s = 0.5 * y[0]! * y[0]!;
  for (let k = 0; k < y.length; k++) s += c[k]! * y[k]!;
  return s;
}

describe('Mlp', () => {
  it('backward matches central finite differences for every parameter and the input', () => {
    const rng = createRng(3);
    const net = Mlp.create([5, 7, 6, 3], rng, { outputGain: 1 });
    const x = Float64Array.from({ length: 5 }, () => rng() * 2 - 1);
    const c = Float64Array.from({ length: 3 }, () => rng() * 2 - 1);
    const trace = net.newTrace();
    const y = net.forward(x, trace);
    const dOut = Float64Array.from(c);
    dOut[0]! += y[0]!;
    const grads = net.zeroGradients();
    const dInput = Float64Array.from(net.backward(trace, dOut, grads));
    const h = 1e-6;
    let worst = 0;
    net.parameters().forEach((p, k) => {
      for (let i = 0; i < p.length; i++) {
        const keep = p[i]!;
        p[i] = keep + h;
        const up = loss(net, x, c);
        p[i] = keep - h;
        const down = loss(net, x, c);
        p[i] = keep;
        const numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - grads[k]![i]!) / Math.max(1, Math.abs(numeric)));
      }
    });
    for (let i = 0; i < x.length; i++) {
      const keep = x[i]!;
      x[i] = keep + h;
      const up = loss(net, x, c);
      x[i] = keep - h;
      const down = loss(net, x, c);
      x[i] = keep;
      worst = Math.max(worst, Math.abs((up - down) / (2 * h) - dInput[i]!));
    }
    expect(worst).toBeLessThan(1e-7);
  });

  it('batched forward and backward equal the row-by-row passes (rows in blocks of four and a remainder)', () => {
    const rng = createRng(4);
    const net = Mlp.create([6, 9, 5, 3], rng, { outputGain: 1 });
    const rows = 7;
    const inputs = Float64Array.from({ length: rows * 6 }, () => rng() * 2 - 1);
    const dOut = Float64Array.from({ length: rows * 3 }, () => rng() * 2 - 1);
    const single = net.zeroGradients();
    const trace = net.newTrace();
    const expected: number[] = [];
    for (let r = 0; r < rows; r++) {
      expected.push(...net.forward(inputs.subarray(r * 6, r * 6 + 6), trace));
      net.backward(trace, dOut.subarray(r * 3, r * 3 + 3), single);
    }
    const batch = net.newBatchTrace(8);
    const out = net.forwardBatch(inputs, rows, batch);
    expect(Array.from(out).map((v, i) => v - expected[i]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
    const batched = net.zeroGradients();
    net.backwardBatch(batch, rows, dOut, batched);
    let worst = 0;
    batched.forEach((g, k) => g.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - single[k]![i]!)))));
    expect(worst).toBeLessThan(1e-12);
    expect(single[0]!.some((v) => v !== 0)).toBe(true);
    expect(() => net.forwardBatch(inputs, 9, batch)).toThrow(/exceeds/);
  });

  it('starts with orthogonal weights scaled by the gain', () => {
    const net = Mlp.create([4, 8, 2], createRng(1), { hiddenGain: 2, outputGain: 0.5 });
    const w = net.weights[0]!; // 8 × 4: its 4 columns are orthogonal with norm 2
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let dot = 0;
        for (let o = 0; o < 8; o++) dot += w[o * 4 + a]! * w[o * 4 + b]!;
        expect(dot).toBeCloseTo(a === b ? 4 : 0, 10);
      }
    }
    const out = net.weights[1]!; // 2 × 8: its 2 rows are orthogonal with norm 0.5
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < 8; i++) {
      dot += out[i]! * out[8 + i]!;
      norm += out[i]! * out[i]!;
    }
    expect(dot).toBeCloseTo(0, 10);
    expect(Math.sqrt(norm)).toBeCloseTo(0.5, 10);
  });

  it('round-trips through JSON and refuses malformed shapes', () => {
    const net = Mlp.create([3, 4, 2], createRng(9));
    const copy = Mlp.fromJSON(JSON.parse(JSON.stringify(net)));
    const x = Float64Array.of(0.3, -1.2, 2);
    expect(Array.from(copy.forward(x))).toEqual(Array.from(net.forward(x)));
    const bad = net.toJSON();
    bad.weights[0] = bad.weights[0]!.slice(1);
    expect(() => Mlp.fromJSON(bad)).toThrow(/wrong shape/);
    const nan = net.toJSON();
    nan.biases[1]![0] = Number.NaN;
    expect(() => Mlp.fromJSON(nan)).toThrow(/non-finite/);
    expect(() => net.forward([1, 2])).toThrow(/expected 3 inputs/);
  });

  it('clips gradients to a global norm and Adam descends a quadratic', () => {
    const a = Float64Array.of(3, 0);
    const b = Float64Array.of(0, 4);
    expect(clipGlobalNorm([a, b], 1)).toBeCloseTo(5);
    expect(globalNorm([a, b])).toBeCloseTo(1);
    expect(a[0]).toBeCloseTo(0.6, 12);
    expect(b[1]).toBeCloseTo(0.8, 12);
    const p = Float64Array.of(5, -3);
    const adam = new Adam([p], { learningRate: 0.1 });
    for (let i = 0; i < 500; i++) adam.step([Float64Array.of(2 * (p[0]! - 1), 2 * (p[1]! + 2))]);
    expect(p[0]).toBeCloseTo(1, 2);
    expect(p[1]).toBeCloseTo(-2, 2);
  });
});
