import type { Db } from '../database.js';

/** Runs `fn` in the current transaction, or in a new one when there is none. */
export type Atomically = <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
