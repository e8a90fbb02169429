/**
 * Contact-preference refits off the server's thread (contact-preferences.ts, "Off the request path"). A refit is a
 * pure function of its input, gathered at its cut; here it is computed in one worker thread per process (started
 * on the first refit, unref'd: it never keeps the process alive), and its grids are taken at the job's due outcome —
 * the same outcome as when it runs in this thread, so every server and every restart swaps in the same grids at the
 * same point of the log. Applying outcomes is synchronous (a sync's loop), so the due outcome takes the result with
 * receiveMessageOnPort, waiting on a shared flag (Atomics.wait) only if the worker is late. If the worker cannot be
 * started or fails, the refit runs in this thread from the same input (the same grids, later and slower).
 */
import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../core/worker-thread.js';
import type { RefitInput, RefitResult, RefitRunner, RemoteRefit } from './contact-preferences.js';
import type { RefitJobMessage } from './preference-refit-worker.js';

/** How long a due outcome waits for a late worker before computing the refit itself (ms). */
const WAIT_LIMIT_MS = 120_000;

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
  let result: RefitResult | undefined;
  let failed = false;
  const take = (): boolean => {
    if (result || failed) return true;
    const got = receiveMessageOnPort(port1) as { message: RefitResult | { error: string } } | undefined;
    if (!got) return false;
    if ('error' in got.message) failed = true;
    else result = got.message;
    port1.close();
    return true;
  };
  return {
    poll: () => (take(), result),
    wait: () => {
      const until = Date.now() + WAIT_LIMIT_MS;
      while (!take()) {
        const left = until - Date.now();
        if (left <= 0 || broken) {
          port1.close();
          return undefined;
        }
        // Wakes when the worker sets the flag (then the result is on the port) or after a while to look again.
        Atomics.wait(flag, 0, 0, Math.min(left, 1000));
        if (Atomics.load(flag, 0) === 2) failed = true;
      }
      return result;
    },
  };
};
