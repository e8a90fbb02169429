import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * ulid's default generator asks the OS for one random byte per character (about 50 µs an id here, a tenth of a
 * next-action request's CPU). The same cryptographic randomness, read 4 KiB at a time: each character takes one
 * byte, and byte / 256 × 32 picks each of ulid's 32 symbols equally often.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function pooledRandom(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]! / 256;
}

const nextUlid = monotonicFactory(pooledRandom);

/** New record ids are prefixed and time-ordered (`ct_01JD…`); imported records keep their own ids. */
export function newId(prefix: string): string {
  return `${prefix}_${nextUlid().toLowerCase()}`;
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
