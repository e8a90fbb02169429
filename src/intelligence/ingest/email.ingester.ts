/** E-mail (.eml, RFC 5322): an email activity with sender and recipients, its Message-ID, attachments to ingest in turn. */
import { simpleParser, type AddressObject } from 'mailparser';
import { convert } from 'html-to-text';
import { personFromAddress } from './people.js';
import { IngestFileError, type ExtractContext, type ExtractedItem, type ExtractedPerson, type Extraction, type Ingester, type PersonRole } from './types.js';

const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:[^\n]*\r?\n/;
const HEADER_BLOCK = /^(?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)+/;

/** Whether text opens with an RFC 5322 header block naming a sender and a subject, date or Message-ID. */
export function looksLikeMessage(head: string): boolean {
  if (!HEADER_LINE.test(head)) return false;
  const block = head.match(HEADER_BLOCK)?.[0] ?? '';
  return /^from:/im.test(block) && /^(subject|date|message-id|to):/im.test(block);
}

function addresses(role: PersonRole, value: AddressObject | AddressObject[] | undefined): ExtractedPerson[] {
  const out: ExtractedPerson[] = [];
  for (const group of [value ?? []].flat()) {
    for (const a of group.value) {
      const members = a.group ?? [a];
      for (const m of members) {
        const p = m.address ? personFromAddress(role, m.name ? `${m.name} <${m.address}>` : m.address) : null;
        if (p) out.push(p);
      }
    }
  }
  return out;
}

/** One message's bytes → its item (shared with mbox). */
export async function parseMessage(bytes: Uint8Array, ctx: ExtractContext): Promise<ExtractedItem> {
  let mail;
  try {
    mail = await simpleParser(Buffer.from(bytes), { skipImageLinks: true, skipTextToHtml: true });
  } catch (e) {
    throw new IngestFileError(`not a readable e-mail (${(e as Error).message})`);
  }
  const body = (mail.text?.trim() || (mail.html ? convert(mail.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }) : '')).trim();
  const occurredAt = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : ctx.now;
  return {
    activity: { type: 'email', subject: mail.subject?.trim() || '(no subject)', body, occurredAt },
    people: [...addresses('from', mail.from), ...addresses('to', mail.to), ...addresses('cc', mail.cc)],
    createContacts: false,
    messageId: mail.messageId?.replace(/^<|>$/g, '') || undefined,
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.contentType.startsWith('image/'))
      .map((a, i) => ({ name: a.filename || `attachment-${i + 1}`, bytes: new Uint8Array(a.content) })),
  };
}

export const emailIngester: Ingester = {
  kind: 'email',
  isolate: { module: import.meta.url, name: 'emailIngester' },
  detect: (s) => (!s.bytes.includes(0) && !s.head.startsWith('From ') && looksLikeMessage(s.head) ? 0.9 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    return { items: [await parseMessage(bytes, ctx)], warnings: [] };
  },
};
