/**
 * The embedding worker on a server's thread (issue 21, "background work yields to requests"): on SQLite every query
 * of a batch runs synchronously on the thread that answers requests. The worker yields between its storage calls,
 * and with a duty cycle pauses after each batch in proportion to what the batch held, longer while other work
 * (requests) keeps the loop busy. Also: a worker stopped dead in the middle of a first pass (jobs claimed, shards
 * written, jobs never completed) and a fresh one started on the same database embed every record exactly once per
 * model, and a freshly loaded index holds every record.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/core/clock.js';
import { createIntelligence } from '../../src/intelligence/index.js';
import { EMBED_QUEUE, enqueueAll, REFINE_QUEUE } from '../../src/intelligence/memory/embedding-queue.js';
import { EmbeddingWorker } from '../../src/intelligence/memory/embedding-worker.js';
import { MemoryIndex } from '../../src/intelligence/vectors/memory-index.js';
import { TwoScaleMemory } from '../../src/intelligence/vectors/two-scale-memory.js';
import type { Storage } from '../../src/storage/index.js';
import { describeEachBackend, openTestCrm, SAMPLE_DIR } from '../support/backends.js';
import { CountingProvider } from '../support/counting-provider.js';

const ws = 'default';

/**
 * The storage, with every call to its records, shards and jobs repositories reported to `onCall` when it starts and
 * when its promise settles; `override` can replace a call (a worker that dies mid-batch).
 */
function instrumented(
  storage: Storage,
  onCall: (name: string, phase: 'start' | 'end') => void,
  override?: (name: string, args: unknown[]) => Promise<unknown> | undefined,
): Storage {
  const wrap = <T extends object>(repo: T, prefix: string): T =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const name = `${prefix}.${String(prop)}`;
        return (...args: unknown[]) => {
          const replaced = override?.(name, args);
          if (replaced) return replaced;
          onCall(name, 'start');
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          return Promise.resolve(out).finally(() => onCall(name, 'end'));
        };
      },
    });
  return new Proxy(storage, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'records' || prop === 'shards' || prop === 'jobs') return wrap(value as object, prop);
      return value;
    },
  });
}

/** A contacts file of `n` rows whose notes differ. */
function contactsFile(prefix: string, n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duty-cycle-'));
  const file = path.join(dir, 'contacts.csv');
  fs.writeFileSync(file, `id,first_name,last_name,email,notes\n${Array.from({ length: n }, (_, i) => `${prefix}${i},P${i},T,${prefix}${i}@example.com,"Works on topic ${i % 7}; note ${i}."`).join('\n')}\n`);
  return file;
}

describeEachBackend('embedding worker yields between its steps', (ctx) => {
  it('lets other callbacks run between every two storage calls of a first-pass batch', async () => {
    const { crm } = ctx();
    // The demo sample: contacts, companies and deals whose texts carry activity digests (the most queries a batch makes).
    await crm.importer.importDirectory(ws, SAMPLE_DIR, { source: 'import' });
    const queued = await enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now()));
    expect(queued).toBeGreaterThan(200);
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const calls: { name: string; ticks: number }[] = [];
    const storage = instrumented(crm.storage, (name, phase) => {
      if (phase === 'start') calls.push({ name, ticks });
    });
    const worker = new EmbeddingWorker({ storage, provider: new CountingProvider(64), clock: crm.clock, batchSize: 64, firstPass: { provider: new CountingProvider(48), threshold: 50 } });
    try {
      for (let i = 0; i < 4; i++) expect((await worker.runOnce()).firstPass).toBeGreaterThan(0);
    } finally {
      ticking = false;
    }
    expect(calls.length).toBeGreaterThan(20);
    // No two storage calls back to back: on SQLite each holds the thread, so a request waits for one call at most.
    const backToBack = calls.filter((c, i) => i > 0 && c.ticks === calls[i - 1]!.ticks).map((c, i) => `${calls[calls.indexOf(c) - 1]!.name} → ${c.name} (${i})`);
    expect(backToBack).toEqual([]);
  }, 120_000);
});

