/**
 * Mailbox sync against a real Dovecot IMAP server the test starts on localhost (Debian dovecot-imapd; see
 * test/support/dovecot.ts), on SQLite and PostgreSQL: the first sync ingests every message as an e-mail activity
 * linked to its sender, the next one only the new messages (by UID), an interrupted sync resumes after the last
 * message written, and a watched mailbox is synced by the job queue when due and scheduled again.
 * Skipped only when Dovecot is missing outside CI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../../src/crm/ingest-sync.js';
import { parseImapUrl, readMailbox } from '../../../src/intelligence/ingest/imap.js';
import { createIngestService } from '../../../src/intelligence/ingest/index.js';
import { describeEachBackend } from '../../support/backends.js';
import { runCrm } from '../../support/cli.js';
import { dovecotInstalled, startDovecot, type Dovecot } from '../../support/dovecot.js';

const installed = dovecotInstalled();
if (!installed && (process.env.CI || process.env.CRM_TEST_MEDIA === 'require')) throw new Error('Dovecot is required in CI (apt-get install dovecot-imapd)');
if (!installed) console.warn('dovecot-imapd is not installed: the IMAP tests are SKIPPED');

const mail = (n: number, from: string, subject: string, body: string) =>
  [`From: ${from}`, 'To: sales@hololoom.example', `Subject: ${subject}`, `Message-ID: <m${n}.${Date.now()}@northwind-robotics.com>`, `Date: Tue, 10 Mar 2026 09:0${n}:00 +0000`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');

describe('IMAP addresses', () => {
  it('parses user, host, port and mailbox, and refuses what is not an IMAP address', () => {
    expect(parseImapUrl('imap://sales@mail.example.com/INBOX', 'pw')).toMatchObject({ host: 'mail.example.com', port: 143, secure: false, user: 'sales', mailbox: 'INBOX', key: 'imap://sales@mail.example.com:143/INBOX' });
    expect(parseImapUrl('imaps://a%40b.com:secret@mail.example.com:1993/Sales%20Leads')).toMatchObject({ port: 1993, secure: true, user: 'a@b.com', password: 'secret', mailbox: 'Sales Leads' });
    expect(() => parseImapUrl('http://x.com/INBOX', 'pw')).toThrow(/imap:\/\//);
    expect(() => parseImapUrl('imap://mail.example.com/INBOX', 'pw')).toThrow(/needs a user/);
    expect(() => parseImapUrl('imap://sales@mail.example.com/INBOX')).toThrow(/CRM_IMAP_PASSWORD/);
  });
});

describeEachBackend('mailbox sync with a real Dovecot', (ctx) => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    if (installed) dovecot = await startDovecot();
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it.skipIf(!installed)('ingests every message, then only new ones by UID; resumes after an interruption; the job queue syncs a watched mailbox when due', async () => {
    const { crm, clock } = ctx();
    const ws = 'default';
    const company = (await crm.records.create(ws, 'company', { name: 'Northwind Robotics', domain: 'northwind-robotics.com' })).record;
    const grace = (await crm.records.create(ws, 'contact', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@northwind-robotics.com', company_id: company.id })).record;
    const url = `imap://${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`;
    const address = parseImapUrl(url, dovecot.password);
    const sync = new MailboxSyncService(crm.storage, crm.clock, createIngestService(crm), readMailbox);

    dovecot.deliver(mail(1, 'Grace Hopper <grace@northwind-robotics.com>', 'Fleet Cloud pricing', 'Can you send the pricing by Friday?'));
    dovecot.deliver(mail(2, 'Grace Hopper <grace@northwind-robotics.com>', 'Pilot sites', 'We would start the pilot in Tacoma.'));
    const first = await sync.sync(ws, address);
    expect(first).toMatchObject({ read: 2, errors: [], lastUid: 2, more: false });
    expect(first.files.map((f) => f.kind)).toEqual(['email', 'email']);
    expect(first.files[0]!.linked.contacts).toContain(grace.id as string);
    expect(await sync.progress(ws, address)).toMatchObject({ lastUid: 2 });

    expect(await sync.sync(ws, address)).toMatchObject({ read: 0, files: [], lastUid: 2 });

    // Interrupted after one of two new messages (a cap stands for a crash): the next run starts at the second.
    dovecot.deliver(mail(3, 'Grace Hopper <grace@northwind-robotics.com>', 'Contract', 'The contract is signed.'));
    dovecot.deliver(mail(4, 'Linus Park <linus@tidewater-labs.io>', 'Intro', 'Hello from Tidewater.'));
    const partial = await sync.sync(ws, address, { max: 1 });
    expect(partial).toMatchObject({ read: 1, lastUid: 3, more: true });
    const rest = await sync.sync(ws, address);
    expect(rest).toMatchObject({ read: 1, lastUid: 4, more: false });
    expect(rest.files[0]!.duplicate).toBeUndefined();

    // Continuous sync: watched, due now, synced by the queue, scheduled again 15 minutes later.
    process.env.HOLOLOOM_TEST_IMAP_PASSWORD = dovecot.password;
    await expect(sync.watch(ws, { url, passwordEnv: 'lower case', everyMinutes: 15 }, parseImapUrl)).rejects.toThrow(/environment variable/);
    await sync.watch(ws, { url, passwordEnv: 'HOLOLOOM_TEST_IMAP_PASSWORD', everyMinutes: 15 }, parseImapUrl);
    dovecot.deliver(mail(5, 'Grace Hopper <grace@northwind-robotics.com>', 'Kickoff', 'Kickoff next Tuesday.'));
    const ran = await sync.runDue('test-worker', parseImapUrl);
    expect(ran.map((r) => [r.read, r.lastUid])).toEqual([[1, 5]]);
    expect(await sync.runDue('test-worker', parseImapUrl)).toEqual([]); // not due again yet
    clock.advance(16 * 60_000);
    dovecot.deliver(mail(6, 'Grace Hopper <grace@northwind-robotics.com>', 'Agenda', 'Agenda attached.'));
    expect((await sync.runDue('test-worker', parseImapUrl)).map((r) => r.lastUid)).toEqual([6]);
  }, 60_000);
});

describe.skipIf(!installed)('crm ingest --imap', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-imap-cli-'));
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const crm = (args: string[]) =>
    runCrm(args, { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '', CRM_DEMO: '0', EMBEDDING_PROVIDER: 'hashing', CRM_IMAP_PASSWORD: dovecot.password });

  it('syncs the new messages, then none; refuses an address that is not IMAP with a message', async () => {
    dovecot.deliver(mail(1, 'Grace Hopper <grace@northwind-robotics.com>', 'Fleet Cloud pricing', 'Can you send the pricing by Friday?'));
    const url = `imap://${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`;
    const first = await crm(['ingest', '--imap', url]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/INBOX\/1\.eml: email/);
    expect(first.out).toMatch(/1 messages read, up to UID 1/);
    const second = await crm(['ingest', '--imap', url]);
    expect(second.out).toMatch(/0 messages read, up to UID 1/);
    const bad = await crm(['ingest', '--imap', 'http://mail.example.com/INBOX']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/not an IMAP address/);
  }, 90_000);
});
