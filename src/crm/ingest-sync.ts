/**
 * Mailbox sync: the messages of an IMAP mailbox become e-mail activities through the ingest service, incrementally
 * by UID. Where each workspace got to in each mailbox (UIDVALIDITY and the last UID) is a workspace setting,
 * stored after every message, so an interrupted sync resumes after the last message written and a message is
 * never read twice (and were it, the service's Message-ID dedupe answers with the first result).
 *
 * Continuous sync: the workspace setting `ingest.imap.mailboxes` lists mailboxes ({url, passwordEnv,
 * everyMinutes}); `runDueMailboxSyncs` (called by a worker loop) syncs those whose job on the durable job queue is
 * due and schedules the next run — several servers never sync the same mailbox at once (leased jobs).
 */
import { toTimestamp, type Clock } from '../core/clock.js';
import { CrmError, validationError } from '../core/errors.js';
import type { Storage } from '../storage/index.js';
import type { IngestFileResult } from '../intelligence/ingest/types.js';
import type { MailboxAddress, MailboxProgress, readMailbox } from '../intelligence/ingest/imap.js';
import type { IngestService } from './ingest.service.js';

export const MAILBOX_SYNC_QUEUE = 'imap-sync';
export const MAILBOXES_SETTING = 'ingest.imap.mailboxes';
const progressKey = (key: string) => `ingest.imap.progress:${key}`;

/** A mailbox synced continuously (the password is read from the environment variable, never stored). */
export interface MailboxSetting {
  url: string;
  passwordEnv: string;
  everyMinutes: number;
}

export interface MailboxSyncResult {
  mailbox: string;
  /** Messages read in this run. */
  read: number;
  /** Results of the messages ingested (duplicates included, marked). */
  files: IngestFileResult[];
  /** Messages that could not be read, naming their UID. */
  errors: string[];
  lastUid: number;
  /** Whether messages are left for a next run (the run's cap was reached). */
  more: boolean;
}

export class MailboxSyncService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly ingest: IngestService,
    private readonly read: typeof readMailbox,
  ) {}

  /** Where this workspace got to in this mailbox, or null before its first sync. */
  async progress(ws: string, address: MailboxAddress): Promise<MailboxProgress | null> {
    const v = (await this.storage.settings.get(ws, progressKey(address.key))) as MailboxProgress | undefined;
    return v && typeof v.lastUid === 'number' ? v : null;
  }

  /** Ingests the mailbox's messages after the last one synced (at most `max` of them). */
  async sync(ws: string, address: MailboxAddress, opts: { max?: number; actor?: string | null } = {}): Promise<MailboxSyncResult> {
    const files: IngestFileResult[] = [];
    const errors: string[] = [];
    const { progress, read, more } = await this.read(address, await this.progress(ws, address), async (uid, source, at) => {
      try {
        files.push(...(await this.ingest.ingest(ws, `${address.mailbox}/${uid}.eml`, source, { actor: opts.actor ?? null })));
      } catch (e) {
        // A message the reader refuses is reported and passed; anything else (the database down) stops the sync
        // before its UID is stored, so the next run tries it again.
        if (!(e instanceof CrmError)) throw e;
        errors.push(`UID ${uid}: ${e.message}`);
      }
      await this.storage.settings.set(ws, progressKey(address.key), at, toTimestamp(this.clock.now()));
    }, { max: opts.max });
    await this.storage.settings.set(ws, progressKey(address.key), progress, toTimestamp(this.clock.now()));
    return { mailbox: address.key, read, files, errors, lastUid: progress.lastUid, more };
  }

  /** The mailboxes this workspace syncs continuously. */
  async mailboxes(ws: string): Promise<MailboxSetting[]> {
    return ((await this.storage.settings.get(ws, MAILBOXES_SETTING)) as MailboxSetting[] | undefined) ?? [];
  }

  /** Turns continuous sync of a mailbox on (or changes it) and schedules its first run now. */
  async watch(ws: string, setting: MailboxSetting, parse: (url: string, password?: string) => MailboxAddress): Promise<void> {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(setting.passwordEnv)) throw validationError(`passwordEnv must name an environment variable (got "${setting.passwordEnv}")`, [{ field: 'passwordEnv', message: 'an environment variable name' }]);
    if (!(setting.everyMinutes >= 1 && setting.everyMinutes <= 24 * 60)) throw validationError('everyMinutes must be between 1 and 1440', [{ field: 'everyMinutes', message: 'between 1 and 1440' }]);
    try {
      parse(setting.url, 'placeholder');
    } catch (e) {
      throw validationError((e as Error).message, [{ field: 'url', message: (e as Error).message }]);
    }
    const now = toTimestamp(this.clock.now());
    await this.storage.settings.update(ws, MAILBOXES_SETTING, (current) => {
      const list = ((current as MailboxSetting[] | undefined) ?? []).filter((m) => m.url !== setting.url);
      return { value: [...list, setting], result: undefined };
    }, now);
    await this.storage.jobs.enqueue(MAILBOX_SYNC_QUEUE, [{ workspace_id: ws, entity: 'activity', record_id: setting.url }], now);
  }

  /**
   * Syncs every watched mailbox whose run is due (claimed on the job queue, so one server at a time) and schedules
   * its next run `everyMinutes` later; a failed run is retried then too, keeping the error on the job.
   */
  async runDue(worker: string, parse: (url: string, password?: string) => MailboxAddress, env: NodeJS.ProcessEnv = process.env): Promise<MailboxSyncResult[]> {
    const now = this.clock.now();
    const claimed = await this.storage.jobs.claim(MAILBOX_SYNC_QUEUE, worker, 10, toTimestamp(now), new Date(now.getTime() + 10 * 60_000).toISOString());
    const results: MailboxSyncResult[] = [];
    for (const job of claimed) {
      const setting = (await this.mailboxes(job.workspace_id)).find((m) => m.url === job.record_id);
      if (!setting) {
        await this.storage.jobs.complete([job]); // no longer watched
        continue;
      }
      const next = new Date(now.getTime() + setting.everyMinutes * 60_000).toISOString();
      try {
        results.push(await this.sync(job.workspace_id, parse(setting.url, env[setting.passwordEnv]), { max: 500 }));
        await this.storage.jobs.complete([job]);
        await this.storage.jobs.enqueue(MAILBOX_SYNC_QUEUE, [{ workspace_id: job.workspace_id, entity: job.entity, record_id: job.record_id }], next);
      } catch (e) {
        await this.storage.jobs.fail(job, (e as Error).message, next);
      }
    }
    return results;
  }
}