describe('embedding worker duty cycle [sqlite]', () => {
  it('takes at most about a ninth of a loop that other work saturates, and little rate on a quiet one', async () => {
    const { ctx, cleanup } = await openTestCrm('sqlite');
    try {
      const { crm } = ctx;
      await crm.importer.importDirectory(ws, SAMPLE_DIR, { source: 'import' });
      await enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now()));
      // The worker's hold is measured here, independently of the worker: the time its storage calls take (SQLite
      // answers synchronously, so a call's duration is time the thread was held).
      let workerMs = 0;
      let callFrom = 0;
      const storage = instrumented(crm.storage, (_name, phase) => {
        if (phase === 'start') callFrom = performance.now();
        else workerMs += performance.now() - callFrom;
      });
      const worker = new EmbeddingWorker({
        storage,
        provider: new CountingProvider(64),
        clock: crm.clock,
        firstPass: { provider: new CountingProvider(48), threshold: 50, batchSize: 32 },
        dutyCycle: {},
      });
      // Requests stand-in: callbacks of 1 ms each, back to back, for as long as the worker runs.
      let otherMs = 0;
      let busy = true;
      const request = () => {
        const from = performance.now();
        while (performance.now() - from < 1);
        otherMs += performance.now() - from;
        if (busy) setImmediate(request);
      };
      setImmediate(request);
      // Measured from the third batch on: the first is the worker's full batch (128 jobs; the bulk is known once
      // claimed), and the pause after it is the quiet one until the loop's business has been read once.
      let batches = 0;
      let from: { workerMs: number; otherMs: number; held: number; paused: number } | undefined;
      const done = new Promise<void>((resolve) => {
        worker.onBatchDone(() => {
          if (++batches === 2) from = { workerMs, otherMs, held: 0, paused: 0 };
          if (batches === 3) from = { ...from!, held: worker.dutyState!.totalHeldMs, paused: worker.dutyState!.totalPauseMs };
          if (batches === 14) resolve();
        });
      });
      worker.start(10);
      await done;
      busy = false;
      await worker.stop();
      const share = (otherMs - from!.otherMs) / (otherMs - from!.otherMs + workerMs - from!.workerMs);
      // Busy ratio 8: other work gets ≥ 8/9 of the loop by design; without the duty cycle it got well under half.
      expect(share).toBeGreaterThan(0.75);
      expect(worker.dutyState!.otherUtilisation).toBeGreaterThan(0.5);
      const loaded = worker.dutyState!;
      expect(loaded.totalPauseMs - from!.paused).toBeGreaterThan(5 * (loaded.totalHeldMs - from!.held));
      // Quiet: nothing else wants the loop; the pauses are shorter than the time the batches held (8× when busy).
      const quietWorker = new EmbeddingWorker({ storage: crm.storage, provider: new CountingProvider(64), clock: crm.clock, firstPass: { provider: new CountingProvider(48), threshold: 50, batchSize: 32 }, dutyCycle: {} });
      let quietBatches = 0;
      const quietDone = new Promise<void>((resolve) => {
        quietWorker.onBatchDone(() => {
          if (++quietBatches === 12) resolve();
        });
      });
      quietWorker.start(10);
      await quietDone;
      await quietWorker.stop();
      const quiet = quietWorker.dutyState!;
      expect(quiet.totalPauseMs).toBeLessThan(quiet.totalHeldMs);
    } finally {
      await cleanup();
    }
  }, 180_000);
});

