/** vCards (.vcf, one or many cards): each card a contact — created, or the known one updated with a new phone or e-mail. */
import ICAL from 'ical.js';
import { documentItem } from './document.js';
import { person } from './people.js';
import { decodeText } from './sample.js';
import { IngestFileError, type ExtractedPerson, type Extraction, type Ingester } from './types.js';

const text = (v: unknown): string => (Array.isArray(v) ? v.filter(Boolean).join(' ') : v == null ? '' : String(v)).trim();

export function cardPerson(card: ICAL.Component): ExtractedPerson {
  const n = card.getFirstPropertyValue('n') as unknown;
  const [last, first] = Array.isArray(n) ? n.map((x) => text(x)) : [];
  const url = text(card.getFirstPropertyValue('url'));
  return person('card', {
    name: text(card.getFirstPropertyValue('fn')) || undefined,
    firstName: first || undefined,
    lastName: last || undefined,
    emails: card.getAllProperties('email').map((p) => text(p.getFirstValue()).replace(/^mailto:/i, '')),
    phones: card.getAllProperties('tel').map((p) => text(p.getFirstValue()).replace(/^tel:/i, '')),
    title: text(card.getFirstPropertyValue('title')) || undefined,
    company: text(card.getFirstPropertyValue('org')).split(';')[0]?.trim() || undefined,
    domain: url ? url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/.*$/, '').toLowerCase() : undefined,
  });
}

export const vcardIngester: Ingester = {
  kind: 'vcard',
  isolate: { module: import.meta.url, name: 'vcardIngester' },
  detect: (s) => (s.isText && /^\s*BEGIN:VCARD\b/i.test(s.head) ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const raw = decodeText(bytes);
    let parsed: unknown;
    try {
      parsed = ICAL.parse(raw);
    } catch (e) {
      throw new IngestFileError(`not a readable vCard (${(e as Error).message})`);
    }
    const jcards = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : (parsed as unknown[])) as unknown[];
    const people = jcards.map((j) => cardPerson(new ICAL.Component(j as any)));
    const described = people.map((p) => [p.name, p.title, p.company, ...p.emails, ...p.phones].filter(Boolean).join(', '));
    const title = people.length === 1 ? `Business card: ${people[0]!.name ?? people[0]!.emails[0] ?? 'unnamed'}` : `Business cards (${people.length})`;
    return { items: [documentItem(described.join('\n'), ctx, { title, people, createContacts: true })], warnings: [] };
  },
};
