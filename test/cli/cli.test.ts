import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema } from '../../src/storage/connect.js';
import { FIXTURES, PG_URL, SAMPLE_DIR } from '../support/backends.js';
import { runCrm } from '../support/cli.js';
import { formulaCells, rowsAsImported } from '../support/csv.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/delivery/cli/main.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-'));
const firstContact = fs.readFileSync(path.join(SAMPLE_DIR, 'contacts.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
// The hashing provider keeps these runs fast; USE lite itself is tested in test/intelligence.
const env = { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '', CRM_DEMO_DIR: SAMPLE_DIR, EMBEDDING_PROVIDER: 'hashing' };

/** Runs the CLI in a child process (asynchronously: a blocked test worker misses the runner's heartbeats). */
const crm = (args: string[], extraEnv: Record<string, string> = {}) => runCrm(args, { ...env, ...extraEnv });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('crm command line', () => {
  it('imports a directory and reports counts per file', async () => {
    const r = await crm(['import', SAMPLE_DIR]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('companies.csv: 40 rows — 40 new, 0 updated, 0 unchanged, 0 skipped');
    expect(r.out).toContain('activities.csv: 933 rows — 933 new');
    expect((await crm(['import', SAMPLE_DIR])).out).toContain('contacts.csv: 168 rows — 0 new, 0 updated, 168 unchanged');
  });

  it('names the file, line and reason of bad rows and exits non-zero', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-bad-'));
    fs.copyFileSync(path.join(FIXTURES, 'bad/companies.csv'), path.join(dir, 'companies.csv'));
    const r = await crm(['import', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('companies.csv: 5 rows — NOT IMPORTED (rolled back)');
    expect(r.err).toContain('companies.csv:3 [co_b]: Beta Bank (beta.com): employees "many" is not a number');
    expect(r.err).toContain('companies.csv:4 [co_a]: Alpha Again (alpha2.io): id co_a is repeated (first on line 2)');
    fs.rmSync(dir, { recursive: true });
  });

  it('exports what it imported', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-out-'));
    const r = await crm(['export', out]);
    expect(r.code).toBe(0);
    // Cell for cell as the importer reads them; text a spreadsheet would run (phone numbers: +44 …) is neutralised.
    for (const f of ['companies.csv', 'contacts.csv', 'deals.csv', 'activities.csv']) {
      expect(rowsAsImported(path.join(out, f))).toEqual(rowsAsImported(path.join(SAMPLE_DIR, f)));
      expect(formulaCells(path.join(out, f))).toEqual([]);
    }
    fs.rmSync(out, { recursive: true });
  });

  it('imports stage history after deals (stage_history.csv, or another file by --stage-history) and exports it', async () => {
    const own = { CRM_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-history-')) };
    const fixtures = path.join(FIXTURES, 'stage-history');
    const r = await crm(['import', fixtures], own);
    expect(r.err).toBe('');
    expect(r.out).toContain('deals.csv: 6 rows — 6 new');
    expect(r.out).toContain('stage_history.csv: 8 rows — 7 new, 0 updated, 1 unchanged, 0 skipped');
    // HubSpot's one-column-per-stage export states the same history: nothing changes.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-none-'));
    const hub = await crm(['import', empty, '--stage-history', path.join(fixtures, 'hubspot-deals.csv')], own);
    expect(hub.out).toContain('hubspot-deals.csv: 3 rows — 0 new, 0 updated, 8 unchanged, 0 skipped');
    const bad = await crm(['import', empty, '--stage-history', path.join(fixtures, 'stage_history-bad.csv')], own);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("stage_history-bad.csv:4 [dl_h1]: deal dl_h1 (Harbor renewal): changed_at 2026-01-10T14:00:00Z is earlier than the deal's previous move");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-history-out-'));
    expect((await crm(['export', out], own)).out).toContain('stage_history.csv: 11 rows');
    expect(fs.readFileSync(path.join(out, 'stage_history.csv'), 'utf8')).toContain('dl_h1,proposal,closed_won,2026-02-20T16:00:00Z\n');
    for (const d of [own.CRM_DATA_DIR, empty, out]) fs.rmSync(d, { recursive: true });
  });

  it('lists duplicate pairs and merges them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-dup-'));
    fs.writeFileSync(path.join(dir, 'companies.csv'), 'id,name,domain\nco_dup,Iron Guard Inc.,https://www.IronGuard.com/\n');
    expect((await crm(['import', dir])).out).toContain('1 likely duplicate pairs');
    fs.rmSync(dir, { recursive: true });
    const list = await crm(['duplicates', 'companies', '--json']);
    expect(list.code).toBe(0);
    const pairs = JSON.parse(list.out) as { a: string; b: string; reasons: string[] }[];
    expect(pairs).toEqual([expect.objectContaining({ a: 'co_0001', b: 'co_dup', reasons: ['same domain', 'same name'] })]);
    const [first] = pairs;
    const merged = await crm(['merge', 'companies', first!.a, first!.b]);
    expect(merged.code).toBe(0);
    expect(merged.out).toContain(`merged ${first!.b} into ${first!.a}`);
    const again = await crm(['merge', 'companies', first!.a, first!.b]);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`company ${first!.b} not found`);
  });

  it('embeds what writes queued, skips unchanged text on --all, and answers similar and search', async () => {
    const first = await crm(['embed']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^(\d+) embedded, 0 unchanged, \d+ removed, 0 failed in [\d.]+ s \(\d+ shards\/s, hashing-256\)$/m);
    expect(Number(/^(\d+) embedded/m.exec(first.out)![1])).toBeGreaterThan(1000);
    const again = await crm(['embed', '--all']);
    expect(again.out).toMatch(/^queued \d+ records$/m);
    expect(again.out).toMatch(/^0 embedded, \d+ unchanged/m);
    const similar = await crm(['similar', 'contacts', firstContact, '-n', '3', '--json']);
    expect(similar.code).toBe(0);
    const { results } = JSON.parse(similar.out) as { results: { id: string; reasons: string[] }[] };
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.id !== firstContact && r.reasons.length > 0)).toBe(true);
    const search = await crm(['search', 'pricing', '--entity', 'activity', '-n', '2']);
    expect(search.out.trim().split('\n')).toHaveLength(2);
    expect((await crm(['similar', 'activities', 'x'])).err).toContain('similar records are available for contacts, companies and deals');
  });

  it('explains an unknown object name', async () => {
    const r = await crm(['duplicates', 'widgets']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('unknown object "widgets"');
  });

  it('refuses a bad setting before doing anything, naming the variable and what is wrong', async () => {
    const r = await crm(['migrate'], { CRM_TRAIN_WORKERS: 'four', LOG_LEVEL: 'chatty' });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('error: invalid configuration:\n  LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "chatty"\n  CRM_TRAIN_WORKERS must be a whole number ≥ 0, got "four"\n');
  });

  it('says how many rows a company column linked and how many companies it created; skipped rows create none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-link-'));
    fs.writeFileSync(path.join(dir, 'contacts.csv'), 'First Name,Email,Company\nLi,li@ironguard.example,Iron Guard Inc.\nMo,mo@newco.example,Brand New Ltd\nNu,not-an-email,Never Made Co\n');
    const r = await crm(['import', dir, '--skip-invalid']);
    expect(r.out).toContain('contacts.csv: 3 rows — 2 new, 0 updated, 0 unchanged, 1 skipped; company column: 1 rows linked to existing companies, 1 companies created');
    expect(r.err).toContain('contacts.csv:4: Nu <not-an-email>: email "not-an-email" must be an email address');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-cli-link-out-'));
    await crm(['export', out]);
    const companies = fs.readFileSync(path.join(out, 'companies.csv'), 'utf8');
    expect(companies).toContain('Brand New Ltd');
    expect(companies).not.toContain('Never Made Co');
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(out, { recursive: true });
  });
});

