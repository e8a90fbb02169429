/**
 * Hostile input against a real server (SQLite, the bundled sample): how fast nested-JSON bodies are refused
 * without sign-in, and what they do to everyone else — `/health` latency while several senders flood the
 * sign-in route with them (the outside probe measured /health at 10 s under 4 senders before the fix).
 *
 *   npm run bench -- --only hostile
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCrm, prepareStorage } from '../src/crm/index.js';
import { createApp } from '../src/delivery/api/app.js';
import { openStorage } from '../src/storage/connect.js';
import { BENCH_AUTH } from './credentials.js';

export interface HostileFigures {
  nestedLevels: number;
  bodyBytes: number;
  refusedStatus: number;
  refuseP50ms: number;
  refuseP95ms: number;
  senders: number;
  healthIdleP95ms: number;
  healthUnderFloodP95ms: number;
  floodRequests: number;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchHostile(log: (line: string) => void, opts: { levels?: number; senders?: number; seconds?: number } = {}): Promise<HostileFigures> {
  const levels = opts.levels ?? 9000;
  const senders = opts.senders ?? 4;
  const seconds = opts.seconds ?? 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-hostile-'));
  const storage = await openStorage({ dataDir: dir });
  const crm = createCrm({ storage });
  await prepareStorage(storage, crm.clock);
  const app = await createApp({ crm, auth: { ...BENCH_AUTH, loginRateLimit: { max: 1_000_000, windowMs: 60_000 } } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const body = `{"email":${'['.repeat(levels)}${']'.repeat(levels)},"password":"x"}`;
    const send = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => (await r.arrayBuffer(), r.status));
    const health = () => fetch(`${base}/health`).then((r) => r.arrayBuffer());
    let status = 0;
    const refuse: number[] = [];
    for (let i = 0; i < 200; i++) refuse.push(await timed(async () => (status = await send())));
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) idle.push(await timed(health));

    let flooding = true;
    let floodRequests = 0;
    const flood = Array.from({ length: senders }, async () => {
      while (flooding) {
        await send();
        floodRequests++;
      }
    });
    const underFlood: number[] = [];
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) underFlood.push(await timed(health));
    flooding = false;
    await Promise.all(flood);

    const figures: HostileFigures = {
      nestedLevels: levels,
      bodyBytes: Buffer.byteLength(body),
      refusedStatus: status,
      refuseP50ms: percentile(refuse, 50),
      refuseP95ms: percentile(refuse, 95),
      senders,
      healthIdleP95ms: percentile(idle, 95),
      healthUnderFloodP95ms: percentile(underFlood, 95),
      floodRequests,
    };
    log(`  ${levels} nested arrays (${(figures.bodyBytes / 1024).toFixed(1)} KB) to POST /api/auth/login, no sign-in: ${status}, p50 ${figures.refuseP50ms.toFixed(2)} ms, p95 ${figures.refuseP95ms.toFixed(2)} ms (target: 400 well under 100 ms)`);
    log(`  /health p95: idle ${figures.healthIdleP95ms.toFixed(2)} ms; with ${senders} senders flooding (${floodRequests} bodies in ${seconds} s) ${figures.healthUnderFloodP95ms.toFixed(2)} ms`);
    return figures;
  } finally {
    await app.close();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
