import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { UseLiteProvider } from '../../../src/intelligence/embeddings/use-lite.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

// One pool for the file: loading the model in each worker takes a few seconds. Batches of 2 over 2 workers
// make every multi-text call cross batches and workers.
const use = new UseLiteProvider({ workers: 2, batchSize: 2 });
afterAll(() => use.close());

describe('UseLiteProvider', () => {
  it('names itself and gives 512-d unit vectors', async () => {
    expect([use.model, use.version, use.dimensions, use.workerCount]).toEqual(['use-lite', '1', 512, 2]);
    const vectors = await use.embed(['worried about compliance audits', '', 'x'.repeat(5000), 'word '.repeat(2000)]);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
  }, 60_000);

  it('puts paraphrases closer than unrelated text', async () => {
    const [audit, soc2, hiking] = await use.embed(['worried about compliance audits', 'concerned about SOC 2 audit readiness', 'likes hiking in the alps']);
    expect(dot(audit!, soc2!)).toBeGreaterThan(dot(audit!, hiking!) + 0.2);
    expect(dot(soc2!, audit!)).toBeGreaterThan(dot(soc2!, hiking!));
  }, 60_000);

  it('keeps input order across batches and workers; the same text gives the same vector', async () => {
    const texts = [
      'renewal at risk, champion left the company',
      'hiring two data engineers this quarter',
      'a',
      'renewal at risk, champion left the company',
      'asked for SSO and audit logs before signing the enterprise plan',
      'budget approved',
      'renewal at risk, champion left the company',
      'prefers email over calls',
    ];
    const together = await use.embed(texts);
    const alone = await Promise.all(texts.map(async (t) => (await use.embed([t]))[0]!));
    expect(together).toHaveLength(texts.length);
    together.forEach((v, i) => expect(maxDiff(v, alone[i]!)).toBeLessThan(1e-5));
    expect(maxDiff(together[0]!, together[3]!)).toBeLessThan(1e-6);
    expect(maxDiff(together[0]!, together[6]!)).toBeLessThan(1e-6);
    expect(dot(together[0]!, together[1]!)).toBeLessThan(0.9);
  }, 60_000);

  it('answers concurrent calls and empty input', async () => {
    expect(await use.embed([])).toEqual([]);
    const [a, b] = await Promise.all([use.embed(['pipeline forecast', 'hiking']), use.embed(['pipeline forecast'])]);
    expect(maxDiff(a![0]!, b![0]!)).toBeLessThan(1e-5);
  }, 60_000);
});

describe('UseLiteProvider lifecycle', () => {
  it('close() ends the workers; a later embed starts a new pool', async () => {
    const p = new UseLiteProvider({ workers: 1 });
    const [first] = await p.embed(['quarterly business review']);
    await p.close();
    const [again] = await p.embed(['quarterly business review']);
    await p.close();
    expect(maxDiff(first!, again!)).toBeLessThan(1e-6);
  }, 60_000);

  it('close() refuses a question still being gathered and starts no thread for it', async () => {
    const p = new UseLiteProvider({ workers: 1, queryWorker: true });
    const asked = p.embed(['asked just before closing'], { priority: 'query' });
    await p.close();
    await expect(asked).rejects.toThrow(/closed/);
    await new Promise((r) => setImmediate(r));
    expect(p.modelCalls).toEqual({ pool: 0, queryWorker: 0 });
  }, 60_000);
});

