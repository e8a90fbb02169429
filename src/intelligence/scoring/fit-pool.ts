/**
 * Fits spread over worker threads. A full retrain asks for a dozen independent fits (each learned strategy on the
 * evaluation's training split and on all outcomes, for deals and for leads); each is deterministic on its own (its
 * seeds are its own), so where it runs changes nothing but the time. Every worker builds the workspace's world
 * once from the records it is sent and keeps its snapshots between fits. The fits wait in a queue, largest
 * expected cost first (longest-processing-time scheduling), and go to whichever worker is free.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../core/worker-thread.js';
import { fitOn, type Fitter } from './evaluate.js';
import { buildWorld, type ScoringWorld, type WorldParts } from './features.js';
import { STRATEGY, type ScoreModel, type StrategyName } from './strategies.js';
import type { Outcome, ScoringTarget } from './targets.js';
import type { FitJob, FitWorkerData, FitWorkerMessage } from './fit-worker.js';

/** Resolved outcomes (deals and leads together) below which worker threads cost more to start than they save. */
export const POOL_MIN_OUTCOMES = 1500;

/**
 * Worker threads for a retrain: the configured number when there is one (CRM_TRAIN_WORKERS; 0 or 1: fit in this
 * thread), else one per core up to four (there are about a dozen fits), none for a small workspace or on one core.
 */
export function trainWorkers(outcomes: number, configured?: number, cores = os.availableParallelism()): number {
  if (configured !== undefined) return configured <= 1 ? 0 : configured;
  return outcomes >= POOL_MIN_OUTCOMES && cores >= 2 ? Math.min(cores, 4) : 0;
}

/** Relative cost of a fit per outcome (measured on the shared data set): for the order of the queue only. */
const COST: Record<StrategyName, [plain: number, withUncertainty: number]> = {
  neural: [3, 5.5],
  logistic: [1.8, 1.7],
  'naive-bayes': [0.2, 0.25],
  weighted: [0, 0],
};

interface Pending {
  job: FitJob;
  cost: number;
  resolve: (r: { model: ScoreModel; seconds: number }) => void;
  reject: (e: Error) => void;
}

export class FitPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly world: ScoringWorld;
  private nextId = 1;
  private failure: Error | undefined;

  constructor(parts: WorldParts, size: number) {
    this.world = buildWorld(parts);
    const data: FitWorkerData = { parts };
    for (let i = 0; i < size; i++) {
      const worker = spawnModuleWorker(import.meta.url, 'fit-worker', data);
      this.workers.push(worker);
      worker.on('message', (m: FitWorkerMessage) => this.onMessage(worker, m));
      worker.once('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.once('exit', (code) => {
        if (this.workers.includes(worker)) this.fail(new Error(`a training worker exited with code ${code}`));
      });
    }
  }

  /** The pool as a Fitter: learned strategies go to the workers, the hand-set baseline is fitted here. */
  readonly fit: Fitter = (target: ScoringTarget, strategy: StrategyName, outcomes: Outcome[], uncertainty: boolean) => {
    if (!STRATEGY[strategy].learns) {
      const t0 = performance.now();
      return fitOn(this.world, target, strategy, outcomes, uncertainty).then((model) => ({ model, seconds: (performance.now() - t0) / 1000 }));
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const job: FitJob = { id: this.nextId++, target: target.name, strategy, outcomes, uncertainty };
      const cost = outcomes.length * COST[strategy][uncertainty ? 1 : 0];
      // Largest first; equal costs keep the order asked.
      let at = this.queue.findIndex((p) => p.cost < cost);
      if (at < 0) at = this.queue.length;
      this.queue.splice(at, 0, { job, cost, resolve, reject });
      this.dispatch();
    });
  };

  /** Stops the workers (fits still waiting are rejected). */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.fail(new Error('the training pool was closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const next = this.queue.shift()!;
      this.running.set(worker, next);
      worker.postMessage(next.job);
    }
  }

  private onMessage(worker: Worker, m: FitWorkerMessage): void {
    if (m.kind !== 'ready') {
      const p = this.running.get(worker);
      this.running.delete(worker);
      if (p && p.job.id === m.id) {
        if (m.kind === 'done') {
          // The model comes back as the JSON the model store keeps, and is restored as a stored model would be.
          try {
            p.resolve({ model: STRATEGY[p.job.strategy].restore(m.json), seconds: m.seconds });
          } catch (e) {
            p.reject(e instanceof Error ? e : new Error(String(e)));
          }
        } else p.reject(new Error(`${p.job.target}/${p.job.strategy}: ${m.error}`));
      }
    }
    this.idle.push(worker);
    this.dispatch();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of [...this.queue.splice(0), ...this.running.values()]) p.reject(this.failure);
    this.running.clear();
  }
}
