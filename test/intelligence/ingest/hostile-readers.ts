/**
 * Hostile files, and test-only readers that misbehave the way a parser can on one: loop forever, eat memory, or
 * try to reach the network. Each reader claims files starting with its own marker and is isolated (runs in a
 * reader worker).
 */
import net from 'node:net';
import { zipSync } from 'fflate';
import type { Ingester } from '../../../src/intelligence/ingest/index.js';
import { fixtureBytes } from './read-fixture.js';

/** A Word document whose body inflates to `size` bytes while its zip headers declare 1,000 (a lying zip bomb). */
export function lyingZipBombDocx(size = 48 * 1024 * 1024): Uint8Array {
  const zip = zipSync({
    '[Content_Types].xml': new TextEncoder().encode('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': new Uint8Array(size).fill(0x20),
  }, { level: 9 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const nameAt = (at: number, len: number) => new TextDecoder().decode(zip.subarray(at, at + len));
  for (let i = 0; i + 46 < zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && nameAt(i + 30, view.getUint16(i + 26, true)) === 'word/document.xml') view.setUint32(i + 22, 1000, true);
    if (sig === 0x02014b50 && nameAt(i + 46, view.getUint16(i + 28, true)) === 'word/document.xml') view.setUint32(i + 24, 1000, true);
  }
  return zip;
}

/** A PNG cut in half: a valid signature and header, then the data stops. */
export function truncatedPng(): Uint8Array {
  const png = fixtureBytes('media/business-card.png');
  return png.subarray(0, Math.floor(png.length / 2));
}


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
