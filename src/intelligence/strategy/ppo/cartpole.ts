/**
 * CartPole, the classic balance task (Barto, Sutton & Anderson 1983), with the constants and limits of Gymnasium's
 * CartPole-v1 so that "solved" means what it usually does: a mean return ≥ 475 of a possible 500.
 *
 * State (x, ẋ, θ, θ̇): cart position (m), cart velocity, pole angle from upright (rad), angular velocity. Actions:
 * 0 pushes the cart left, 1 right, with a 10 N force. Each step advances τ = 0.02 s by explicit Euler on the
 * frictionless cart–pole equations (Florian 2007's correction of the original's sign conventions):
 *
 *   temp = (F + m_p·l·θ̇²·sin θ) / (m_c + m_p)
 *   θ̈    = (g·sin θ − cos θ·temp) / (l·(4/3 − m_p·cos²θ / (m_c + m_p)))
 *   ẍ    = temp − m_p·l·θ̈·cos θ / (m_c + m_p)
 *
 * with g = 9.8, m_c = 1.0, m_p = 0.1, l = 0.5 (half the pole's length). Positions update with the old velocities,
 * then velocities with the accelerations. Reward +1 for every step, the failing one included. The episode
 * terminates when |θ| > 12° or |x| > 2.4, and is truncated (not terminated) after 500 steps. Starts: every state
 * variable uniform in [−0.05, 0.05].
 */
import type { Environment, Rng, StepResult } from './env.js';

const GRAVITY = 9.8;
const CART_MASS = 1.0;
const POLE_MASS = 0.1;
const TOTAL_MASS = CART_MASS + POLE_MASS;
const HALF_POLE_LENGTH = 0.5;
const POLE_MASS_LENGTH = POLE_MASS * HALF_POLE_LENGTH;
const FORCE = 10.0;
const TAU = 0.02;
const THETA_LIMIT = (12 * 2 * Math.PI) / 360;
const X_LIMIT = 2.4;
export const CARTPOLE_MAX_STEPS = 500;

export class CartPole implements Environment {
  readonly observationSize = 4;
  readonly actionCount = 2;
  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;
  private steps = 0;
  private over = true;

  constructor(private readonly maxSteps: number = CARTPOLE_MAX_STEPS) {}

  reset(rng: Rng): Float64Array {
    this.x = rng() * 0.1 - 0.05;
    this.xDot = rng() * 0.1 - 0.05;
    this.theta = rng() * 0.1 - 0.05;
    this.thetaDot = rng() * 0.1 - 0.05;
    this.steps = 0;
    this.over = false;
    return this.observe();
  }

  step(action: number): StepResult {
    if (this.over) throw new Error('cartpole: step() after the episode ended; call reset()');
    if (action !== 0 && action !== 1) throw new RangeError(`cartpole: action must be 0 or 1, got ${action}`);
    const force = action === 1 ? FORCE : -FORCE;
    const cos = Math.cos(this.theta);
    const sin = Math.sin(this.theta);
    const temp = (force + POLE_MASS_LENGTH * this.thetaDot * this.thetaDot * sin) / TOTAL_MASS;
    const thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_POLE_LENGTH * (4 / 3 - (POLE_MASS * cos * cos) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    this.x += TAU * this.xDot;
    this.xDot += TAU * xAcc;
    this.theta += TAU * this.thetaDot;
    this.thetaDot += TAU * thetaAcc;
    this.steps++;
    const done = this.x < -X_LIMIT || this.x > X_LIMIT || this.theta < -THETA_LIMIT || this.theta > THETA_LIMIT;
    const truncated = !done && this.steps >= this.maxSteps;
    this.over = done || truncated;
    return { observation: this.observe(), reward: 1, done, truncated };
  }

  private observe(): Float64Array {
    return Float64Array.of(this.x, this.xDot, this.theta, this.thetaDot);
  }
}
