/**
 * The worker thread of preference-refit-pool.ts: computes contact-preference refits (contact-preferences.ts,
 * computeRefit) one after another. Each job brings its input, a port for the result and a shared flag: the result
 * is posted on the port, then the flag is set (1: done, 2: failed) and notified, so the server's thread can take the
 * result at the job's due outcome without returning to its event loop (receiveMessageOnPort), waiting if need be.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { computeRefit, type RefitInput } from './contact-preferences.js';

export interface RefitJobMessage {
  input: RefitInput;
  port: MessagePort;
  flag: Int32Array;
}

parentPort!.on('message', ({ input, port, flag }: RefitJobMessage) => {
  let state = 1;
  try {
    const r = computeRefit(input);
    port.postMessage(r);
  } catch (e) {
    state = 2;
    port.postMessage({ error: String(e) });
  }
  port.close();
  Atomics.store(flag, 0, state);
  Atomics.notify(flag, 0);
});
