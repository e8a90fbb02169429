/**
 * PPO benchmark (docs/deal-strategy.md, ## PPO).
 *
 *   npx tsx bench/ppo-cartpole.ts                 CartPole-v1 on seeds 1, 2, 3 with the test's gate settings:
 *                                                 steps and seconds to solve, steps/s, the return curve, a greedy
 *                                                 evaluation of 10 episodes
 *   npx tsx bench/ppo-cartpole.ts --throughput    steps/s of a 64×64 policy + value net on a deal-sized task
 *                                                 (32 observations, 8 actions, masking), rollout alone and with the
 *                                                 default PPO update (2048 steps, 10 epochs, minibatches of 64)
 *   npx tsx bench/ppo-cartpole.ts --tfjs          the same 64×64 network on TensorFlow.js (wasm backend) against the
 *                                                 typed-array MLP: one-observation forward, one minibatch train step
 *   --seeds 1,2,3,4,5                             other seeds for the CartPole run
 *
 * Timings depend on the machine's load: the script prints the load average beside them.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  Adam,
  CartPole,
  clipGlobalNorm,
  createRng,
  evaluatePolicy,
  maskedSoftmax,
  Mlp,
  trainPpo,
  uniformInt,
  type Environment,
  type PpoConfig,
  type Rng,
  type StepResult,
} from '../src/intelligence/strategy/ppo/index.js';
import { CARTPOLE_GATE } from '../src/intelligence/strategy/ppo/presets.js';

const args = process.argv.slice(2);
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (n: number, d = 1): string => n.toFixed(d);
/** CPU seconds this process used while running `f`: on a machine shared with other work, wall-clock figures
 * stretch with the load, CPU time much less, so both are printed. */
function withCpu<T>(f: () => T): { value: T; cpuSeconds: number } {
  const before = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(before);
  return { value, cpuSeconds: (used.user + used.system) / 1e6 };
}

function cartpole(seeds: number[]): void {
  console.log(`CartPole-v1, gate settings ${JSON.stringify(CARTPOLE_GATE)}; load average ${load()}`);
  const rows: { seed: number; solvedAt: number | null; seconds: number; stepsPerSecond: number; greedy: number }[] = [];
  for (const seed of seeds) {
    const env = new CartPole();
    let solvedAt: number | null = null;
    const { value: trained, cpuSeconds } = withCpu(() =>
      trainPpo(env, { ...CARTPOLE_GATE, seed }, (s) => {
        if (s.episodes >= 20 && s.meanReturn >= 475) solvedAt = s.steps;
        return solvedAt === null;
      }),
    );
    const { policy, report } = trained;
    const greedy = evaluatePolicy(env, policy, { episodes: 10, seed: 1000 + seed }).meanReturn;
    const curve = report.meanReturnCurve.map((r, i) => `${report.curveSteps[i]! / 1000}k:${fmt(r, 0)}`).join(' ');
    rows.push({ seed, solvedAt, seconds: report.seconds, stepsPerSecond: report.steps / report.seconds, greedy });
    console.log(
      `seed ${seed}: ${solvedAt === null ? `NOT solved in ${report.steps} steps` : `solved (mean of last 20 episodes ≥ 475) at ${solvedAt} steps`}, ` +
        `${fmt(report.seconds)} s wall (${fmt(cpuSeconds)} s CPU), ${fmt(report.steps / report.seconds, 0)} steps/s wall, ${fmt(report.steps / cpuSeconds, 0)} per CPU second (training included), greedy 10 episodes: ${fmt(greedy)}`,
    );
    console.log(`  return curve (steps:mean of last 20): ${curve}`);
  }
  const solved = rows.filter((r) => r.solvedAt !== null);
  console.log(`solved ${solved.length}/${rows.length}; load average after ${load()}`);
}

