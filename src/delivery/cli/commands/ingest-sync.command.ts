/** `crm ingest --imap URL [--every MINUTES]`: one mailbox sync now, or continuous sync until stopped. */
import { CrmError, validationError } from '../../../core/errors.js';
import type { Crm } from '../../../crm/index.js';
import { MailboxSyncService, type MailboxSyncResult } from '../../../crm/ingest-sync.js';
import { parseImapUrl, readMailbox } from '../../../intelligence/ingest/imap.js';
import { createIngestService } from '../../../intelligence/ingest/index.js';
import { CLI_ACTOR } from '../context.js';
import { describeResult } from './ingest.commands.js';

const PASSWORD_ENV = 'CRM_IMAP_PASSWORD';

function report(r: MailboxSyncResult, json?: boolean) {
  if (json) return void console.log(JSON.stringify(r, null, 2));
  for (const f of r.files) console.log(describeResult(f));
  for (const e of r.errors) console.error(e);
  console.log(`${r.mailbox}: ${r.read} messages read, up to UID ${r.lastUid}${r.more ? ' (more left for the next run)' : ''}, ${r.errors.length} failed`);
}

export async function syncMailboxCommand(crm: Crm, ws: string, url: string, opts: { every?: number; json?: boolean }): Promise<void> {
  let address;
  try {
    address = parseImapUrl(url, process.env[PASSWORD_ENV] || undefined);
  } catch (e) {
    throw validationError((e as Error).message, [{ field: 'imap', message: (e as Error).message }]);
  }
  const sync = new MailboxSyncService(crm.storage, crm.clock, createIngestService(crm), readMailbox);
  if (opts.every === undefined) {
    const r = await sync.sync(ws, address, { actor: CLI_ACTOR });
    report(r, opts.json);
    if (r.errors.length) process.exitCode = 1;
    return;
  }
  if (!Number.isFinite(opts.every)) throw new CrmError('validation', '--every takes a number of minutes');
  await sync.watch(ws, { url: address.key, passwordEnv: PASSWORD_ENV, everyMinutes: opts.every }, parseImapUrl);
  console.error(`syncing ${address.key} every ${opts.every} minutes (stop with Ctrl-C)`);
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  process.once('SIGTERM', () => (stopped = true));
  while (!stopped) {
    for (const r of await sync.runDue(`cli-${process.pid}`, parseImapUrl)) report(r, opts.json);
    for (let waited = 0; waited < 60_000 && !stopped; waited += 1000) await new Promise((r) => setTimeout(r, 1000));
  }
}
