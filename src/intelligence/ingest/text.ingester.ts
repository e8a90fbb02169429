/** Plain text and Markdown: a document note; "Name: … / Email: …" lines (a form pasted as text) also bring a lead. */
import { documentItem } from './document.js';
import { labelledLines, personFromFields } from './people.js';
import { decodeText } from './sample.js';
import type { Extraction, Ingester } from './types.js';

export const textIngester: Ingester = {
  kind: 'text',
  // The fallback of every text: any more specific reader wins.
  detect: (s) => (s.isText ? 0.1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const text = decodeText(bytes).replace(/\r\n/g, '\n').trim();
    const lead = personFromFields(labelledLines(text));
    return { items: [documentItem(text, ctx, { people: lead ? [lead] : [], createContacts: lead !== null })], warnings: text ? [] : ['the file is empty'] };
  },
};
