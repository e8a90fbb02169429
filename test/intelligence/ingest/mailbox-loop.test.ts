/**
 * The server's mailbox sync loop (what `crm serve` starts) against a real Dovecot, on SQLite and PostgreSQL: two
 * loops sharing a database (two servers) sync a watched mailbox once between them — the run is leased — and each
 * message becomes one activity. Skipped only when Dovecot is missing outside CI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MailboxSyncService } from '../../../src/crm/ingest-sync.js';
import { parseImapUrl, readMailbox } from '../../../src/intelligence/ingest/imap.js';
import { createIngestService } from '../../../src/intelligence/ingest/index.js';
import { startMailboxSyncLoop } from '../../../src/intelligence/ingest/mailbox-loop.js';
import { describeEachBackend } from '../../support/backends.js';
import { dovecotInstalled, startDovecot, type Dovecot } from '../../support/dovecot.js';

const installed = dovecotInstalled();
if (!installed && (process.env.CI || process.env.CRM_TEST_MEDIA === 'require')) throw new Error('Dovecot is required in CI (apt-get install dovecot-imapd)');

const mail = (n: number, subject: string) =>
  ['From: Grace Hopper <grace@loop-robotics.example>', 'To: sales@hololoom.example', `Subject: ${subject}`, `Message-ID: <loop${n}.${Date.now()}@loop-robotics.example>`, 'Date: Tue, 10 Mar 2026 09:00:00 +0000', '', `Message ${n} about the pilot.`, ''].join('\r\n');

describeEachBackend('the server\'s mailbox sync loop', (ctx) => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    if (installed) dovecot = await startDovecot();
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it.skipIf(!installed)('two servers sync a watched mailbox once between them, each message one activity', async () => {
    const { crm } = ctx();
    const ws = 'default';
    const url = `imap://${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`;
    const env = { LOOP_TEST_IMAP_PASSWORD: dovecot.password };
    const sync = new MailboxSyncService(crm.storage, crm.clock, createIngestService(crm), readMailbox);
    await sync.watch(ws, { url, passwordEnv: 'LOOP_TEST_IMAP_PASSWORD', everyMinutes: 5 }, parseImapUrl);
    dovecot.deliver(mail(1, 'Loop pilot one'));
    dovecot.deliver(mail(2, 'Loop pilot two'));
    // Long intervals: the test drives the ticks itself.
    const a = startMailboxSyncLoop(crm, { everyMs: 3_600_000, worker: 'server-a', env });
    const b = startMailboxSyncLoop(crm, { everyMs: 3_600_000, worker: 'server-b', env });
    try {
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      const runs = [...ra, ...rb];
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ read: 2, errors: [] });
      const activities = (await crm.records.list(ws, 'activity', { q: 'Loop pilot', limit: 10 })).records;
      expect(activities.map((x) => x.subject).sort()).toEqual(['Loop pilot one', 'Loop pilot two']);
      // Not due again for five minutes: neither server runs it.
      expect([...(await a.tick()), ...(await b.tick())]).toEqual([]);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 60_000);
});
