/** Mailboxes (.mbox, mboxrd/mboxo): each message becomes an e-mail as if uploaded alone. */
import { decodeText } from './sample.js';
import { looksLikeMessage, parseMessage } from './email.ingester.js';
import type { Extraction, Ingester } from './types.js';

/** The "From " separator line opening each message of an mbox. */
const SEPARATOR = /^From \S+.*$/m;

export function splitMbox(text: string): string[] {
  return text
    .split(/^From \S[^\n]*\n/m)
    .map((m) => m.replace(/^>(>*From )/gm, '$1'))
    .filter((m) => m.trim().length > 0);
}

export const mboxIngester: Ingester = {
  kind: 'mbox',
  isolate: { module: import.meta.url, name: 'mboxIngester' },
  detect: (s) => (!s.bytes.includes(0) && SEPARATOR.test(s.head.split('\n', 1)[0]!) && looksLikeMessage(s.head.slice(s.head.indexOf('\n') + 1)) ? 0.95 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const messages = splitMbox(decodeText(bytes));
    const warnings: string[] = [];
    if (messages.length > ctx.limits.maxMessages) warnings.push(`only the first ${ctx.limits.maxMessages} of ${messages.length} messages were read`);
    const items = [];
    for (const [i, m] of messages.slice(0, ctx.limits.maxMessages).entries()) {
      try {
        items.push(await parseMessage(new TextEncoder().encode(m), ctx));
      } catch (e) {
        warnings.push(`message ${i + 1}: ${(e as Error).message}`);
      }
    }
    return { items, warnings };
  },
};
