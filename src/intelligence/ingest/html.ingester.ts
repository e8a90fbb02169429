/**
 * HTML pages (web-form notifications, newsletters, saved pages): a document note with the readable text; a form
 * whose fields name a person (e-mail and name) also brings that person in as a lead.
 */
import { convert } from 'html-to-text';
import { documentItem } from './document.js';
import { labelledLines, personFromFields } from './people.js';
import { decodeText, xmlText } from './sample.js';
import type { Extraction, Ingester } from './types.js';

const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype html|html|head|body)\b/i;

/** Label/value pairs of tables (<tr><td>label</td><td>value</td></tr>), definition lists and filled inputs. */
export function formFields(html: string): [string, string][] {
  const clean = (s: string) => xmlText(s, /<br\s*\/?>/gi).replace(/\s+/g, ' ').replace(/:$/, '').trim();
  const pairs: [string, string][] = [];
  for (const m of html.matchAll(/<tr[^>]*>\s*<t[hd][^>]*>([\s\S]*?)<\/t[hd]>\s*<td[^>]*>([\s\S]*?)<\/td>\s*<\/tr>/gi)) pairs.push([clean(m[1]!), clean(m[2]!)]);
  for (const m of html.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/gi)) pairs.push([clean(m[1]!), clean(m[2]!)]);
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = m[0].match(/\bname\s*=\s*["']([^"']+)["']/i)?.[1];
    const value = m[0].match(/\bvalue\s*=\s*["']([^"']*)["']/i)?.[1];
    if (name && value) pairs.push([name.replace(/[_-]+/g, ' '), value]);
  }
  return pairs.filter(([l, v]) => l && v);
}

export const htmlIngester: Ingester = {
  kind: 'html',
  isolate: { module: import.meta.url, name: 'htmlIngester' },
  detect: (s) => (s.isText && HTML_START.test(s.head) ? 0.9 : s.isText && /^\s*</.test(s.head) && /<\/(?:p|div|table|form)>/i.test(s.head) ? 0.5 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const html = decodeText(bytes);
    const text = convert(html, {
      wordwrap: false,
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'table', format: 'dataTable', options: { colSpacing: 2 } },
        ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((h) => ({ selector: h, options: { uppercase: false } })),
      ],
    }).replace(/\n{3,}/g, '\n\n').trim();
    const title = xmlText(html.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '', /$^/) || null;
    const lead = personFromFields(formFields(html)) ?? personFromFields(labelledLines(text));
    return { items: [documentItem(text, ctx, { title, people: lead ? [lead] : [], createContacts: lead !== null })], warnings: [] };
  },
};
