/**
 * Imports as background jobs (issue 14, "Hardening"): POST /api/import answers 202 with a job to poll, the import
 * runs in bounded transactions so other writers go on (in this server and in another process), malformed CSV is a
 * row error with file and line, and a malformed multipart body is a 400 — on both databases.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite, type TestServer } from '../support/serve.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/delivery/cli/main.ts');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a job until it has finished. */
async function finished(server: TestServer, location: string, token?: string): Promise<Json> {
  for (let i = 0; i < 1200; i++) {
    const res = await fetch(`${server.base}${location}`, { headers: { authorization: `Bearer ${token ?? server.token}` } });
    expect(res.status).toBe(200);
    const job = (await res.json()) as Json;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await sleep(50);
  }
  throw new Error(`job ${location} did not finish`);
}

function companiesForm(csv: string, name = 'companies.csv') {
  const form = new FormData();
  form.append('companies', new Blob([csv], { type: 'text/csv' }), name);
  return form;
}

/** Sends a raw HTTP request (bodies fetch would not send) and returns status and body. */
function rawRequest(base: string, head: string, body: string, opts: { endEarly?: boolean } = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`${head}\r\n\r\n${body}`);
      if (opts.endEarly) socket.end();
    });
    let data = '';
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer: ${data}`));
    });
    socket.on('data', (d) => {
      data += d.toString();
      const m = /^HTTP\/1\.1 (\d+)[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(data);
      if (m && /content-length: (\d+)/i.test(data) && m[2]!.length >= Number(/content-length: (\d+)/i.exec(data)![1])) {
        socket.destroy();
        resolve({ status: Number(m[1]), body: m[2]! });
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d+)[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(data);
      if (m) resolve({ status: Number(m[1]), body: m[2]! });
      else reject(new Error(`connection closed without an answer: ${data}`));
    });
  });
}

function companiesCsv(n: number, prefix: string) {
  const lines = ['id,name,domain,industry,employees'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}${i},Company ${prefix} ${i},${prefix}${i}.example.com,Energy,${i % 5000}`);
  return `${lines.join('\n')}\n`;
}