describeEachBackend('embedding worker duty cycle wiring', (ctx, dialect) => {
  it("is on for a server's worker on SQLite only (PostgreSQL's driver does not hold the loop), off for crm worker", async () => {
    const { crm } = ctx();
    expect((await crm.importer.importFile(ws, 'contact', contactsFile('dw_', 5))).inserted).toBe(5);
    await enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now()), ['contact']);
    const server = createIntelligence(crm, { provider: new CountingProvider(32), worker: true });
    expect((await server.worker.drain()).embedded).toBe(5);
    expect(server.worker.dutyState !== undefined).toBe(dialect === 'sqlite');
    await crm.records.update(ws, 'contact', 'dw_0', { notes: 'Changed.' });
    await enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now()), ['contact']);
    const cli = createIntelligence(crm, { provider: new CountingProvider(32), worker: false });
    expect((await cli.worker.drain())).toMatchObject({ embedded: 1, unchanged: 4 });
    expect(cli.worker.dutyState).toBeUndefined();
  });
});

describeEachBackend('embedding worker stopped dead mid first pass, then restarted', (ctx) => {
  it('embeds every record exactly once per model, and a freshly loaded index holds them all', async () => {
    const { crm, clock } = ctx();
    const n = 100;
    expect((await crm.importer.importFile(ws, 'contact', contactsFile('rs_', n))).inserted).toBe(n);
    await enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now()), ['contact']);
    const main = new CountingProvider(64);
    const fast = new CountingProvider(48);
    const recordTexts = (p: CountingProvider) => p.texts.filter((t) => t.includes('note '));
    // The first worker dies in its third batch after writing its shards and queuing their refinement, before its
    // jobs are completed (as a `kill -9` would leave them: claimed, leased, never done).
    let completes = 0;
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const dying = instrumented(
      crm.storage,
      () => undefined,
      (name) => {
        if (name !== 'jobs.complete' || ++completes < 3) return undefined;
        died();
        return new Promise(() => undefined);
      },
    );
    const first = new EmbeddingWorker({ storage: dying, provider: main, clock: crm.clock, leaseMs: 60_000, firstPass: { provider: fast, threshold: 10, batchSize: 16 }, dutyCycle: {}, batchSize: 16 });
    void first.drain();
    await dead;
    expect(recordTexts(fast)).toHaveLength(48);
    // Restart: a new worker once the dead one's lease has run out.
    clock.advance(120_000);
    const second = new EmbeddingWorker({ storage: crm.storage, provider: main, clock: crm.clock, leaseMs: 60_000, firstPass: { provider: fast, threshold: 10, batchSize: 16 }, dutyCycle: {}, batchSize: 16 });
    const report = await second.drain();
    expect(report.failed).toBe(0);
    const now = toTimestamp(crm.clock.now());
    expect((await crm.storage.jobs.stats(EMBED_QUEUE, now)).ready).toBe(0);
    expect((await crm.storage.jobs.stats(REFINE_QUEUE, now)).ready).toBe(0);
    // Each record's text went to each model exactly once, the dead worker's batch included.
    expect(recordTexts(fast)).toHaveLength(n);
    expect(new Set(recordTexts(fast)).size).toBe(n);
    expect(recordTexts(main)).toHaveLength(n);
    expect(new Set(recordTexts(main)).size).toBe(n);
    expect(await crm.storage.shards.count(ws, fast.model, 'contact')).toBe(n);
    expect(await crm.storage.shards.count(ws, main.model, 'contact')).toBe(n);
    // A server started now loads an index with every record, each answering from the main model.
    const memory = new TwoScaleMemory(new MemoryIndex(crm.storage, main.model, { clock: crm.clock }), new MemoryIndex(crm.storage, fast.model, { clock: crm.clock }), 64, 48);
    await memory.load();
    expect(memory.fastOnlyIds(ws, 'contact').size).toBe(0);
    for (let i = 0; i < n; i++) {
      const v = memory.vectorOf(ws, 'contact', `rs_${i}`);
      expect(v, `rs_${i}`).toBeDefined();
      expect(v!.subarray(0, 64).some((x) => x !== 0)).toBe(true);
    }
    const probe = main.embedOne(recordTexts(main).find((t) => t.includes('note 42.'))!);
    expect(memory.search(ws, 'contact', memory.query(probe, fast.embedOne('note 42')), 1)[0]!.id).toBe('rs_42');
    memory.stop();
  }, 120_000);
});