// Each step spawns the CLI (tsx compiles on start): a dozen of them outlast the default timeout on a busy machine.
describe('crm users, tokens, workspaces, audit and erasure', { timeout: 240_000 }, () => {
  it('adds members with roles, prints a generated password once, and refuses bad input with a message', async () => {
    const added = await crm(['user', 'add', 'Rep@Example.com', '--role', 'member', '--name', 'Rep']);
    expect(added.err).toBe('');
    expect(added.out).toMatch(/rep@example.com is now member of default/);
    expect(added.out).toMatch(/password: \S{20}  \(shown once\)/);
    expect((await crm(['user', 'list'])).out).toMatch(/rep@example.com\tmember/);
    expect((await crm(['user', 'role', 'rep@example.com', 'read-only'])).out).toContain('now read-only');
    const again = await crm(['user', 'add', 'rep@example.com', '--role', 'member']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('rep@example.com is already a member of this workspace');
    // An account of another workspace is invited, not added: it joins when its owner accepts.
    await crm(['workspace', 'create', 'elsewhere', '--owner', 'other@example.com']);
    const invited = await crm(['user', 'add', 'other@example.com', '--role', 'member']);
    expect(invited.err).toBe('');
    expect(invited.out).toMatch(/invitation iv_\S+: other@example.com as member of default, pending until /);
    expect(invited.out).toMatch(/code: inv_\S+ {2}\(shown once/);
    expect((await crm(['user', 'list'])).out).not.toContain('other@example.com');
    const pending = (await crm(['user', 'invitations'])).out;
    expect(pending).toMatch(/other@example.com\tmember/);
    const id = /^(iv_\S+)/.exec(pending)![1]!;
    expect((await crm(['user', 'uninvite', id])).out).toContain(`invitation ${id} revoked`);
    expect((await crm(['user', 'invitations'])).out).toBe('');
    const weak = await crm(['user', 'add', 'weak@example.com', '--role', 'member', '--password', '1234567890']);
    expect(weak.err).toMatch(/too easy to guess/);
    const badRole = await crm(['user', 'add', 'x@example.com', '--role', 'boss']);
    expect(badRole.code).not.toBe(0);
    expect(badRole.err).toContain('use owner, admin, member or read-only');
    const badEmail = await crm(['user', 'add', 'not-an-email', '--role', 'member']);
    expect(badEmail.err).toContain('"not-an-email" is not an e-mail address');
    const token = await crm(['token', 'create', '--user', 'rep@example.com', '--scope', 'read-write']);
    expect(token.code).toBe(2);
    expect(token.err).toContain('a read-only member can only have read tokens');
    const listed = await crm(['token', 'list']);
    expect(listed.code).toBe(0);
  });

  it('creates a workspace with its owner, records who did what, and erases a contact', async () => {
    const ws = await crm(['workspace', 'create', 'acme', '--owner', 'boss@acme.example', '--name', 'Acme']);
    expect(ws.out).toContain('workspace acme created; owner boss@acme.example');
    expect((await crm(['workspace', 'list'])).out).toContain('acme\tAcme');
    expect((await crm(['workspace', 'create', 'acme', '--owner', 'boss@acme.example'])).err).toContain('workspace acme already exists');
    expect((await crm(['--workspace', 'acme', 'audit', '--kind', 'user_added'])).out).toMatch(/cli\s+user_added\s+user us_/);
    const erased = await crm(['erase', firstContact]);
    expect(erased.err).toBe('');
    expect(JSON.parse(erased.out)).toMatchObject({ contact: firstContact });
    expect((await crm(['audit', '--kind', 'erased', '--json'])).out).toContain(`"record_id":"${firstContact}"`);
    expect((await crm(['erase', firstContact])).err).toContain(`contact ${firstContact} not found`);
  });
});

describe('crm serve', () => {
  it('starts on a new SQLite database with demo data and answers HTTP', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], { cwd: ROOT, env: { ...env, CRM_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' } });
    try {
      let buf = '';
      const output = () => buf;
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const m = /HoloLoom CRM on (http:\/\/[^\s]+) /.exec(buf);
          if (m && buf.includes('password:')) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${buf}`)));
      });
      expect(fs.existsSync(path.join(dir, 'crm.sqlite'))).toBe(true);
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', database: 'sqlite' });
      expect((await fetch(`${url}/api/contacts?limit=1`)).status).toBe(401);
      // The first owner's password is printed once; it signs in.
      const password = /password: (\S+)/.exec(output())?.[1];
      expect(output()).toContain('e-mail:   admin@localhost');
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
      const contacts = (await (await fetch(`${url}/api/contacts?limit=1`, { headers: { cookie } })).json()) as { total: number };
      expect(contacts.total).toBe(168);
      // A token made with the CLI (another process on the same database) works for scripts.
      const made = await crm(['token', 'create', '--user', 'admin@localhost', '--scope', 'read'], { CRM_DATA_DIR: dir });
      expect(made.err).toBe('');
      const token = made.out.trim();
      expect(token).toMatch(/^crm_\S+$/);
      const similar = await fetch(`${url}/api/contacts/${firstContact}/similar?limit=3`, { headers: { authorization: `Bearer ${token}` } });
      expect(similar.status).toBe(200);
      expect(((await similar.json()) as { results: unknown[] }).results).toHaveLength(3);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses PostgreSQL when DATABASE_URL says so', async () => {
    const schema = `cli_${process.pid}`;
    try {
      const r = await crm(['seed', '--sample'], { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema });
      if (r.code !== 0 && /ECONNREFUSED/.test(r.err) && process.env.CRM_TEST_POSTGRES !== 'require') return console.warn('PostgreSQL not reachable: skipped');
      expect(r.err).toBe('');
      expect(r.out).toContain('deals.csv: 122 rows — 122 new');
    } finally {
      await dropPostgresSchema(PG_URL, schema).catch(() => undefined);
    }
  });
});