describeEachBackend('import jobs', (ctx, dialect) => {
  const { server } = serveSuite(ctx);

  it('answers 202 with a job to poll, which reports progress and the same report as before', async () => {
    const res = await server().fetch('/api/import', { method: 'POST', body: companiesForm('id,name,domain\nco_job1,Job One,job1.com\nco_job2,Job Two,job2.com\n') });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    const { job } = (await res.json()) as Json;
    expect(location).toBe(`/api/import/jobs/${job.id}`);
    expect(['queued', 'running', 'succeeded']).toContain(job.status);
    expect(job.files).toEqual([expect.objectContaining({ file: 'companies.csv', entity: 'company', bytes_total: 65 })]);
    const done = await finished(server(), location);
    expect(done.status).toBe('succeeded');
    expect(done.files[0]).toMatchObject({ phase: 'done', rows_done: 2 });
    expect(done.report).toMatchObject({ ok: true, files: [{ file: 'companies.csv', rows: 2, inserted: 2, rolled_back: false }] });
    expect((await server().call('GET', '/api/companies/co_job1')).body.data.name).toBe('Job One');
    const list = await server().call('GET', '/api/import/jobs');
    expect(list.body.data[0].id).toBe(job.id);
  });

  it('reports a file with errors as a failed job naming file and line, and writes nothing of it', async () => {
    const res = await server().fetch('/api/import', { method: 'POST', body: companiesForm('id,name,employees\nco_jb3,Fine,10\nco_jb4,Broken,many\n') });
    expect(res.status).toBe(202);
    const done = await finished(server(), res.headers.get('location')!);
    expect(done.status).toBe('failed');
    expect(done.report.ok).toBe(false);
    expect(done.report.files[0]).toMatchObject({ rolled_back: true, errors: [expect.objectContaining({ file: 'companies.csv', line: 3 })] });
    expect((await server().call('GET', '/api/companies/co_jb3')).status).toBe(404);
  });

  it('reports malformed CSV (a quote inside an unquoted cell, an unterminated quote) with file and line, never a 500', async () => {
    for (const [csv, line] of [
      ['id,name\nco_q1,Fine\nco_q2,A"B\n', 3],
      ['id,name\nco_q3,Fine\nco_q4,"AB\nco_q5,C\n', 3],
      ['id,name\nco_q6,"A"B"\n', 2],
    ] as const) {
      const res = await server().fetch('/api/import', { method: 'POST', body: companiesForm(csv, 'quotes.csv') });
      expect(res.status).toBe(202);
      const done = await finished(server(), res.headers.get('location')!);
      expect(done.status).toBe('failed');
      expect(done.error).toBeNull();
      const error = done.report.files[0].errors[0];
      expect(error).toMatchObject({ file: 'quotes.csv', line });
      expect(error.message).toMatch(/malformed CSV/);
    }
    expect((await server().call('GET', '/api/companies/co_q1')).status).toBe(404);
  });

  it('answers 400 to multipart without a boundary, with a wrong one, or truncated', async () => {
    const url = new URL(server().base);
    const head = (contentType: string, length: number) =>
      `POST /api/import HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${server().token}\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\nConnection: close`;
    const part = (b: string) => `--${b}\r\nContent-Disposition: form-data; name="companies"; filename="companies.csv"\r\nContent-Type: text/csv\r\n\r\nid,name\nco_mp1,Multi\n\r\n--${b}--\r\n`;
    const body = part('XyZ');
    for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="unterminated']) {
      const r = await rawRequest(server().base, head(contentType, body.length), body);
      expect(r.status, contentType).toBe(400);
      expect(JSON.parse(r.body).message).toMatch(/boundary/);
    }
    const wrong = await rawRequest(server().base, head('multipart/form-data; boundary=Other', body.length), body);
    expect(wrong.status).toBe(400);
    // Truncated: the body stops in the middle of the file part (its length says so: the server must not wait).
    const cut = body.slice(0, 120);
    const truncated = await rawRequest(server().base, head('multipart/form-data; boundary=XyZ', cut.length), cut);
    expect(truncated.status).toBe(400);
    expect(JSON.parse(truncated.body).message).toMatch(/multipart/);
    // A client that sends less than it announced and hangs up gets nothing, and the server is still well.
    await rawRequest(server().base, head('multipart/form-data; boundary=XyZ', body.length), cut, { endEarly: true }).catch(() => undefined);
    expect((await server().call('GET', '/api/companies/co_mp1')).status).toBe(404);
    expect((await server().call('GET', '/health')).status).toBe(200);
  });

  it('keeps jobs to their workspace and, below admin, to whoever started them', async () => {
    const member = await server().member('member');
    const res = await fetch(`${server().base}/api/import`, { method: 'POST', body: companiesForm('id,name\nco_mine,Mine\n'), headers: { authorization: `Bearer ${member.token}` } });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    const done = await finished(server(), location, member.token);
    expect(done).toMatchObject({ status: 'succeeded', created_by: member.email });
    const others = (await member.call('GET', '/api/import/jobs')).body.data as Json[];
    expect(others.map((j) => j.id)).toEqual([done.id]);
    const ownersJob = ((await server().call('GET', '/api/import/jobs')).body.data as Json[]).find((j) => j.id !== done.id)!;
    expect((await member.call('GET', `/api/import/jobs/${ownersJob.id}`)).status).toBe(404);
    expect((await server().call('GET', location)).status).toBe(200);
    await ctx().crm.storage.workspaces.ensure({ id: 'other_ws', name: 'Other', created_at: '2026-01-01T00:00:00Z' });
    const stranger = await server().member('owner', { ws: 'other_ws' });
    expect((await stranger.call('GET', location)).status).toBe(404);
    expect((await stranger.call('GET', '/api/import/jobs')).body.data).toEqual([]);
    const readOnly = await server().member('read-only');
    expect((await readOnly.call('GET', '/api/import/jobs')).body.data).toEqual([]);
  });

  it('lets PATCHes and GETs through during a large import, with no 5xx', async () => {
    await server().call('POST', '/api/companies', { id: 'co_busy', name: 'Busy' });
    const res = await server().fetch('/api/import', { method: 'POST', body: companiesForm(companiesCsv(30_000, 'co_big')) });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    const statuses: number[] = [];
    let slowest = 0;
    let done: Json | undefined;
    const poll = (async () => (done = await finished(server(), location)))();
    let i = 0;
    while (!done) {
      const t = performance.now();
      const [patch, get] = await Promise.all([server().call('PATCH', '/api/companies/co_busy', { employees: ++i }), server().call('GET', '/api/companies?limit=5')]);
      slowest = Math.max(slowest, performance.now() - t);
      statuses.push(patch.status, get.status);
    }
    await poll;
    expect(done!.status).toBe('succeeded');
    expect(done!.report.files[0]).toMatchObject({ rows: 30_000, inserted: 30_000 });
    expect(statuses.length).toBeGreaterThan(4);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await server().call('GET', '/api/companies/co_busy')).body.data.employees).toBe(i);
    console.log(`[${dialect}] ${statuses.length / 2} PATCH+GET pairs during a 30k-row import, slowest pair ${slowest.toFixed(0)} ms`);
  }, 120_000);

  it('does not refuse this server\'s writers while the CLI imports into the same database from another process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-import-'));
    fs.writeFileSync(path.join(dir, 'companies.csv'), companiesCsv(60_000, 'co_cli'));
    await server().call('POST', '/api/companies', { id: 'co_cli_busy', name: 'Busy' });
    const config = ctx().storage;
    const env = {
      ...process.env,
      CRM_DATA_DIR: config.dataDir,
      DATABASE_URL: config.databaseUrl ?? '',
      DATABASE_SCHEMA: config.pgSchema ?? '',
      CRM_DEMO: '0',
      EMBEDDING_PROVIDER: 'hashing',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'import', dir], { cwd: ROOT, env });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let exited: number | null | undefined;
    const exit = new Promise<void>((r) => child.on('close', (code) => ((exited = code), r())));
    const failures: Json[] = [];
    let n = 0;
    while (exited === undefined) {
      const patch = await server().call('PATCH', '/api/companies/co_cli_busy', { employees: ++n });
      if (patch.status !== 200) failures.push(patch);
      await sleep(5);
    }
    await exit;
    fs.rmSync(dir, { recursive: true, force: true });
    expect(err).not.toMatch(/locked|BUSY/i);
    expect(exited, err).toBe(0);
    expect(failures).toEqual([]);
    expect(n).toBeGreaterThan(5);
    expect((await server().call('GET', '/api/companies/co_cli59999')).status).toBe(200);
  }, 180_000);
});
