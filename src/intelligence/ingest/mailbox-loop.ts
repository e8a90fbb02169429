/**
 * The server's mailbox sync loop: every `everyMs` it syncs the watched mailboxes (workspace setting
 * `ingest.imap.mailboxes`) whose run is due on the job queue. Claiming a run leases its job, so several servers
 * (or a server and a `crm ingest --imap --every` process) sharing a database never sync one mailbox at once; a
 * run left by a crashed process is taken again when its lease expires.
 */
import type { Crm } from '../../crm/index.js';
import { MailboxSyncService, type MailboxSyncResult } from '../../crm/ingest-sync.js';
import { parseImapUrl, readMailbox } from './imap.js';
import { createIngestService } from './index.js';

export interface MailboxSyncLoop {
  /** Runs due syncs now (the loop does this on its own; tests and `stop` wait on it). */
  tick(): Promise<MailboxSyncResult[]>;
  /** Stops the loop after the run in progress, if any. */
  stop(): Promise<void>;
}

export function startMailboxSyncLoop(crm: Crm, opts: { everyMs?: number; worker?: string; log?: (message: string) => void; env?: NodeJS.ProcessEnv } = {}): MailboxSyncLoop {
  const everyMs = opts.everyMs ?? 30_000;
  const worker = opts.worker ?? `serve-${process.pid}`;
  const log = opts.log ?? (() => {});
  const sync = new MailboxSyncService(crm.storage, crm.clock, createIngestService(crm), readMailbox);
  let running: Promise<MailboxSyncResult[]> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const tick = (): Promise<MailboxSyncResult[]> => {
    running ??= sync
      .runDue(worker, parseImapUrl, opts.env ?? process.env)
      .then((results) => {
        for (const r of results) log(`mailbox ${r.mailbox}: ${r.read} messages read, up to UID ${r.lastUid}${r.errors.length ? `, ${r.errors.length} failed` : ''}`);
        return results;
      })
      .catch((e: unknown) => {
        log(`mailbox sync failed: ${(e as Error).message}`);
        return [];
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), everyMs);
    timer.unref();
  };
  schedule();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
