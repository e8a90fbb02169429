/** `crm ingest` in a child process on a fresh SQLite database: files and folders, a summary, errors naming the file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrm } from '../support/cli.js';
import { FIXTURES } from '../intelligence/ingest/read-fixture.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-ingest-cli-'));
const env = { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '', CRM_DEMO: '0', EMBEDDING_PROVIDER: 'hashing' };

const crm = (args: string[]) => runCrm(args, env);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('crm ingest', () => {
  it('ingests a folder and a mailbox, prints a line per file and a summary; a second run finds them ingested', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-ingest-files-'));
    for (const f of ['card.vcf', 'leads.csv', 'call-notes.md']) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    const r = await crm(['ingest', dir, path.join(FIXTURES, 'inbox.mbox')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${path.join(dir, 'card.vcf')}: vcard — 1 activities, 2 new contacts`);
    expect(r.out).toMatch(/leads\.csv: csv — 1 activities, 2 new contacts/); // Grace Hopper is known from the card
    expect(r.out).toMatch(/inbox\.mbox: mbox — 3 activities/); // two e-mails and the dated request as a task
    expect(r.out).toContain('4 files read, 4 ingested (0 seen before), 0 failed');
    const again = await crm(['ingest', dir]);
    expect(again.out).toContain('3 files read, 0 ingested (3 seen before), 0 failed');
    fs.rmSync(dir, { recursive: true });
  }, 120_000);

  it('names a file it cannot read and exits non-zero, ingesting the others', async () => {
    const r = await crm(['ingest', path.join(FIXTURES, 'corrupt.pdf'), path.join(FIXTURES, 'call.srt'), path.join(FIXTURES, 'nothing-here.txt')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path.join(FIXTURES, 'corrupt.pdf')}: not a readable PDF`);
    expect(r.err).toContain(`${path.join(FIXTURES, 'nothing-here.txt')}: no such file or folder`);
    expect(r.out).toMatch(/call\.srt: transcript — 1 activities/);
  }, 120_000);
});
