import { describe, expect, it } from 'vitest';
import { CartPole, CARTPOLE_MAX_STEPS, createRng, evaluatePolicy, trainPpo } from '../../../../src/intelligence/strategy/ppo/index.js';
import { CARTPOLE_GATE } from '../../../../src/intelligence/strategy/ppo/presets.js';

describe('CartPole', () => {
  it('follows the cart–pole equations for one step from a known state', () => {
    // From upright and still, pushing right (+10 N): temp = 10/1.1, θ̈ = −cosθ·temp / (0.5·(4/3 − 0.1/1.1)),
    // ẍ = temp − 0.05·θ̈/1.1. Positions move with the old (zero) velocities, so only velocities change.
    const env = new CartPole();
    env.reset(() => 0.5); // every variable 0.5·0.1 − 0.05 = 0
    const { observation, reward, done, truncated } = env.step(1);
    const temp = 10 / 1.1;
    const thetaAcc = -temp / (0.5 * (4 / 3 - 0.1 / 1.1));
    const xAcc = temp - (0.05 * thetaAcc) / 1.1;
    expect(observation[0]).toBe(0);
    expect(observation[1]).toBeCloseTo(0.02 * xAcc, 12);
    expect(observation[2]).toBe(0);
    expect(observation[3]).toBeCloseTo(0.02 * thetaAcc, 12);
    expect([reward, done, truncated]).toEqual([1, false, false]);
  });

  it('terminates when the pole falls past 12° and truncates at 500 steps', () => {
    const env = new CartPole();
    const rng = createRng(1);
    env.reset(rng);
    let steps = 0;
    let last;
    do {
      last = env.step(1); // always pushing right tips the pole left within a few dozen steps
      steps++;
    } while (!last.done);
    expect(steps).toBeLessThan(60);
    expect(Math.abs(last.observation[2]!)).toBeGreaterThan((12 * Math.PI) / 180);
    expect(() => env.step(0)).toThrow(/after the episode ended/);

    const short = new CartPole(3);
    short.reset(() => 0.5);
    short.step(0);
    short.step(1);
    expect(short.step(0)).toMatchObject({ done: false, truncated: true });
    expect(CARTPOLE_MAX_STEPS).toBe(500);
  });
});

describe('PPO sanity gate', () => {
  // Fixed seed, at most 150k environment steps: the mean return of the last 20 training episodes reaches 475 of
  // 500, and a greedy evaluation of 10 fresh episodes does too. Some 20–50k steps are enough (docs/deal-strategy.md).
  it('solves CartPole-v1 within the step budget', { timeout: 180_000 }, () => {
    const env = new CartPole();
    let solvedAt: number | null = null;
    const { policy, report } = trainPpo(env, { ...CARTPOLE_GATE, seed: 1 }, (s) => {
      if (s.episodes >= 20 && s.meanReturn >= 475) solvedAt = s.steps;
      return solvedAt === null;
    });
    expect(report.steps).toBeLessThanOrEqual(150_000);
    expect(solvedAt).not.toBeNull();
    expect(report.finalMeanReturn).toBeGreaterThanOrEqual(475);
    const greedy = evaluatePolicy(env, policy, { episodes: 10, seed: 2024 });
    expect(greedy.meanReturn).toBeGreaterThanOrEqual(475);
    // The curve rose from a random policy's ~20.
    expect(report.meanReturnCurve[0]).toBeLessThan(60);
  });
});