/** A deal-sized task with cheap dynamics, so the time measured is PPO's own: 32 features, 8 actions, a budget. */
class SyntheticDeals implements Environment {
  readonly observationSize = 32;
  readonly actionCount = 8;
  private readonly state = new Float64Array(32);
  private budget = 16;
  private week = 0;
  private static readonly COST = [1, 2, 3, 3, 2, 1, 2, 0];
  reset(rng: Rng): Float64Array {
    for (let i = 0; i < 32; i++) this.state[i] = rng() * 2 - 1;
    this.budget = 16;
    this.week = 0;
    return this.state.slice();
  }
  actionMask(): boolean[] {
    return SyntheticDeals.COST.map((c) => c <= this.budget);
  }
  step(action: number, rng: Rng): StepResult {
    this.budget -= SyntheticDeals.COST[action]!;
    this.week++;
    const i = uniformInt(rng, 32);
    this.state[i] = this.state[i]! * 0.9 + (action / 8 - 0.4);
    const won = rng() < 0.02 * (1 + this.state[action]!);
    const done = won || this.week >= 20;
    return { observation: this.state.slice(), reward: won ? 1 : 0, done };
  }
}

function throughput(): void {
  const env = new SyntheticDeals();
  const base: Partial<PpoConfig> = { hiddenSizes: [64, 64], rolloutSteps: 2048, minibatchSize: 64 };
  console.log(`deal-sized task (32 observations, 8 actions, masked), 64×64 policy and value nets; load average ${load()}`);
  for (const [label, epochs] of [
    ['rollout only (1 epoch of updates)', 1],
    ['default PPO (10 epochs)', 10],
    ['4 epochs', 4],
  ] as const) {
    const { value, cpuSeconds } = withCpu(() => trainPpo(env, { ...base, seed: 1, totalSteps: 16_384, epochs }));
    const { report } = value;
    console.log(`  ${label}: ${fmt(report.steps / report.seconds, 0)} steps/s wall, ${fmt(report.steps / cpuSeconds, 0)} per CPU second (${report.steps} steps in ${fmt(report.seconds)} s)`);
  }
  // The settings the CRM side trains with (train.ts): 2048-step rollouts, minibatches of 128, 4 epochs; and 32×32.
  for (const hiddenSizes of [[64, 64], [32, 32]]) {
    const { value, cpuSeconds } = withCpu(() => trainPpo(env, { seed: 1, totalSteps: 16_384, rolloutSteps: 2048, minibatchSize: 128, epochs: 4, hiddenSizes }));
    const { report } = value;
    console.log(`  ${hiddenSizes.join('×')}, minibatches of 128, 4 epochs: ${fmt(report.steps / report.seconds, 0)} steps/s wall, ${fmt(report.steps / cpuSeconds, 0)} per CPU second (${report.steps} steps in ${fmt(report.seconds)} s)`);
  }
  // Forward passes alone: what acting costs (serving a recommendation, world-model rollouts).
  const rng = createRng(1);
  const net = Mlp.create([32, 64, 64, 8], rng);
  const x = Float64Array.from({ length: 32 }, () => rng());
  const trace = net.newTrace();
  const n = 200_000;
  const t = performance.now();
  const { cpuSeconds } = withCpu(() => {
    for (let i = 0; i < n; i++) net.forward(x, trace);
  });
  const forwardUs = ((performance.now() - t) * 1000) / n;
  console.log(`  one forward pass of a 32→64→64→8 net: ${fmt(forwardUs, 2)} µs wall, ${fmt((cpuSeconds * 1e6) / n, 2)} µs CPU; load average ${load()}`);
}