// Linux keeps a nice value per thread: the pool's threads are lowered, the process's own thread is not.
describe.runIf(fs.existsSync('/proc/self/task'))('UseLiteProvider niceness', () => {
  const niceOf = (task: string) => Number(fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
  it('runs its worker threads that many nice steps below the calling thread (capped at 19) and leaves the calling thread alone', async () => {
    const before = new Set(fs.readdirSync('/proc/self/task'));
    // Whatever the test runner was started at (`nice -n 5 npx vitest …`): the pool must not change it.
    const own = niceOf(String(process.pid));
    const niced = new UseLiteProvider({ workers: 1, niceness: 7 });
    try {
      await niced.embed(['warm up the worker']);
      const added = fs.readdirSync('/proc/self/task').filter((t) => !before.has(t));
      // Relative: a runner at nice 19 (as the benches run) must not get a background thread above its own priority.
      expect(added.map(niceOf)).toContain(Math.min(19, own + 7));
      expect(added.map(niceOf).every((n) => n >= own)).toBe(true);
      expect(niceOf(String(process.pid))).toBe(own);
    } finally {
      await niced.close();
    }
  }, 60_000);
});

describe('UseLiteProvider queries', () => {
  it("serves a query's texts before background work queued earlier, and gathers a question's texts into one model call", async () => {
    const one = new UseLiteProvider({ workers: 1, batchSize: 2 });
    try {
      await one.embed(['warm up']);
      // Idle: two texts asked from two places in the same turn (a persona query's topic and concern) take one call.
      const before = one.modelCalls.pool;
      const [[topic], concern] = await Promise.all([
        one.embed(['worried about data security'], { priority: 'query' }),
        one.embed(['data security', 'worried about data security'], { priority: 'query' }),
      ]);
      expect(one.modelCalls.pool - before).toBe(1);
      // Busy with an import: the query goes before the import's remaining batches.
      const order: string[] = [];
      const background = one.embed(Array.from({ length: 24 }, (_, i) => `imported note number ${i} about a renewal`)).then(() => order.push('background'));
      await one.embed(['anxious about audits'], { priority: 'query' }).then(() => order.push('query'));
      await background;
      expect(order).toEqual(['query', 'background']);
      const [alone] = await one.embed(['worried about data security']);
      expect(maxDiff(topic!, alone!)).toBe(0);
      expect(maxDiff(concern[1]!, alone!)).toBe(0);
      expect(dot(concern[0]!, alone!)).toBeLessThan(0.999);
    } finally {
      await one.close();
    }
  }, 120_000);

  it("asks the model once for a query text asked again soon after (the parser's phrase, then the search's topic)", async () => {
    const one = new UseLiteProvider({ workers: 1 });
    try {
      const [first] = await one.embed(['bracing for a certification review'], { priority: 'query' });
      const calls = one.modelCalls.pool;
      const [again, other] = await one.embed(['bracing for a certification review', 'a different question'], { priority: 'query' });
      // Only the new text went to the model; the repeated one is the same vector.
      expect(one.modelCalls.pool - calls).toBe(1);
      expect(maxDiff(again!, first!)).toBe(0);
      const [again2] = await one.embed(['bracing for a certification review'], { priority: 'query' });
      expect(one.modelCalls.pool - calls).toBe(1);
      expect(maxDiff(again2!, first!)).toBe(0);
      // Background embedding is not served from it (bulk texts go to the model as before), and gives the same vector.
      const [bulk] = await one.embed(['bracing for a certification review']);
      expect(one.modelCalls.pool - calls).toBe(2);
      expect(maxDiff(bulk!, first!)).toBe(0);
      expect(dot(other!, first!)).toBeLessThan(0.999);
    } finally {
      await one.close();
    }
  }, 60_000);

  it('with a query worker, queries run on it (started with the pool, a question goes to it once its model is loaded) and background work stays on the pool', async () => {
    const server = new UseLiteProvider({ workers: 1, niceness: 10, queryWorker: true });
    try {
      expect(server.queryWorkerStarted).toBe(false);
      await server.embed(['background text']);
      // Started with the pool, before any question: its model load does not fall on the first question asked.
      expect(server.queryWorkerStarted).toBe(true);
      expect(server.modelCalls).toEqual({ pool: 1, queryWorker: 0 });
      await server.whenLoaded();
      const background = server.embed(Array.from({ length: 32 }, (_, i) => `another imported note ${i}`));
      const [v] = await server.embed(['contacts anxious about audits'], { priority: 'query' });
      expect(v).toHaveLength(512);
      expect(server.modelCalls.queryWorker).toBe(1);
      await background;
      expect(server.modelCalls.pool).toBe(1 + 4);
    } finally {
      await server.close();
    }
  }, 120_000);
});
