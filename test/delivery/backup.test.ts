/**
 * `crm backup` / `crm restore` on both databases: a database with the sample, a member and a token is backed up,
 * restored into an empty target, and every export of the restored one equals the original's byte for byte; a
 * target that already holds a CRM database is refused without --force; a file that is no backup is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { backup, restore } from '../../src/delivery/cli/commands/backup.commands.js';
import { loadConfig, type AppConfig } from '../../src/delivery/config.js';
import { openCrm } from '../../src/delivery/runtime.js';
import { dropPostgresSchema } from '../../src/storage/connect.js';
import { PG_URL, SAMPLE_DIR } from '../support/backends.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The sample, an extra workspace-member and an API token: records, history and access all in the backup. */
async function fill(config: AppConfig): Promise<void> {
  const { crm } = await openCrm(config);
  try {
    await crm.importer.importDirectory(DEFAULT_WORKSPACE, SAMPLE_DIR, { source: 'import' });
    const { user } = await crm.access.addUser(DEFAULT_WORKSPACE, { email: 'backup-owner@example.com', role: 'owner', password: 'correct horse battery staple' }, { actor: null });
    await crm.access.createToken(DEFAULT_WORKSPACE, user.id, { name: 'kept', scope: 'read' }, null);
  } finally {
    await crm.storage.close();
  }
}

/** Every export file of the default workspace, and the members and tokens, as text. */
async function snapshot(config: AppConfig, dir: string): Promise<Record<string, string>> {
  const { crm } = await openCrm(config);
  try {
    const report = await crm.exporter.exportDirectory(DEFAULT_WORKSPACE, dir);
    const files = Object.fromEntries(report.files.map((f) => [path.basename(f.file), fs.readFileSync(path.join(dir, path.basename(f.file)), 'utf8')]));
    const members = (await crm.access.members(DEFAULT_WORKSPACE)).map((m) => `${m.email}:${m.role}`).sort();
    const tokens = (await crm.access.listTokens(DEFAULT_WORKSPACE)).map((t) => `${t.name}:${t.scope}:${t.prefix}`).sort();
    return { ...files, members: members.join('\n'), tokens: tokens.join('\n') };
  } finally {
    await crm.storage.close();
  }
}

describe('backup and restore on SQLite', () => {
  const original = loadConfig({ CRM_DATA_DIR: path.join(work, 'original'), CRM_DEMO: '0' });
  const empty = loadConfig({ CRM_DATA_DIR: path.join(work, 'restored'), CRM_DEMO: '0' });
  const file = path.join(work, 'crm-backup.sqlite');

  it('restores into an empty directory a database whose every export equals the original', async () => {
    await fill(original);
    expect(await backup(original, file)).toContain('backed up');
    expect(await restore(empty, file, {})).toContain('restored');
    const before = await snapshot(original, path.join(work, 'export-original'));
    const after = await snapshot(empty, path.join(work, 'export-restored'));
    expect(Object.keys(before).sort()).toEqual(Object.keys(after).sort());
    expect(before['contacts.csv']!.split('\n').length).toBeGreaterThan(5);
    for (const name of Object.keys(before)) expect(after[name], name).toBe(before[name]);
  });

  it('refuses to overwrite a CRM database without --force, and replaces it with it', async () => {
    await expect(restore(empty, file, {})).rejects.toThrow(/crm\.sqlite already exists; restore into an empty CRM_DATA_DIR or pass --force/);
    expect(await restore(empty, file, { force: true })).toContain('restored');
  });

  it('refuses a file that is not a CRM backup, naming it, and leaves the target untouched', async () => {
    const junk = path.join(work, 'not-a-backup.sqlite');
    fs.writeFileSync(junk, 'this is not a database');
    const target = loadConfig({ CRM_DATA_DIR: path.join(work, 'untouched'), CRM_DEMO: '0' });
    await expect(restore(target, junk, { force: true })).rejects.toThrow(`${junk} is not a CRM backup`);
    expect(fs.existsSync(path.join(work, 'untouched', 'crm.sqlite'))).toBe(false);
    await expect(restore(target, path.join(work, 'missing.sqlite'), {})).rejects.toThrow('no backup file at');
  });
});

const pgReachable = await new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 }).connect().then(
  () => true,
  () => false,
);

(pgReachable ? describe : describe.skip)('backup and restore on PostgreSQL (pg_dump / pg_restore)', () => {
  const schema = `bk_${process.pid}_${Date.now().toString(36)}`;
  const restoredDb = `crm_restore_${process.pid}_${Date.now().toString(36)}`;
  const restoredUrl = PG_URL.replace(/\/[^/]*$/, `/${restoredDb}`);
  const original = loadConfig({ DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, CRM_DATA_DIR: work, CRM_DEMO: '0' });
  const empty = loadConfig({ DATABASE_URL: restoredUrl, DATABASE_SCHEMA: schema, CRM_DATA_DIR: work, CRM_DEMO: '0' });
  const file = path.join(work, 'crm-backup.pgdump');
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    await dropPostgresSchema(PG_URL, schema);
    await admin(`DROP DATABASE IF EXISTS ${restoredDb} WITH (FORCE)`);
  });

  it('restores into an empty database a copy whose every export equals the original', async () => {
    await fill(original);
    await admin(`CREATE DATABASE ${restoredDb}`);
    expect(await backup(original, file)).toContain('pg_dump');
    expect(await restore(empty, file, {})).toContain('restored');
    const before = await snapshot(original, path.join(work, 'pg-export-original'));
    const after = await snapshot(empty, path.join(work, 'pg-export-restored'));
    expect(Object.keys(before).sort()).toEqual(Object.keys(after).sort());
    for (const name of Object.keys(before)) expect(after[name], name).toBe(before[name]);
  });

  it('refuses to restore over a CRM database without --force', async () => {
    await expect(restore(empty, file, {})).rejects.toThrow(/already holds a CRM database; restore into an empty one or pass --force/);
    expect(await restore(empty, file, { force: true })).toContain('restored');
  });
});