async function tfjsComparison(): Promise<void> {
  const require = createRequire(import.meta.url);
  const tf = await import('@tensorflow/tfjs');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const file = (name: string): string => path.join(wasmDir, name);
  setWasmPaths({ 'tfjs-backend-wasm.wasm': file('tfjs-backend-wasm.wasm'), 'tfjs-backend-wasm-simd.wasm': file('tfjs-backend-wasm-simd.wasm'), 'tfjs-backend-wasm-threaded-simd.wasm': file('tfjs-backend-wasm-threaded-simd.wasm') }, true);
  const platform = tf.env().platform;
  const fetchOverHttp = platform.fetch.bind(platform);
  platform.fetch = async (url: string, init?: RequestInit) => (url.startsWith(wasmDir) ? new Response(await fs.readFile(url), { headers: { 'content-type': 'application/wasm' } }) : fetchOverHttp(url, init));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend did not start');
  await tf.ready();

  const sizes = [32, 64, 64, 8];
  const batch = 64;
  const rng = createRng(2);
  const mine = Mlp.create(sizes, rng);
  const inputs = Float64Array.from({ length: batch * 32 }, () => rng() * 2 - 1);
  const targets = Int32Array.from({ length: batch }, () => uniformInt(rng, 8));

  // tfjs: the same network as variables, a cross-entropy step with Adam.
  const vars = mine.weights.map((w, l) => tf.variable(tf.tensor2d(Float32Array.from(w), [sizes[l + 1]!, sizes[l]!]).transpose()));
  const biases = mine.biases.map((b) => tf.variable(tf.tensor1d(Float32Array.from(b))));
  const forward = (x: import('@tensorflow/tfjs').Tensor2D) => {
    let h: import('@tensorflow/tfjs').Tensor2D = x;
    vars.forEach((w, l) => {
      const z = tf.add(tf.matMul(h, w as import('@tensorflow/tfjs').Tensor2D), biases[l]!) as import('@tensorflow/tfjs').Tensor2D;
      h = l + 1 < vars.length ? tf.tanh(z) : z;
    });
    return h;
  };
  const single = tf.tensor2d(Float32Array.from(inputs.subarray(0, 32)), [1, 32]);
  const xs = tf.tensor2d(Float32Array.from(inputs), [batch, 32]);
  const ys = tf.oneHot(tf.tensor1d(targets, 'int32'), 8);
  const optimiser = tf.train.adam(3e-4);
  const time = (label: string, n: number, f: () => void): number => {
    for (let i = 0; i < Math.min(20, n); i++) f();
    const t = performance.now();
    const { cpuSeconds } = withCpu(() => {
      for (let i = 0; i < n; i++) f();
    });
    const us = ((performance.now() - t) * 1000) / n;
    const cpuUs = (cpuSeconds * 1e6) / n;
    console.log(`  ${label}: ${fmt(us, 1)} µs wall, ${fmt(cpuUs, 1)} µs CPU`);
    return cpuUs;
  };
  console.log(`32→64→64→8 tanh MLP; load average ${load()}`);
  const tfForward = time('tfjs wasm, forward of one observation (dataSync)', 2000, () => tf.tidy(() => forward(single).dataSync()));
  const trace = mine.newTrace();
  const x0 = inputs.subarray(0, 32);
  const myForward = time('typed arrays, forward of one observation', 50_000, () => mine.forward(x0, trace));
  const tfTrain = time(`tfjs wasm, train step on a minibatch of ${batch} (cross-entropy + Adam)`, 300, () => {
    const cost = optimiser.minimize(() => tf.losses.softmaxCrossEntropy(ys, forward(xs)) as import('@tensorflow/tfjs').Scalar, true);
    cost?.dataSync();
    cost?.dispose();
  });
  const grads = mine.zeroGradients();
  const adam = new Adam(mine.parameters(), { learningRate: 3e-4 });
  const probs = new Float64Array(8);
  const logProbs = new Float64Array(8);
  const d = new Float64Array(8 * batch);
  const batchTrace = mine.newBatchTrace(batch);
  const myTrain = time(`typed arrays, train step on a minibatch of ${batch} (cross-entropy + Adam)`, 3000, () => {
    for (const g of grads) g.fill(0);
    // As PPO's update does it: the minibatch through batched passes.
    const y = mine.forwardBatch(inputs, batch, batchTrace);
    for (let i = 0; i < batch; i++) {
      maskedSoftmax(y.subarray(i * 8, i * 8 + 8), undefined, probs, logProbs);
      for (let k = 0; k < 8; k++) d[i * 8 + k] = (probs[k]! - (k === targets[i] ? 1 : 0)) / batch;
    }
    mine.backwardBatch(batchTrace, batch, d, grads);
    clipGlobalNorm(grads, 0.5);
    adam.step(grads);
  });
  console.log(`typed arrays vs tfjs wasm, by CPU time: forward ${fmt(tfForward / myForward)}× faster, train step ${fmt(tfTrain / myTrain)}× faster; load average ${load()}`);
}

const seedsAt = args.indexOf('--seeds');
const seeds = seedsAt >= 0 ? args[seedsAt + 1]!.split(',').map(Number) : [1, 2, 3];
if (args.includes('--throughput')) throughput();
else if (args.includes('--tfjs')) await tfjsComparison();
else cartpole(seeds);
