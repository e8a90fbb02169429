/**
 * The worker thread of preference-refit-pool.ts: computes contact-preference refits (contact-preferences.ts,
 * computeRefit) one after another. Each job brings its input, a port for the result and a shared flag: the result
 * is posted on the port, then the flag is set (1: done, REFIT_FAILED) and notified, so the server's thread can take
 * the result at the job's due outcome without returning to its event loop (receiveMessageOnPort), waiting a little if
 * need be. A job whose flag the server set to REFIT_CANCELLED before it started (it finished the job itself) is
 * skipped. (Imported by the pool for its constants: in the main thread there is no parentPort and nothing listens.)
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { computeRefit, type RefitInput } from './contact-preferences.js';

export const REFIT_FAILED = 2;
export const REFIT_CANCELLED = 3;

export interface RefitJobMessage {
  input: RefitInput;
  port: MessagePort;
  flag: Int32Array;
}

parentPort?.on('message', ({ input, port, flag }: RefitJobMessage) => {
  if (Atomics.load(flag, 0) === REFIT_CANCELLED) {
    port.close();
    return;
  }
  let state = 1;
  try {
    const r = computeRefit(input);
    port.postMessage(r);
  } catch (e) {
    state = REFIT_FAILED;
    port.postMessage({ error: String(e) });
  }
  port.close();
  Atomics.compareExchange(flag, 0, 0, state);
  Atomics.notify(flag, 0);
});
