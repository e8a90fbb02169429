/**
 * Graceful shutdown of a real `crm serve` process: a request that is still arriving when SIGTERM comes is answered
 * and its write kept; new connections are refused meanwhile; the process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCrm, DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { openStorage } from '../../src/storage/connect.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-shutdown-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown', () => {
  it('answers the request in flight at SIGTERM, keeps its write and exits 0', async () => {
    const port = await freePort();
    let stderr = '';
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/delivery/cli/main.ts'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), CRM_DATA_DIR: dataDir, CRM_DEMO: '0', AUTH: 'off', EMBEDDING_PROVIDER: 'hashing', CRM_SHUTDOWN_GRACE_SECONDS: '20', CRM_WEB_DIST: path.join(dataDir, 'no-web') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const status = await fetch(`${base}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200) break;
      if (i > 600 || child.exitCode !== null) throw new Error(`server did not become ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // A create whose body is still on its way when the signal arrives.
    const body = JSON.stringify({ first_name: 'Late', last_name: 'Arrival', email: 'late@example.com' });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/api/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child!.kill('SIGTERM');
        setTimeout(async () => {
          // Meanwhile the server takes no new connections.
          const refused = await fetch(`${base}/health/live`).then(() => false, () => true);
          expect(refused).toBe(true);
          req.end(body.slice(10));
        }, 700);
      }, 300);
    });
    const { status, body: created } = await answer;
    expect(status).toBe(201);
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: finishing running requests and jobs');

    const storage = await openStorage({ dataDir });
    try {
      const crm = createCrm({ storage });
      const id = (JSON.parse(created) as { data: { id: string } }).data.id;
      expect(await crm.records.get(DEFAULT_WORKSPACE, 'contact', id)).toMatchObject({ first_name: 'Late' });
    } finally {
      await storage.close();
    }
  }, 120_000);
});
