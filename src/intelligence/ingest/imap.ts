/**
 * Reads a mailbox over IMAP with `imapflow`: the messages whose UID is above the last one seen, oldest first,
 * as raw RFC 822 bytes (each then ingested as an .eml). UIDs only grow within one UIDVALIDITY; when the server
 * changes UIDVALIDITY (a mailbox recreated) reading starts again from the beginning — the ingest service's
 * Message-ID dedupe keeps messages seen before from being written twice.
 */
import { ImapFlow } from 'imapflow';

export interface MailboxAddress {
  host: string;
  port: number;
  /** TLS from the start (imaps://); imap:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** The address without the password: the key progress is stored under. */
  key: string;
}

/** `imap://user[:password]@host[:port]/MAILBOX` (or imaps://); the password may be given apart (an env var). */
export function parseImapUrl(url: string, password?: string): MailboxAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not an IMAP address: ${url} (expected imap://user@host/INBOX)`);
  }
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') throw new Error(`not an IMAP address: ${url} (expected imap:// or imaps://)`);
  if (!u.hostname || !u.username) throw new Error(`an IMAP address needs a user and a host: ${url} (expected imap://user@host/INBOX)`);
  const secure = u.protocol === 'imaps:';
  const pass = password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  if (!pass) throw new Error(`no password for ${decodeURIComponent(u.username)}@${u.hostname} (put it in CRM_IMAP_PASSWORD)`);
  const mailbox = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX';
  const port = u.port ? Number(u.port) : secure ? 993 : 143;
  const user = decodeURIComponent(u.username);
  return { host: u.hostname, port, secure, user, password: pass, mailbox, key: `${u.protocol}//${encodeURIComponent(user)}@${u.hostname}:${port}/${mailbox}` };
}

/** Where reading a mailbox got to. */
export interface MailboxProgress {
  uidValidity: string;
  lastUid: number;
}

/**
 * Calls `onMessage` for each message after `since`, in UID order, at most `max` of them; `onMessage` stores
 * progress itself (so an interrupted read resumes after the last message handled). Returns where it got to.
 */
export async function readMailbox(
  address: MailboxAddress,
  since: MailboxProgress | null,
  onMessage: (uid: number, source: Uint8Array, progress: MailboxProgress) => Promise<void>,
  opts: { max?: number; timeoutMs?: number } = {},
): Promise<{ progress: MailboxProgress; read: number; more: boolean }> {
  const client = new ImapFlow({
    host: address.host,
    port: address.port,
    secure: address.secure,
    auth: { user: address.user, pass: address.password },
    logger: false,
    connectionTimeout: opts.timeoutMs ?? 30_000,
    socketTimeout: opts.timeoutMs ?? 60_000,
  });
  client.on('error', () => undefined); // reported through the awaited calls
  await client.connect();
  try {
    const lock = await client.getMailboxLock(address.mailbox, { readOnly: true });
    try {
      const status = client.mailbox === false ? null : client.mailbox;
      if (!status) throw new Error(`mailbox ${address.mailbox} could not be opened`);
      const uidValidity = String(status.uidValidity);
      const from = since && since.uidValidity === uidValidity ? since.lastUid : 0;
      let progress: MailboxProgress = { uidValidity, lastUid: from };
      // UIDs first (cheap), then each message's source one by one: a large mailbox never sits in memory whole.
      const uids = ((await client.search({ uid: `${from + 1}:*` }, { uid: true })) || []).filter((u) => u > from).sort((a, b) => a - b);
      const max = opts.max ?? Infinity;
      let read = 0;
      for (const uid of uids) {
        if (read >= max) break;
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        progress = { uidValidity, lastUid: uid };
        if (message && message.source) await onMessage(uid, new Uint8Array(message.source), progress);
        read++;
      }
      return { progress, read, more: uids.length > read };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
