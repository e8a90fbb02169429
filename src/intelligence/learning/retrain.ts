/**
 * Learners subscribe to the outcome log: a workspace's models are retrained when enough new outcomes have
 * arrived since the last training (CRM_RETRAIN_AFTER, default 50), when the last training is older than the
 * schedule (CRM_RETRAIN_EVERY_HOURS, default 24) and anything new happened, and once when a workspace with
 * enough closed deals has no model at all. Each retrain stores new versions (the previous ones stay for
 * rollback). Several servers on one PostgreSQL share the work: a retrain is a job on the durable queue, so only
 * the process that leases it trains.
 */
import type { Clock } from '../../core/clock.js';
import type { RetrainPolicy } from '../../core/config.js';
import { CLOSED_STAGES, ENTITIES } from '../../core/entities.js';
import { SCORING_OUTCOME_KINDS } from '../../core/events.js';
import type { StorageConfig } from '../../storage/connect.js';
import type { Storage } from '../../storage/index.js';
import { MIN_OUTCOMES_PER_CLASS, modelKey } from '../scoring/index.js';
import { spawnModuleWorker } from '../../core/worker-thread.js';
import type { TrainWorkerData, TrainWorkerResult } from './train-worker.js';

export type { RetrainPolicy } from '../../core/config.js';

export interface RetrainDecision {
  due: boolean;
  reason: string;
  /** Outcomes logged since the current models were trained. */
  newOutcomes: number;
  /** The outcome log position a training now would include. */
  throughSeq: number;
}

/** Whether a workspace's models should be retrained now, and why. */
export async function retrainDecision(storage: Storage, ws: string, policy: RetrainPolicy, now: Date): Promise<RetrainDecision> {
  const current = await storage.models.currentInfo(ws, modelKey('deal', 'logistic'));
  const trainedThrough = current ? ((JSON.parse(current.metrics) as { throughSeq?: number | null }).throughSeq ?? 0) : 0;
  // Only what scoring learns from: next-action recommendations and their outcomes are not deal or lead outcomes.
  const { count, lastSeq } = await storage.outcomes.countSince(ws, trainedThrough, SCORING_OUTCOME_KINDS);
  const base = { newOutcomes: count, throughSeq: lastSeq };
  if (!current) {
    const closed = await storage.records.count(ws, ENTITIES.deal, [{ field: 'stage', op: 'in', value: [...CLOSED_STAGES] }]);
    return closed >= 2 * MIN_OUTCOMES_PER_CLASS
      ? { ...base, due: true, reason: `no model yet and ${closed} closed deals to learn from` }
      : { ...base, due: false, reason: `no model yet; ${closed} closed deals is too few to learn from` };
  }
  if (policy.afterOutcomes > 0 && count >= policy.afterOutcomes) return { ...base, due: true, reason: `${count} new outcomes since the last training` };
  const age = now.getTime() - Date.parse(current.trained_at);
  if (policy.everyMs > 0 && count > 0 && age >= policy.everyMs) return { ...base, due: true, reason: `scheduled: last trained ${Math.round(age / 3_600_000)} h ago, ${count} new outcomes since` };
  return { ...base, due: false, reason: count === 0 ? 'nothing new since the last training' : `${count} new outcomes; waiting for ${policy.afterOutcomes} or the schedule` };
}

export type Trainer = (ws: string, throughSeq: number) => Promise<{ trained: { target: string; strategy: string; version: number }[]; seconds: number }>;

/**
 * Trains in a worker thread on its own connection to the same database, off the server's event loop;
 * `trainWorkers` is the configured number of fit threads (scoring/fit-pool.ts).
 */
export function workerTrainer(storage: StorageConfig, trainWorkers?: number): Trainer {
  return (workspace, throughSeq) =>
    new Promise((resolve, reject) => {
      const data: TrainWorkerData = { storage, workspace, throughSeq, trainWorkers };
      const worker = spawnModuleWorker(import.meta.url, 'train-worker', data);
      let settled = false;
      worker.once('message', (r: TrainWorkerResult) => {
        settled = true;
        if (r.ok) resolve({ trained: r.trained, seconds: r.seconds });
        else reject(new Error(r.error));
      });
      worker.once('error', (e) => {
        settled = true;
        reject(e);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`training worker exited with code ${code} before reporting`));
      });
    });
}

const RETRAIN_QUEUE = 'retrain';
const LEASE_MS = 30 * 60_000;

/** Looks at every workspace now and then, and retrains the ones that are due (one at a time). */
export class RetrainScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly workerId = `retrain-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  /** A failed retrain waits an hour before this process tries the workspace again. */
  private readonly failedUntil = new Map<string, number>();
  private stopping = false;

  constructor(
    private readonly deps: { storage: Storage; clock: Clock; policy: RetrainPolicy; train: Trainer; log?: (message: string) => void },
  ) {}

  start(everyMs = 60_000): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
    void this.tick();
  }

  /** Starts no further workspace's training; a training under way finishes (its result is kept). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One look at every workspace; overlapping calls wait for the one under way. Returns what was retrained. */
  async tick(): Promise<string[]> {
    if (this.running) {
      await this.running;
      return [];
    }
    const done: string[] = [];
    this.running = this.pass(done).finally(() => {
      this.running = undefined;
    });
    await this.running;
    return done;
  }

  private async pass(done: string[]): Promise<void> {
    const { storage, clock, policy, train, log } = this.deps;
    for (const ws of await storage.workspaces.list()) {
      if (this.stopping) return;
      try {
        const now = clock.now();
        if ((this.failedUntil.get(ws.id) ?? 0) > now.getTime()) continue;
        const decision = await retrainDecision(storage, ws.id, policy, now);
        if (!decision.due) continue;
        // The queue's lease makes this process the only one training this workspace right now.
        const ref = { workspace_id: ws.id, entity: 'deal' as const, record_id: '*models*' };
        await storage.jobs.enqueue(RETRAIN_QUEUE, [ref], now.toISOString());
        const claimed = (await storage.jobs.claim(RETRAIN_QUEUE, this.workerId, 10, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString())).filter(
          (j) => j.workspace_id === ws.id,
        );
        if (claimed.length === 0) continue;
        log?.(`retraining ${ws.id}: ${decision.reason}`);
        try {
          const report = await train(ws.id, decision.throughSeq);
          log?.(`retrained ${ws.id} in ${report.seconds.toFixed(1)} s: ${report.trained.map((t) => `${t.target}/${t.strategy} v${t.version}`).join(', ')}`);
          done.push(ws.id);
          await storage.jobs.complete(claimed);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          log?.(`retraining ${ws.id} failed: ${message}`);
          this.failedUntil.set(ws.id, now.getTime() + 3_600_000);
          for (const j of claimed) await storage.jobs.fail(j, message, new Date(now.getTime() + 3_600_000).toISOString());
        }
      } catch (e) {
        log?.(`retrain check of ${ws.id} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
