/**
 * Test-only readers that misbehave the way a parser can on a hostile file: loop forever, eat memory, or try to
 * reach the network. Each claims files starting with its own marker and is isolated (runs in a reader worker).
 */
import net from 'node:net';
import type { Ingester } from '../../../src/intelligence/ingest/index.js';

const marked = (marker: string) => (s: { head: string }) => (s.head.startsWith(marker) ? 1 : 0);

export const hangingReader: Ingester = {
  kind: 'chat', // a kind the registry knows; the marker decides which files it takes
  isolate: { module: import.meta.url, name: 'hangingReader' },
  detect: marked('HANG!'),
  async extract() {
    for (;;) {
      // A CPU-bound loop: no await, so only terminating the thread stops it.
    }
  },
};

export const balloonReader: Ingester = {
  kind: 'chat',
  isolate: { module: import.meta.url, name: 'balloonReader' },
  detect: marked('BALLOON!'),
  async extract() {
    const hoard: number[][] = [];
    // 8 MB arrays of doubles on the heap: the cap is reached in a few steps, not after minutes of garbage collection.
    for (;;) hoard.push(new Array<number>(1_000_000).fill(hoard.length + 0.5));
  },
};

export const networkReader: Ingester = {
  kind: 'chat',
  isolate: { module: import.meta.url, name: 'networkReader' },
  detect: marked('NETWORK!'),
  async extract() {
    const tries: string[] = [];
    for (const attempt of [() => fetch('http://127.0.0.1:9/'), () => Promise.resolve(net.connect(9, '127.0.0.1'))]) {
      try {
        await attempt();
        tries.push('connected');
      } catch (e) {
        tries.push((e as Error).message);
      }
    }
    return { items: [], warnings: tries };
  },
};
