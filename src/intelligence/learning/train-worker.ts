/**
 * Worker thread that retrains a workspace's models on its own database connection, so a server keeps
 * answering while a retrain (tens of seconds of arithmetic) runs; on a large workspace the training spreads its
 * fits over worker threads of its own (scoring/fit-pool.ts, CRM_TRAIN_WORKERS). Started by `workerTrainer`
 * (retrain.ts); posts one TrainWorkerResult and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../core/clock.js';
import { openStorage, type StorageConfig } from '../../storage/connect.js';
import { ScoringService } from '../scoring/index.js';

export interface TrainWorkerData {
  storage: StorageConfig;
  workspace: string;
  throughSeq: number;
  /** Fit threads as configured (CRM_TRAIN_WORKERS); unset: scoring/fit-pool.ts decides. */
  trainWorkers?: number;
}

export type TrainWorkerResult = { ok: true; trained: { target: string; strategy: string; version: number }[]; seconds: number } | { ok: false; error: string };

const job = workerData as TrainWorkerData;
let result: TrainWorkerResult;
const storage = await openStorage(job.storage);
try {
  const report = await new ScoringService(storage, systemClock, { trainWorkers: job.trainWorkers }).train(job.workspace, { throughSeq: job.throughSeq });
  result = { ok: true, trained: report.trained, seconds: report.seconds };
} catch (e) {
  result = { ok: false, error: e instanceof Error ? e.message : String(e) };
} finally {
  await storage.close();
}
parentPort!.postMessage(result);
