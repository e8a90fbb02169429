/**
 * A worker thread of a FitPool (fit-pool.ts): builds the workspace's world once from the records it was sent,
 * then fits one strategy at a time as asked and posts each model back as its JSON. Started by FitPool only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitOn } from './evaluate.js';
import { buildWorld, type WorldParts } from './features.js';
import type { StrategyName } from './strategies.js';
import { TARGETS, type TargetName } from './targets.js';
import type { Outcome } from './targets.js';

export interface FitWorkerData {
  parts: WorldParts;
}

export interface FitJob {
  id: number;
  target: TargetName;
  strategy: StrategyName;
  outcomes: Outcome[];
  uncertainty: boolean;
}

export type FitWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; json: unknown; seconds: number }
  | { kind: 'failed'; id: number; error: string };

const port = parentPort!;
const world = buildWorld((workerData as FitWorkerData).parts);
const post = (m: FitWorkerMessage) => port.postMessage(m);

// The pool sends a job only to an idle worker, so jobs never overlap here.
port.on('message', (job: FitJob) => {
  void (async () => {
    try {
      const t0 = performance.now();
      const model = await fitOn(world, TARGETS[job.target], job.strategy, job.outcomes, job.uncertainty);
      post({ kind: 'done', id: job.id, json: model.toJSON(), seconds: (performance.now() - t0) / 1000 });
    } catch (e) {
      post({ kind: 'failed', id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
post({ kind: 'ready' });
