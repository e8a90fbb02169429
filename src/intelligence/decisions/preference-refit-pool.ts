/**
 * Contact-preference refits off the server's thread (contact-preferences.ts, "Off the request path"). A refit is a
 * pure function of its input, gathered at its cut; here it is computed in one worker thread per process (started
 * on the first refit, unref'd: it never keeps the process alive), and its grids are taken at the job's due outcome —
 * the same outcome as when it runs in this thread, so every server and every restart swaps in the same grids at the
 * same point of the log. Applying outcomes is synchronous (a sync's loop), so the due outcome takes the result with
 * receiveMessageOnPort, waiting on a shared flag (Atomics.wait) for at most the bound it is given (LATE_WAIT_MS: a
 * request never stalls on a late worker; the job then finishes in that thread, spread over later outcomes —
 * contact-preferences.ts). If the worker cannot be started or fails, the refit runs in this thread from the same
 * input (the same grids, later).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../core/worker-thread.js';
import type { RefitInput, RefitResult, RefitRunner, RemoteRefit } from './contact-preferences.js';
import { REFIT_CANCELLED, REFIT_FAILED, type RefitJobMessage } from './preference-refit-worker.js';

let worker: Worker | undefined;
let broken = false;

function theWorker(): Worker | undefined {
  if (broken) return undefined;
  if (!worker) {
    try {
      const w = spawnModuleWorker(import.meta.url, 'preference-refit-worker', undefined);
      w.unref();
      w.once('error', () => {
        broken = true;
        if (worker === w) worker = undefined;
      });
      w.once('exit', () => {
        if (worker === w) worker = undefined;
      });
      worker = w;
    } catch {
      broken = true;
      return undefined;
    }
  }
  return worker;
}

/**
 * The handle of one job posted to a worker: its result arrives on `port`, and `flag` is set when it is there (1) or
 * the worker failed (REFIT_FAILED). Exported for tests (a channel nobody answers is a worker that never finishes).
 */
export function remoteRefit(port: MessagePort, flag: Int32Array, workerBroken: () => boolean = () => false): RemoteRefit {
  let result: RefitResult | undefined;
  let failed = false;
  let closed = false;
  const close = () => {
    if (!closed) port.close();
    closed = true;
  };
  const take = (): boolean => {
    if (result || failed) return true;
    if (closed) return false;
    const got = receiveMessageOnPort(port) as { message: RefitResult | { error: string } } | undefined;
    if (!got) return false;
    if ('error' in got.message) failed = true;
    else result = got.message;
    close();
    return true;
  };
  return {
    poll: () => (take(), result),
    wait: (ms: number) => {
      const until = performance.now() + Math.max(0, ms);
      while (!take()) {
        if (Atomics.load(flag, 0) === REFIT_FAILED || workerBroken()) {
          failed = true;
          break;
        }
        const left = until - performance.now();
        if (left <= 0) return undefined;
        // Wakes when the worker sets the flag (then the result is on the port) or when the bound is reached.
        Atomics.wait(flag, 0, 0, left);
      }
      return result ?? 'failed';
    },
    cancel: () => {
      // A job not yet started is skipped by the worker; one under way runs to its end, its result unread.
      Atomics.compareExchange(flag, 0, 0, REFIT_CANCELLED);
      close();
    },
  };
}

/** Runs refits in the process's worker thread (a RefitRunner for ContactPreferences). */
export const refitInWorker: RefitRunner = (input: RefitInput): RemoteRefit | undefined => {
  const w = theWorker();
  if (!w) return undefined;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    // The input is copied (not transferred): if the worker fails, the job runs here from it.
    w.postMessage({ input, port: port2, flag } satisfies RefitJobMessage, [port2]);
  } catch {
    port1.close();
    return undefined;
  }
  return remoteRefit(port1, flag, () => broken);
};
